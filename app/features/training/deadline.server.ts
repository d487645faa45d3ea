// The payment deadline of an enrolment: the end of the Nth working day after a moment, in Beijing time
// (manual 三: "可在 2 个工作日进行缴费"; N is the batch's setting). Working days come from the national
// calendar (chinese-days: holidays and 调休 make-up days); a year the package has no data for is counted
// Mon–Fri and the deadline is provisional (暂定).
// The package is CommonJS (a UMD bundle): Node's ESM loader sees only its default export.
import chineseDays from "chinese-days";
import { DAY, HOUR } from "~/utils/clock.server";

export type Deadline = {
  /** YYYY-MM-DD (Asia/Shanghai) of the last day to pay. */
  date: string;
  /** Epoch ms: the end of that day, 23:59:59.999 Beijing time. */
  endsAt: number;
  /** True when a counted day lies in a year without a published calendar. */
  provisional: boolean;
};

const OFFSET = 8 * HOUR;
const dayOf = (ms: number) => new Date(Math.floor((ms + OFFSET) / DAY) * DAY).toISOString().slice(0, 10);
const publishedYears = new Map<number, boolean>();
/** Whether the package holds the State Council's schedule for `year` (it lists holidays for such years). */
function published(year: number): boolean {
  let p = publishedYears.get(year);
  if (p === undefined) publishedYears.set(year, (p = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0));
  return p;
}

/**
 * The end of the `n`th working day after `from` (epoch ms; counting starts the next Beijing day).
 * `n` is a whole number ≥ 1 (throws RangeError otherwise).
 */
export function workingDayDeadline(from: number, n: number): Deadline {
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new RangeError(`working days must be 1..3650, got ${n}`);
  let day = Math.floor((from + OFFSET) / DAY) * DAY; // midnight UTC of the Beijing date, as a calendar day
  let provisional = false;
  for (let left = n; left > 0; ) {
    day += DAY;
    const date = new Date(day).toISOString().slice(0, 10);
    const year = Number(date.slice(0, 4));
    const known = published(year);
    if (!known) provisional = true;
    const weekday = new Date(day).getUTCDay();
    if (known ? chineseDays.isWorkday(date) : weekday >= 1 && weekday <= 5) left--;
  }
  return { date: dayOf(day - OFFSET), endsAt: day - OFFSET + DAY - 1, provisional };
}
