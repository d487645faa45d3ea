// The one clock of the server. Tests move it forward (lockout release, code expiry) without sleeping;
// production ignores the override.
const g = globalThis as { __clockOffsetMs?: number };

export function now(): number {
  if (process.env.NODE_ENV === "production") return Date.now();
  return Date.now() + (g.__clockOffsetMs ?? 0);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Start of the current day in Asia/Shanghai (UTC+8, no DST), for daily caps. */
export function startOfShanghaiDay(t = now()): number {
  const offset = 8 * HOUR;
  return Math.floor((t + offset) / DAY) * DAY - offset;
}
