// A date as "YYYY-MM-DD" through antd's DatePicker (zh_CN from the ConfigProvider). Typing works in the
// spellings people use (issue 14 §5): `1968/5/17`, `1968.5.17`, `19680517`, `1968年5月17日`, full-width
// digits. The picker parses DATE_INPUT_FORMATS itself; on blur any text it could not read (and would
// clear) goes through normalizeDate, the server's own step, so what was typed is kept, never lost.
import { DatePicker } from "antd";
import dayjs from "dayjs";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import { DATE_INPUT_FORMATS, isIsoDate, normalizeDate } from "~/engine/forms/formats";

const FORMAT = DATE_INPUT_FORMATS[0];

export function DateWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, rawErrors }: WidgetProps) {
  const parsed = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      id={id}
      value={parsed && parsed.isValid() ? parsed : null}
      format={DATE_INPUT_FORMATS}
      placeholder={placeholder || "请选择或输入日期，如 1968-05-17"}
      disabled={disabled || readonly}
      status={rawErrors?.length ? "error" : undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(d) => onChange(d ? d.format(FORMAT) : undefined)}
      onBlur={(e) => {
        // Text the picker could not parse (it resets it after this event): keep it, in canonical spelling.
        const typed = (e.target as HTMLInputElement | null)?.value ?? "";
        const iso = typed ? normalizeDate(typed) : "";
        if (iso && iso !== value && isIsoDate(iso)) onChange(iso);
        onBlur(id, iso && isIsoDate(iso) ? iso : value);
      }}
      onFocus={() => onFocus(id, value)}
      style={{ width: "100%" }}
    />
  );
}
