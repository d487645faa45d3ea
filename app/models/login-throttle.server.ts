// Failed-login limits (decision 0010, issue 14 §3). Per (account, client): 5 failures lock that pair for
// 15 minutes — the failed-login limit MLPS asks for, which a stranger can no longer turn against the owner.
// Per account, over all clients: failures beyond the first few slow every further failed answer down.
// Also a plain per-key attempt counter for other rate limits (registration). All in login_throttle.
import crypto from "node:crypto";
import { db, forUpdate } from "~/utils/db.server";
import { now, MINUTE } from "~/utils/clock.server";

export const MAX_FAILURES = 5;
export const LOCK_DURATION = 15 * MINUTE;
/** Account-wide failures are counted until the account has had this long without one. */
export const ACCOUNT_WINDOW = 15 * MINUTE;
/** Account-wide failures answered at once; each one after these waits longer (see failureDelay). */
export const ACCOUNT_FREE_FAILURES = 5;
export const MAX_DELAY_MS = 3_000;

type Row = { key: string; failures: number; locked_until: number | null; updated_at: number };

/** The rows one login attempt touches: its (account, client) pair and the account. */
export type ThrottleKeys = { pair: string; account: string };

// Keys are hashed: an identifier plus an IP may exceed the column's 80 characters, and the table then
// holds no user names in clear.
const hashKey = (kind: string, ...parts: string[]) => `${kind}:${crypto.createHash("sha256").update(parts.join("\n")).digest("hex")}`;

/**
 * Keys for an attempt on `id` (a user name, kind "u", or a phone, kind "p"; existing or not) from
 * `client` (the client's IP, as the server sees it behind a trusted proxy).
 */
export function throttleKeys(kind: "u" | "p", id: string, client: string): ThrottleKeys {
  const account = id.toLowerCase().slice(0, 70);
  return { pair: hashKey(`${kind}c`, account, client), account: hashKey(`${kind}a`, account) };
}

/** True while this (account, client) pair is locked. */
export async function isLocked(keys: ThrottleKeys): Promise<boolean> {
  const row = await db<Row>("login_throttle").where({ key: keys.pair }).first();
  return Boolean(row?.locked_until && row.locked_until > now());
}

/**
 * How long a failed answer waits, in milliseconds, once the account has had `failures` failures in its
 * window: nothing for the first ACCOUNT_FREE_FAILURES, then 250 ms doubling to MAX_DELAY_MS.
 */
export function failureDelay(failures: number): number {
  const over = failures - ACCOUNT_FREE_FAILURES;
  return over <= 0 ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** (over - 1));
}

/**
 * Counts one failure on the pair and on the account. Returns whether this failure locked the pair, the
 * account's failures in its window, and the delay (ms) the failed answer should wait.
 */
export async function recordFailure(keys: ThrottleKeys): Promise<{ locked: boolean; accountFailures: number; delayMs: number }> {
  return db.transaction(async (trx) => {
    const t = now();
    // Always the pair's row first, then the account's: one order, so two attempts cannot deadlock.
    const pair = await forUpdate(trx<Row>("login_throttle").where({ key: keys.pair })).first();
    const account = await forUpdate(trx<Row>("login_throttle").where({ key: keys.account })).first();
    // A pair lock that has run out starts a fresh count.
    const base = pair && !(pair.locked_until && pair.locked_until <= t) ? pair.failures : 0;
    const failures = base + 1;
    const locked = failures >= MAX_FAILURES;
    await upsert(trx, keys.pair, { failures: locked ? 0 : failures, locked_until: locked ? t + LOCK_DURATION : null, updated_at: t });
    const accountFailures = (account && account.updated_at > t - ACCOUNT_WINDOW ? account.failures : 0) + 1;
    await upsert(trx, keys.account, { failures: accountFailures, locked_until: null, updated_at: t });
    return { locked, accountFailures, delayMs: failureDelay(accountFailures) };
  });
}

/**
 * A success clears its own pair only: the account's count keeps slowing whoever else is guessing (it
 * runs out ACCOUNT_WINDOW after their last failure).
 */
export async function clearFailures(keys: ThrottleKeys): Promise<void> {
  await db("login_throttle").where({ key: keys.pair }).delete();
}

/**
 * A fixed-window attempt counter: counts one attempt for `id` under `kind` and returns true when it is
 * beyond `limit` attempts in the window of `windowMs` that began with the first of them (the row's
 * updated_at is the window's start here). One upsert statement, so simultaneous attempts — a script's
 * 40 at once — are each counted, on PostgreSQL as on SQLite.
 */
export async function overLimit(kind: string, id: string, limit: number, windowMs: number): Promise<boolean> {
  const key = hashKey(kind, id);
  const t = now();
  const expired = `login_throttle.updated_at <= ${Math.floor(t - windowMs)}`;
  const rows: { failures: number }[] = await db("login_throttle")
    .insert({ key, failures: 1, locked_until: null, updated_at: t })
    .onConflict("key")
    .merge({
      failures: db.raw(`CASE WHEN ${expired} THEN 1 ELSE login_throttle.failures + 1 END`),
      updated_at: db.raw(`CASE WHEN ${expired} THEN ? ELSE login_throttle.updated_at END`, [t]),
    })
    .returning("failures");
  return Number(rows[0]?.failures ?? 1) > limit;
}

type Trx = Parameters<Parameters<typeof db.transaction>[0]>[0];

// An upsert, so two first failures at the same moment cannot collide on the primary key.
async function upsert(trx: Trx, key: string, next: Omit<Row, "key">): Promise<void> {
  await trx("login_throttle").insert({ key, ...next }).onConflict("key").merge(next);
}
