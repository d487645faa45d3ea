// Group commit for the exam's hot writes (answer saves, attempt starts; bench: `npm run bench -- exam`,
// 3,000 examinees starting at once, then 300 saves/s). Writes that arrive while a commit is in progress
// wait and are written together in the next transaction, so a burst costs one commit — one fsync of the
// WAL on SQLite, where every write shares one connection — instead of one each. Two shapes:
// - `inGroupCommit(write)`: any write, run in a savepoint of its own (its error rolls back only it and
//   is thrown to its caller);
// - `inGroupBatch(batch, item)`: items of one kind that `batch.run` writes as one statement for the
//   whole group (e.g. every attempt a cohort starts: one multi-row INSERT instead of a savepoint, an
//   INSERT and a release each, all queued on SQLite's one writer connection); an error of the statement
//   fails that batch's items only.
// A write resolves only after its transaction committed (nothing is acknowledged that is not durable);
// a failed commit rejects every write in it.
import type { Knex } from "knex";
import { db } from "~/utils/db.server";

/** Items of one kind written together: `run` returns each item's result, in the items' order. */
export type GroupBatch<I, R> = { run: (trx: Knex.Transaction, items: I[]) => Promise<R[]> };

type Settle = { resolve: (result: unknown) => void; reject: (e: unknown) => void };
type Pending = Settle & ({ write: (trx: Knex.Transaction) => Promise<unknown> } | { batch: GroupBatch<unknown, unknown>; item: unknown });

const pending: Pending[] = [];
let committing = false;
/** Writes per transaction at most. */
const GROUP_MAX = 200;

/** Runs `write` in the next group transaction, in a savepoint of its own; resolves after the commit. */
export function inGroupCommit<T>(write: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return enqueue<T>({ write });
}

/** Adds `item` to the next group transaction's `batch` statement; resolves with its result after the commit. */
export function inGroupBatch<I, R>(batch: GroupBatch<I, R>, item: I): Promise<R> {
  return enqueue<R>({ batch: batch as GroupBatch<unknown, unknown>, item });
}

function enqueue<T>(what: { write: (trx: Knex.Transaction) => Promise<unknown> } | { batch: GroupBatch<unknown, unknown>; item: unknown }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.push({ ...what, resolve: resolve as (result: unknown) => void, reject });
    if (!committing) void commitPending();
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes one group inside `trx`: each batch as one statement (in a savepoint), then each write in its own. */
async function writeGroup(trx: Knex.Transaction, group: Pending[]): Promise<Outcome[]> {
  const results: Outcome[] = new Array(group.length);
  const batches = new Map<GroupBatch<unknown, unknown>, number[]>();
  group.forEach((p, i) => {
    if ("batch" in p) batches.set(p.batch, [...(batches.get(p.batch) ?? []), i]);
  });
  for (const [batch, at] of batches) {
    try {
      const values = await trx.transaction((savepoint) => batch.run(savepoint, at.map((i) => (group[i] as { item: unknown }).item)));
      at.forEach((i, k) => (results[i] = { ok: true, value: values[k] }));
    } catch (error) {
      for (const i of at) results[i] = { ok: false, error };
    }
  }
  for (const [i, p] of group.entries()) {
    if (!("write" in p)) continue;
    try {
      results[i] = { ok: true, value: await trx.transaction((savepoint) => p.write(savepoint)) };
    } catch (error) {
      results[i] = { ok: false, error };
    }
  }
  return results;
}

async function commitPending(): Promise<void> {
  committing = true;
  try {
    while (pending.length) {
      const group = pending.splice(0, GROUP_MAX);
      let results: Outcome[];
      try {
        results = await db.transaction((trx) => writeGroup(trx, group));
      } catch (error) {
        for (const p of group) p.reject(error);
        continue;
      }
      group.forEach((p, i) => {
        const r = results[i];
        if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
    }
  } finally {
    committing = false;
  }
}
