// The pure core of the working-day calendar: how a day is decided (regional row over national answer)
// and how "the Nth working day after a date" is counted. No database, no clock: the national answer and
// the regional rows come in as arguments, so tests can hand in any layer they like.
import { addDays } from "./dates";

/** The region-group key meaning the whole Xinjiang Uygur Autonomous Region (every 地州 of the catalog). */
export const REGION_ALL = "新疆";

export type DayKind = "off" | "work";
export const DAY_KIND_LABEL: Record<DayKind, string> = { off: "放假", work: "补班" };

/** One row of the regional layer: in `region` (a catalog name, or REGION_ALL) `date` is off or a working day. */
export type RegionalDay = { region: string; date: string; kind: DayKind; name: string };
/** Longest name (e.g. 古尔邦节) and source (the notice cited) of a regional row, in characters. */
export const NAME_MAX = 20;
export const SOURCE_MAX = 500;

/** The national answer for a date (national-days.server.ts supplies it). */
export type NationalAnswer = { working: boolean; name?: string; provisional: boolean };

/**
 * The answer for one date: `working`, a `name` when a holiday, make-up day or regional day decides it,
 * `provisional` when it rests on Mon–Fri only (a year without national data and no regional row), and
 * the regional row that decided it, if any.
 */
export type DayAnswer = { date: string; working: boolean; name?: string; provisional: boolean; regional?: RegionalDay };

/**
 * The regional rows that apply to an expert or deadline of `region`, by date: the 地州's own rows win
 * over REGION_ALL rows of the same date. `region` undefined (or REGION_ALL) → the REGION_ALL rows only:
 * everyone this system serves is in Xinjiang, so the autonomous region's days apply to everyone.
 */
export function regionalOverrides(rows: Iterable<RegionalDay>, region?: string): Map<string, RegionalDay> {
  const out = new Map<string, RegionalDay>();
  const own = region && region !== REGION_ALL ? region : null;
  for (const row of rows) {
    if (row.region === REGION_ALL && !out.has(row.date)) out.set(row.date, row);
    else if (own && row.region === own) out.set(row.date, row);
  }
  return out;
}

/**
 * Decides a date: a regional row, when one applies, overrides the national answer (放假 makes any day
 * off, 补班 makes any day working) and is not provisional — the regional notice itself says so. Otherwise
 * the national answer stands, provisional or not.
 */
export function decideDay(date: string, national: NationalAnswer, regional: RegionalDay | undefined): DayAnswer {
  if (regional) return { date, working: regional.kind === "work", name: regional.name, provisional: false, regional };
  return { date, working: national.working, ...(national.name ? { name: national.name } : {}), provisional: national.provisional };
}

/** How far the counting looks before giving up (an administrator could, in theory, mark years off). */
export const MAX_SCAN_DAYS = 3660;

/**
 * The `n`th working day after `startDate` (a `YYYY-MM-DD` date): counting starts the day after, so n = 1
 * is the first working day strictly after it. `provisional` is true when any day looked at on the way
 * (working or not) was provisional: a later national notice could move that day and so the answer.
 * Throws RangeError unless n is an integer 1 … 1000, or when no answer lies within MAX_SCAN_DAYS.
 */
export function nthWorkingDayAfter(startDate: string, n: number, dayOf: (date: string) => DayAnswer): { date: string; provisional: boolean } {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`n must be an integer from 1 to 1000, got ${n}`);
  let provisional = false;
  let left = n;
  for (let i = 1; i <= MAX_SCAN_DAYS; i++) {
    const date = addDays(startDate, i);
    const day = dayOf(date);
    provisional ||= day.provisional;
    if (day.working && --left === 0) return { date, provisional };
  }
  throw new RangeError(`no ${n}th working day within ${MAX_SCAN_DAYS} days after ${startDate}`);
}
