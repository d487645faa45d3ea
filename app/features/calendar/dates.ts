// Calendar dates as `YYYY-MM-DD` strings (days in Asia/Shanghai, UTC+8 without daylight saving), with
// arithmetic done on UTC day numbers so the answer never depends on the server's own time zone.

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first and last years a calendar date may have here (typing errors like 0205 or 20255 are refused). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Days since 1970-01-01 of a strict `YYYY-MM-DD` calendar date; null when malformed or not a real date
 * (2025-02-30). Pure arithmetic (H. Hinnant's days_from_civil), no Date objects: this runs for every day
 * a deadline counts over.
 */
export function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1])) return null;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` of a day number (inverse of dayNumber; H. Hinnant's civil_from_days). */
export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Whether `date` is a strict `YYYY-MM-DD` real date between FIRST_YEAR and LAST_YEAR. */
export function isCalendarDate(date: string): boolean {
  const n = dayNumber(date);
  return n !== null && yearOf(date) >= FIRST_YEAR && yearOf(date) <= LAST_YEAR;
}

/** The date `k` days after (k < 0: before) `date`. Throws RangeError on a malformed date. */
export function addDays(date: string, k: number): string {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return fromDayNumber(n + k);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. Throws RangeError on a malformed date. */
export function weekday(date: string): number {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Saturday or Sunday. Throws RangeError on a malformed date. */
export const isWeekend = (date: string) => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

const WEEKDAY_LABEL = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
/** 周一 … 周日, as the notices write it. */
export const weekdayLabel = (date: string) => WEEKDAY_LABEL[weekday(date)];

/** The year of a `YYYY-MM-DD` date (not validated). */
export const yearOf = (date: string) => Number(date.slice(0, 4));

/** The Asia/Shanghai calendar date of an instant (ms since epoch). */
export function shanghaiDate(ms: number): string {
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The last millisecond (23:59:59.999 Asia/Shanghai) of `date`, as ms since epoch. Throws RangeError on a malformed date. */
export function endOfShanghaiDay(date: string): number {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return (n + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;
}
