// The national calendar: statutory holidays and 调休 make-up working days as the State Council publishes
// them, from the maintained `chinese-days` package (docs/decisions/0013-working-day-calendar.md).
//
// We read the package's published data file (dist/chinese-days.json, the same tables its functions use,
// documented in its README for non-JS users) rather than calling isWorkday/getDayDetail: in chinese-days
// 1.5.7 those functions build and read their tables with the process's local time zone, and measured
// under TZ=America/New_York 369 of the 8,766 days of 2004–2027 come out wrong (2004-01-01 元旦 reported as
// a working Thursday). Our servers need not run in Asia/Shanghai, so weekdays are computed here in UTC.
import { createRequire } from "node:module";
import { isWeekend, yearOf } from "./dates";

type PackageData = { holidays: Record<string, string>; workdays: Record<string, string> };
const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as PackageData;

/** Years the package has the State Council's arrangement for: those with at least one holiday in its data. */
const publishedYears: ReadonlySet<number> = new Set(Object.keys(data.holidays).map(yearOf));

/** Whether the package has the national arrangement of `year` (else dates in it are 暂定). */
export const hasNationalData = (year: number) => publishedYears.has(year);

/** The years with national data, ascending (e.g. 2004 … 2026 for chinese-days 1.5.7). */
export const nationalDataYears = (): number[] => [...publishedYears].sort((a, b) => a - b);

/** The package stores "National Day,国庆节,3" (English, Chinese, length): the Chinese name. */
const chineseName = (entry: string) => entry.split(",")[1] ?? entry;

/**
 * The national answer for one `YYYY-MM-DD` date:
 * - `holiday`: a statutory day off (放假, weekend days inside a holiday included), `name` e.g. 国庆节;
 * - `makeup`: a weekend day declared a working day (调休补班), `name` the holiday it pays for;
 * - `weekend` / `weekday`: an ordinary Saturday–Sunday / Monday–Friday.
 * `provisional`: the package has no data for that year, so the answer is plain Mon–Fri (暂定).
 * The caller passes a valid date (see dates.ts); a malformed one throws RangeError.
 */
export type NationalDay = { date: string; working: boolean; kind: "holiday" | "makeup" | "weekend" | "weekday"; name?: string; provisional: boolean };

export function nationalDay(date: string): NationalDay {
  const provisional = !hasNationalData(yearOf(date));
  const makeup = data.workdays[date];
  if (makeup) return { date, working: true, kind: "makeup", name: chineseName(makeup), provisional };
  const holiday = data.holidays[date];
  if (holiday) return { date, working: false, kind: "holiday", name: chineseName(holiday), provisional };
  return isWeekend(date) ? { date, working: false, kind: "weekend", provisional } : { date, working: true, kind: "weekday", provisional };
}

/** The published holidays and make-up days of `year`, by date ascending (empty for a year without data). */
export function nationalArrangement(year: number): NationalDay[] {
  const prefix = `${year}-`;
  const dates = [...Object.keys(data.holidays), ...Object.keys(data.workdays)].filter((d) => d.startsWith(prefix));
  return [...new Set(dates)].sort().map(nationalDay);
}
