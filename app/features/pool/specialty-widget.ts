// The 专业 picker's registration (components/form/widgets/specialty-widget draws it): its entry in the
// form designer's palette — the value 变更申报专业 and 基本信息 store (1–3 专业 by catalog code, one of
// them the main one) — and its property form: how many 专业 may or must be chosen. Browser-safe data.
import type { WidgetRegistration } from "~/engine/forms/widget-palette";

/** At most this many 专业 per person (the picker's own limit). */
const MAX_SPECIALTIES = 5;

export const SPECIALTY_WIDGET: WidgetRegistration = {
  palette: {
    label: "专业",
    schema: {
      type: "array", minItems: 1, maxItems: 3,
      items: { type: "object", title: "专业", properties: { code: { type: "string", title: "专业代码", maxLength: 32, minLength: 1 }, main: { type: "boolean", title: "主专业" } }, required: ["code"] },
    },
    settings: {
      schema: {
        type: "object",
        properties: {
          minItems: { type: "integer", title: "至少选择几个专业", minimum: 0, maximum: MAX_SPECIALTIES },
          maxItems: { type: "integer", title: "最多选择几个专业", minimum: 1, maximum: MAX_SPECIALTIES },
        },
      },
      at: { minItems: "/schema/minItems", maxItems: "/schema/maxItems" },
    },
  },
};
