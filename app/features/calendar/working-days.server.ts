// Working days (SPEC §4 "Working days"; issue 15): weekends and national holidays are off, 调休 make-up
// days are working (national data: chinese-days), a regional layer an administrator keeps overrides both
// for its region (Xinjiang's 肉孜节, 古尔邦节), and dates in a year without published national data are
// counted Mon–Fri and flagged provisional (暂定). The one question callers ask: "the Nth working day
// after T". See docs/decisions/0013-working-day-calendar.md.
import { endOfShanghaiDay, isCalendarDate, shanghaiDate } from "./dates";
import { decideDay, nthWorkingDayAfter, regionalOverrides, type DayAnswer, type RegionalDay } from "./day-rules";
import { nationalDay } from "./national-days.server";
import { regionalLayer } from "./regional-days.server";

export type CalendarOptions = {
  /** The expert's or batch's region: a regions catalog name (e.g. 喀什地区). Omitted: the whole-Xinjiang (新疆) rows only. */
  region?: string;
};

export type Deadline = {
  /** The deadline's calendar date, YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  /** The deadline's last instant: 23:59:59.999 Asia/Shanghai of `date`, ms since epoch. */
  endsAt: number;
  /** True when any day counted lies in a year without published national data (show as 暂定). */
  provisional: boolean;
};

/**
 * A synchronous calendar for one region over the given regional rows: for callers that decide many
 * dates at once (one layer read for a whole list), and for tests that hand in a layer of their own.
 */
export function calendarFor(rows: Iterable<RegionalDay>, region?: string) {
  const overrides = regionalOverrides(rows, region);
  const dayOf = (date: string): DayAnswer => decideDay(date, nationalDay(date), overrides.get(date));
  return {
    /** One date's answer; throws RangeError unless `date` is a valid YYYY-MM-DD between 2000 and 2100. */
    day(date: string): DayAnswer {
      if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
      return dayOf(date);
    },
    /**
     * The `n`th working day after instant `from` (ms since epoch): counting starts the day after
     * `from`'s Asia/Shanghai date. Throws RangeError unless n is an integer 1 … 1000 and `from` a finite
     * instant in 2000 … 2100.
     */
    deadline(from: number, n: number): Deadline {
      if (!Number.isFinite(from)) throw new RangeError(`from must be ms since epoch, got ${from}`);
      const start = shanghaiDate(from);
      if (!isCalendarDate(start)) throw new RangeError(`from is outside 2000–2100: ${start}`);
      const r = nthWorkingDayAfter(start, n, dayOf);
      return { date: r.date, endsAt: endOfShanghaiDay(r.date), provisional: r.provisional };
    },
  };
}

export type Calendar = ReturnType<typeof calendarFor>;

/** Calendars built over one copy of the stored layer, by region; dropped with that copy. */
const built = new WeakMap<readonly RegionalDay[], Map<string, Calendar>>();

/** The calendar of `region` as stored now (one version check; the layer and the calendar are cached per process). */
export async function workingDayCalendar(opts: CalendarOptions = {}): Promise<Calendar> {
  const rows = await regionalLayer();
  let byRegion = built.get(rows);
  if (!byRegion) built.set(rows, (byRegion = new Map()));
  const key = opts.region ?? "";
  let cal = byRegion.get(key);
  if (!cal) byRegion.set(key, (cal = calendarFor(rows, opts.region)));
  return cal;
}

/**
 * The `n`th working day after instant `from` for `opts.region` (see CalendarOptions): e.g. the payment
 * window "2 个工作日 after approval" is `workingDayDeadline(approvedAt, 2, { region })`. Counting starts
 * the day after `from`'s Asia/Shanghai date; the result is that day's date and its last millisecond.
 * Throws RangeError unless n is an integer 1 … 1000 and `from` lies in 2000 … 2100.
 */
export async function workingDayDeadline(from: number, n: number, opts: CalendarOptions = {}): Promise<Deadline> {
  return (await workingDayCalendar(opts)).deadline(from, n);
}

/**
 * Whether `date` (YYYY-MM-DD) is a working day in `region` (omitted: whole-Xinjiang rows only), with the
 * name of the holiday, make-up day or regional day that decides it, and `provisional` when it rests on
 * Mon–Fri only. Throws RangeError unless `date` is a valid date between 2000 and 2100.
 */
export async function isWorkingDay(date: string, region?: string): Promise<{ working: boolean; name?: string; provisional: boolean }> {
  const d = (await workingDayCalendar({ region })).day(date);
  return { working: d.working, ...(d.name ? { name: d.name } : {}), provisional: d.provisional };
}
