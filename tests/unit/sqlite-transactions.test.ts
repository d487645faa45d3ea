// Transactions on the SQLite writer (app/utils/db.server.ts, sqliteWriterConfig): they take the write
// lock when they begin, so a second connection writing beside them (a script, a test, another process)
// is waited for under busy_timeout instead of failing with SQLITE_BUSY at the first write.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import knexFactory from "knex";
import type { Knex } from "knex";
import sqlite3 from "sqlite3";
import { sqliteWriterConfig } from "~/utils/db.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trx-"));
let n = 0;
async function twoWriters(): Promise<[Knex, Knex, string]> {
  const file = path.join(dir, `t${++n}.sqlite`);
  const a = knexFactory(sqliteWriterConfig(file));
  await a.schema.createTable("t", (t) => (t.increments("id"), t.string("who")));
  return [a, knexFactory(sqliteWriterConfig(file)), file];
}

/** `BEGIN IMMEDIATE` on a plain connection without a busy timeout: the SQLite error code, or "OK". */
function tryWriteLock(file: string): Promise<string> {
  return new Promise((resolve) => {
    const d = new sqlite3.Database(file, (openErr) => {
      if (openErr) return resolve(String(openErr));
      d.run("BEGIN IMMEDIATE", (err: (Error & { code?: string }) | null) => {
        const code = err ? err.code ?? String(err) : "OK";
        d.run(err ? "SELECT 1" : "ROLLBACK", () => d.close(() => resolve(code)));
      });
    });
  });
}

test("a transaction holds the write lock from its first statement, before it writes anything", async () => {
  const [a, b, file] = await twoWriters();
  const trx = await a.transaction();
  assert.is(await tryWriteLock(file), "SQLITE_BUSY", "a deferred BEGIN would leave the lock free until the first write");
  await trx("t").select();
  await trx.commit();
  assert.is(await tryWriteLock(file), "OK", "released at commit");
  await Promise.all([a.destroy(), b.destroy()]);
});

test("a read-then-write transaction and another connection's write both commit (neither gets SQLITE_BUSY)", async () => {
  const [a, b] = await twoWriters();
  for (let round = 0; round < 20; round++) {
    // a reads, then b writes while a is open, then a writes: with deferred transactions a's first write
    // found b's lock taken and failed at once (busy_timeout does not apply to a read transaction upgrading).
    const aDone = a.transaction(async (trx) => {
      const before = await trx("t").count({ c: "*" }).first();
      await trx("t").insert({ who: `a${round}:${before!.c}` });
    });
    const bDone = b.transaction(async (trx) => {
      await trx("t").insert({ who: `b${round}` });
    });
    await Promise.all([aDone, bDone]);
  }
  assert.is((await a("t").count({ c: "*" }).first())!.c, 40);
  await Promise.all([a.destroy(), b.destroy()]);
});

test("savepoints inside a transaction still work (only the outer BEGIN changes)", async () => {
  const [a, b] = await twoWriters();
  await a.transaction(async (trx) => {
    await trx("t").insert({ who: "outer" });
    await trx.transaction(async (inner) => {
      await inner("t").insert({ who: "inner" });
      throw new Error("undo the savepoint");
    }).catch(() => undefined);
  });
  assert.equal((await a("t").select("who")).map((r) => r.who), ["outer"]);
  await Promise.all([a.destroy(), b.destroy()]);
});

test.run();
