// A date as "YYYY-MM-DD" through antd's DatePicker (zh_CN from the ConfigProvider). Typing works in the
// spellings people use (issue 14 §5): `1968/5/17`, `1968.5.17`, `19680517`, `1968年5月17日`, full-width
// digits. The picker itself parses only the display format YYYY-MM-DD: given several formats it committed
// a prefix of the typing that happened to be a date ("1968年5月1" → 1968-05-01 while 17 was still being
// typed), and on a busy machine that value's re-render overwrote the rest of the typing. Every other
// spelling goes through normalizeDate, the server's own step, on Enter and when the field is left, so
// what was typed is kept, never lost.
//
// The picker commits typed text only on Enter or when the field is left, which comes too late for a click
// on 暂存 right after typing: the click handler runs first and the date was lost (issue 14 §6). So every
// date typed in full and not yet committed is remembered here, and a save commits them first
// (`commitTypedDates`). Committing while the person types instead would re-render the open picker and
// change how Enter behaves.
import { useEffect } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import DatePicker from "antd/es/date-picker/index.js";
import dayjs from "dayjs";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import { DATE_INPUT_FORMATS, isIsoDate, normalizeDate } from "~/engine/forms/formats";
import { pickerOpeningDate } from "~/engine/forms/date-opening";

/** The one format the picker shows and parses (the others are read by normalizeDate). */
const FORMAT = DATE_INPUT_FORMATS[0];

/** The typed text as a date value (YYYY-MM-DD), in any spelling normalizeDate reads, when it is a real date; else null. */
export function typedDate(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const iso = normalizeDate(t);
  return isIsoDate(iso) ? iso : null;
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

export function DateWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, rawErrors, options }: WidgetProps) {
  const parsed = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  const shown = parsed && parsed.isValid() ? parsed : null;
  // An empty field opens where the definition says (`openYearsAgo`); one with a value opens at the value
  // (antd lets defaultPickerValue win over the value on the first opening, so it is given only when empty).
  const opening = shown ? null : pickerOpeningDate(options, dayjs().format(FORMAT));
  const typed = (e: FormEvent<HTMLDivElement>) => {
    const date = e.target instanceof HTMLInputElement ? typedDate(e.target.value) : null;
    if (date && date !== value) uncommitted.set(id, () => onChange(date));
    else uncommitted.delete(id);
  };
  /** Enter on a date the picker cannot read (another spelling): commit it as the picker would its own. */
  const entered = (e: KeyboardEvent<HTMLDivElement>) => {
    const date = e.key === "Enter" && e.target instanceof HTMLInputElement ? typedDate(e.target.value) : null;
    if (!date) return;
    uncommitted.delete(id);
    if (date !== value) onChange(date);
  };
  useEffect(() => () => void uncommitted.delete(id), [id]);
  return (
    <div className="date-widget" onInputCapture={typed} onKeyDownCapture={entered}>
      <DatePicker
        id={id}
        value={shown}
        defaultPickerValue={opening ? dayjs(opening, FORMAT) : undefined}
        format={FORMAT}
        placeholder={placeholder || "请选择或输入日期，如 1968-05-17"}
        disabled={disabled || readonly}
        status={rawErrors?.length ? "error" : undefined}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(d) => {
          uncommitted.delete(id);
          onChange(d ? d.format(FORMAT) : undefined);
        }}
        onBlur={(e) => {
          // Text the picker could not parse (it resets it after this event): keep it, in canonical spelling.
          const text = (e.target as HTMLInputElement | null)?.value ?? "";
          const iso = text ? normalizeDate(text) : "";
          if (iso && iso !== value && isIsoDate(iso)) onChange(iso);
          onBlur(id, iso && isIsoDate(iso) ? iso : value);
        }}
        onFocus={() => onFocus(id, value)}
        style={{ width: "100%" }}
      />
    </div>
  );
}
