// Scheduled jobs that run once per period across every instance of the server (docs/decisions/0020):
// each job has a lease row in job_leases; an instance runs the job only when one conditional UPDATE
// gave it the lease, so with any number of instances one of them runs each period's job.
import crypto from "node:crypto";
import os from "node:os";
import type { Knex } from "knex";
import { db, dialect, rowCount } from "~/utils/db.server";

/**
 * This process as a lease holder: host, pid and a random part, so a restarted process (same pid in a
 * container) is another holder. No personal data.
 */
export const PROCESS_ID = `${os.hostname().slice(0, 80)}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

/** The database's clock in epoch milliseconds: one clock for every instance, whatever their hosts say. */
const dbNowSql = () => (dialect() === "pg" ? "(extract(epoch from clock_timestamp()) * 1000)::bigint" : "CAST(unixepoch('subsec') * 1000 AS INTEGER)");

/** Creates job `name`'s lease row (free) unless it exists. */
export async function ensureLease(name: string, conn: Knex = db): Promise<void> {
  await conn("job_leases").insert({ name, holder: null, expires_at: 0, runs: 0, failed: false }).onConflict("name").ignore();
}

/**
 * Takes job `name`'s lease for `ttlMs` (ms) as `holder` by one conditional UPDATE: only where the lease
 * has expired or `holder` already holds it (its own next period may begin a few ms before the lease it
 * took ends). Counts the run and marks its start. True when taken; false when another holder has it or
 * the row is missing (see ensureLease). Throws what the database throws.
 */
export async function takeLease(name: string, ttlMs: number, holder = PROCESS_ID, conn: Knex = db): Promise<boolean> {
  const t = dbNowSql();
  const n = await conn("job_leases")
    .where({ name })
    .where((q) => q.where("expires_at", "<=", conn.raw(t)).orWhere("holder", holder))
    .update({ holder, expires_at: conn.raw(`${t} + ?`, [Math.round(ttlMs)]), runs: conn.raw("runs + 1"), started_at: conn.raw(t), finished_at: null });
  return rowCount(n) === 1;
}

/** Records the end of the run `holder` started (whether it threw). */
async function markFinished(name: string, holder: string, failed: boolean, conn: Knex): Promise<void> {
  await conn("job_leases").where({ name, holder }).update({ finished_at: conn.raw(dbNowSql()), failed });
}

/**
 * What a log line may say about an error: its class, its code (SQLITE_BUSY, 23505 …) and where it was
 * thrown — never its message, which for a database error quotes the statement and its values (names,
 * ID numbers, phones).
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 5).join("\n");
  return `${e.name}${typeof code === "string" || typeof code === "number" ? ` (${code})` : ""}${frames ? `\n${frames}` : ""}`;
}

/**
 * One period of job `name`: takes the lease for `ttlMs` and, only if taken, runs `job` and records its
 * end. Resolves to whether this call ran it; a job that throws is logged (describeError) and recorded
 * as failed, never rethrown. A lease that cannot be taken (database down) is logged and skipped.
 */
export async function runLeased(name: string, ttlMs: number, job: () => Promise<unknown>, holder = PROCESS_ID, conn: Knex = db): Promise<boolean> {
  let taken: boolean;
  try {
    taken = await takeLease(name, ttlMs, holder, conn);
  } catch (e) {
    console.error(`scheduled job ${name}: lease not taken, skipped this period: ${describeError(e)}`);
    return false;
  }
  if (!taken) return false;
  let failed = false;
  try {
    await job();
  } catch (e) {
    failed = true;
    console.error(`scheduled job ${name} failed: ${describeError(e)}`);
  }
  try {
    await markFinished(name, holder, failed, conn);
  } catch (e) {
    console.error(`scheduled job ${name}: end not recorded: ${describeError(e)}`);
  }
  return true;
}

type Scheduled = { timer: ReturnType<typeof setInterval>; running: Promise<unknown> | null };
// This process's timers, by job name: per process by design (each instance ticks; the lease picks one).
// Kept on globalThis so the process has one table even where this module is loaded twice (tests run the
// app's build and import the source beside it): stopJob/stopScheduledJobs from either reach every timer.
const g = globalThis as { __scheduledJobs?: Map<string, Scheduled> };
const scheduled = (g.__scheduledJobs ??= new Map<string, Scheduled>());

/**
 * Runs `job` every `everyMs` (ms) on whichever instance takes its lease (held for `ttlMs`, default one
 * period), starting now: resolves once this process has made its first attempt at the lease (the job
 * itself runs in the background), so a server that has started has also competed for each job once.
 * The timer is unref'd; a period whose previous run in this process is still going is skipped here.
 * Calling it again for the same name replaces the timer.
 */
export async function every(name: string, everyMs: number, job: () => Promise<unknown>, { ttlMs = everyMs }: { ttlMs?: number } = {}): Promise<void> {
  stopJob(name);
  const entry: Scheduled = { timer: setInterval(() => void tick(), everyMs), running: null };
  entry.timer.unref();
  scheduled.set(name, entry);
  // Taking the lease happens before the job starts; `running` covers both, and `first` only the take.
  let taken!: (ran: boolean) => void;
  const first = new Promise<boolean>((resolve) => (taken = resolve));
  function tick(): Promise<unknown> | undefined {
    if (entry.running) return;
    const leasedJob = () => {
      taken(true);
      return job();
    };
    entry.running = runLeased(name, ttlMs, leasedJob).then((ran) => {
      if (!ran) taken(false);
    }).finally(() => (entry.running = null));
    return entry.running;
  }
  try {
    await ensureLease(name);
  } catch (e) {
    console.error(`scheduled job ${name}: lease row not created: ${describeError(e)}`);
  }
  void tick();
  await first;
}

/** Stops this process's timer of job `name` (a run in progress goes on). */
export function stopJob(name: string): void {
  const entry = scheduled.get(name);
  if (entry) clearInterval(entry.timer);
  scheduled.delete(name);
}

/** Stops every timer of this process and waits for runs in progress (server shutdown, before the pool closes). */
export async function stopScheduledJobs(): Promise<void> {
  const running = [...scheduled.values()].map((s) => s.running);
  for (const name of [...scheduled.keys()]) stopJob(name);
  await Promise.allSettled(running);
}
