// The one clock of the server. Tests move it forward (lockout release, code expiry) without sleeping;
// the override is honoured only when the test runner sets TEST_CLOCK=1.
const g = globalThis as { __clockOffsetMs?: number };
const fakeable = process.env.TEST_CLOCK === "1";

export function now(): number {
  return fakeable ? Date.now() + (g.__clockOffsetMs ?? 0) : Date.now();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Start of the current day in Asia/Shanghai (UTC+8, no DST), for daily caps. */
export function startOfShanghaiDay(t = now()): number {
  const offset = 8 * HOUR;
  return Math.floor((t + offset) / DAY) * DAY - offset;
}
