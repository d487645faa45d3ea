// Failed-login counting per identifier (username or phone, existing or not): 5 failures lock it 15 minutes.
import { db, forUpdate } from "~/utils/db.server";
import { now, MINUTE } from "~/utils/clock.server";

export const MAX_FAILURES = 5;
export const LOCK_DURATION = 15 * MINUTE;

type Row = { key: string; failures: number; locked_until: number | null; updated_at: number };

export const throttleKey = (kind: "u" | "p", id: string) => `${kind}:${id.toLowerCase().slice(0, 70)}`;

export async function isLocked(key: string): Promise<boolean> {
  const row = await db<Row>("login_throttle").where({ key }).first();
  return Boolean(row?.locked_until && row.locked_until > now());
}

/** Counts one failure; returns true when this failure locked the identifier. */
export async function recordFailure(key: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const t = now();
    const row = await forUpdate(trx<Row>("login_throttle").where({ key })).first();
    // A lock that has run out starts a fresh count.
    const base = row && !(row.locked_until && row.locked_until <= t) ? row.failures : 0;
    const failures = base + 1;
    const lock = failures >= MAX_FAILURES;
    const next = { failures: lock ? 0 : failures, locked_until: lock ? t + LOCK_DURATION : null, updated_at: t };
    if (row) await trx("login_throttle").where({ key }).update(next);
    else await trx("login_throttle").insert({ key, ...next });
    return lock;
  });
}

export async function clearFailures(key: string): Promise<void> {
  await db("login_throttle").where({ key }).delete();
}
