// Prepared-statement reuse on SQLite connections (app/utils/sqlite-statements.server.ts): the same
// answers as fresh statements, SQL errors reported as themselves, and connections that still close.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import knexFactory from "knex";
import type { Knex } from "knex";
import { reuseStatements, type SqliteConnection } from "~/utils/sqlite-statements.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stmt-"));
let n = 0;
function open(): Knex {
  return knexFactory({
    client: "sqlite3",
    connection: { filename: path.join(dir, `t${++n}.sqlite`) },
    useNullAsDefault: true,
    pool: { min: 1, max: 1, afterCreate: (conn: SqliteConnection, done: (e: Error | null, c: unknown) => void) => (reuseStatements(conn), done(null, conn)) },
  });
}

test("repeated reads see every write; inserts and updates report their ids and counts", async () => {
  const db = open();
  await db.schema.createTable("t", (t) => (t.increments("id"), t.string("name")));
  for (let i = 1; i <= 5; i++) {
    const [row] = await db("t").insert({ name: `n${i}` }).returning("id");
    assert.is(row.id, i);
    assert.is((await db("t").count({ c: "*" }).first())!.c, i);
    assert.equal(await db("t").where({ id: i }).first("name"), { name: `n${i}` }, "same SQL text, new binding");
  }
  assert.is(await db("t").where("id", ">", 2).update({ name: "x" }), 3);
  assert.is(await db("t").where("id", ">", 4).del(), 1);
  assert.equal((await db("t").select("name").orderBy("id")).map((r) => r.name), ["n1", "n2", "x", "x"]);
  await db.destroy();
});

test("an SQL error reaches the caller as itself, and the connection goes on working", async () => {
  const db = open();
  await db.schema.createTable("t", (t) => (t.increments("id"), t.string("name").notNullable().unique()));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.raw("select nosuchcolumn from t");
      assert.unreachable("should have failed");
    } catch (e) {
      assert.match((e as Error).message, /no such column: nosuchcolumn/);
    }
  }
  await db("t").insert({ name: "a" });
  try {
    await db("t").insert({ name: "a" });
    assert.unreachable("should have failed");
  } catch (e) {
    assert.match((e as Error).message, /UNIQUE constraint failed/);
  }
  assert.is((await db("t").count({ c: "*" }).first())!.c, 1);
  await db.destroy();
});

test("transactions commit and roll back; the same query twice at once inside one works", async () => {
  const db = open();
  await db.schema.createTable("t", (t) => (t.increments("id"), t.string("name")));
  await db.transaction(async (trx) => {
    await trx("t").insert({ name: "kept" });
    const [a, b] = await Promise.all([trx("t").where({ name: "kept" }).first(), trx("t").where({ name: "kept" }).first()]);
    assert.is(a.name, "kept");
    assert.is(b.name, "kept");
  });
  await db.transaction(async (trx) => {
    await trx("t").insert({ name: "gone" });
    await trx.rollback();
  }).catch(() => undefined);
  assert.equal((await db("t").select("name")).map((r) => r.name), ["kept"]);
  await db.destroy();
});

test("more distinct statements than are kept: answers stay right and the pool still closes", async () => {
  const db = open();
  await db.schema.createTable("t", (t) => (t.increments("id"), t.integer("v")));
  await db("t").insert(Array.from({ length: 10 }, (_, i) => ({ v: i })));
  for (let k = 0; k < 260; k++) {
    // A different SQL text each time (k columns' worth of aliases).
    const row = await db("t").where("v", k % 10).first(db.raw(`v as a${k}`));
    assert.is(row[`a${k}`], k % 10);
  }
  // sqlite3_close refuses while statements are unfinalized (Knex's pool would swallow that): close it here.
  const conn = (await db.client.acquireConnection()) as SqliteConnection;
  await new Promise<void>((resolve, reject) => conn.close((e) => (e ? reject(e) : resolve())));
  await db.client.releaseConnection(conn);
  await db.destroy().catch(() => undefined);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
test.run();
