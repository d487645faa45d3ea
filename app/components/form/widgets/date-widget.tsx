// A date as "YYYY-MM-DD" through antd's DatePicker (zh_CN from the ConfigProvider; typing works too).
// A typed date counts as soon as it is complete and valid, not only when the picker commits it (on Enter
// or on leaving the field, which comes too late for a click on 暂存 right after typing: issue 14 §6).
import { DatePicker } from "antd";
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import type { FormEvent } from "react";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";

dayjs.extend(customParseFormat);

const FORMAT = "YYYY-MM-DD";

/** The typed text as a date value, when it is a whole, real date in FORMAT (2025-02-30 is not); else null. */
export function typedDate(text: string): string | null {
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) && dayjs(t, FORMAT, true).isValid() ? t : null;
}

export function DateWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, rawErrors }: WidgetProps) {
  const parsed = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  const typed = (e: FormEvent<HTMLDivElement>) => {
    const date = e.target instanceof HTMLInputElement ? typedDate(e.target.value) : null;
    if (date && date !== value) onChange(date);
  };
  return (
    <div className="date-widget" onInputCapture={typed}>
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
    </div>
  );
}
