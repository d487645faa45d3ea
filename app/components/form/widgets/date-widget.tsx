// A date as "YYYY-MM-DD" through antd's DatePicker (zh_CN from the ConfigProvider; typing works too).
//
// The picker commits typed text only on Enter or when the field is left, which comes too late for a click
// on 暂存 right after typing: the click handler runs first and the date was lost (issue 14 §6). So every
// date typed in full and not yet committed is remembered here, and a save commits them first
// (`commitTypedDates`). Committing while the person types instead would re-render the open picker and
// change how Enter behaves.
import { useEffect } from "react";
import type { FormEvent } from "react";
import { DatePicker } from "antd";
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";

dayjs.extend(customParseFormat);

const FORMAT = "YYYY-MM-DD";

/** The typed text as a date value, when it is a whole, real date in FORMAT (2025-02-30 is not); else null. */
export function typedDate(text: string): string | null {
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) && dayjs(t, FORMAT, true).isValid() ? t : null;
}

/** Dates typed in full but not yet committed by their picker: widget id → its commit. */
const uncommitted = new Map<string, () => void>();

/**
 * Commits every date typed but not yet committed (the form's onChange runs for each). Returns whether
 * there was any: the caller then reads the form's data after React has applied them (a task later).
 */
export function commitTypedDates(): boolean {
  if (!uncommitted.size) return false;
  const commits = [...uncommitted.values()];
  uncommitted.clear();
  for (const commit of commits) commit();
  return true;
}

/** Whether a date has been typed and not yet committed (input a page must not lose on leaving). */
export const hasTypedDates = () => uncommitted.size > 0;

export function DateWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, rawErrors }: WidgetProps) {
  const parsed = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  const typed = (e: FormEvent<HTMLDivElement>) => {
    const date = e.target instanceof HTMLInputElement ? typedDate(e.target.value) : null;
    if (date && date !== value) uncommitted.set(id, () => onChange(date));
    else uncommitted.delete(id);
  };
  useEffect(() => () => void uncommitted.delete(id), [id]);
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
        onChange={(d) => {
          uncommitted.delete(id);
          onChange(d ? d.format(FORMAT) : undefined);
        }}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
        style={{ width: "100%" }}
      />
    </div>
  );
}
