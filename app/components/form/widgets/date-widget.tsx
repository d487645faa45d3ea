// A date as "YYYY-MM-DD" through antd's DatePicker (zh_CN from the ConfigProvider; typing works too).
import { DatePicker } from "antd";
import dayjs from "dayjs";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";

const FORMAT = "YYYY-MM-DD";

export function DateWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, rawErrors }: WidgetProps) {
  const parsed = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      id={id}
      value={parsed && parsed.isValid() ? parsed : null}
      format={FORMAT}
      placeholder={placeholder || "请选择日期"}
      disabled={disabled || readonly}
      status={rawErrors?.length ? "error" : undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(d) => onChange(d ? d.format(FORMAT) : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      style={{ width: "100%" }}
    />
  );
}
