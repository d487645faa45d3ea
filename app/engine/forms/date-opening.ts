// Where an empty date field's picker opens: by default the current month, which is far from a date that
// lies decades back (a birth date). A definition says `"ui:options": {"openYearsAgo": 45}` on a date
// field and its picker opens that many years before today until the field holds a value (then at the
// value). Browser-safe: the date widget and the definition checker share it.

/** The largest `openYearsAgo` a definition may give. */
export const OPEN_YEARS_AGO_MAX = 150;

/** Whether `v` is a valid `openYearsAgo`: a whole number of years from 0 to OPEN_YEARS_AGO_MAX. */
export const isOpenYearsAgo = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= OPEN_YEARS_AGO_MAX;

/**
 * The month (as its first day, YYYY-MM-DD) an empty picker opens at: `today`'s month `openYearsAgo`
 * years back, read from a widget's options. Null when the options give no valid `openYearsAgo` or
 * `today` is not a YYYY-MM-DD date: the picker then opens where it always does.
 */
export function pickerOpeningDate(options: unknown, today: string): string | null {
  const years = typeof options === "object" && options !== null ? (options as Record<string, unknown>).openYearsAgo : undefined;
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!isOpenYearsAgo(years) || !m) return null;
  return `${String(Number(m[1]) - years).padStart(4, "0")}-${m[2]}-01`;
}
