// The Knex instance: SQLite file by default (WAL, FULL sync, FKs on), PostgreSQL when DATABASE_URL says so.
import knexFactory from "knex";
import type { Knex } from "knex";
import pg from "pg";
import fs from "node:fs";
import path from "node:path";
import { env, isPostgres } from "./env.server";
import { migrationSource } from "../../db/migrations/index";
import { reuseStatements, type SqliteConnection } from "./sqlite-statements.server";
import { withinTotal, type Paging } from "./paging";

// bigint columns hold epoch milliseconds; they fit a JS number.
pg.types.setTypeParser(20, (v: string) => Number(v));

type SqliteConn = SqliteConnection & { run(sql: string, cb: (err: Error | null) => void): void };

/**
 * A pool's afterCreate: these PRAGMAs, in order, on every new SQLite connection, then statement reuse;
 * for a connection that writes, `immediate` makes its transactions take the write lock when they begin.
 */
const withPragmas = (pragmas: string[], opts: { immediate?: boolean } = {}) => (conn: SqliteConn, done: (err: Error | null, conn: SqliteConn) => void) => {
  const next = (i: number) => {
    if (i === pragmas.length) {
      if (process.env.SQLITE_REUSE_STATEMENTS !== "0") reuseStatements(conn);
      if (opts.immediate) beginImmediate(conn);
      return done(null, conn);
    }
    conn.run(`PRAGMA ${pragmas[i]}`, (err) => (err ? done(err, conn) : next(i + 1)));
  };
  next(0);
};

/**
 * Knex opens every SQLite transaction with a deferred `BEGIN;`: the transaction reads first and asks for
 * the write lock at its first write. If another connection (a script, a test, a second process) holds
 * that lock then, SQLite answers SQLITE_BUSY at once without calling the busy handler, since waiting
 * while holding a read snapshot could deadlock (sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE").
 * `BEGIN IMMEDIATE;` takes the write lock up front, where busy_timeout applies. Seen: an admitted
 * expert's request failing with `SQLITE_BUSY: database is locked` while a test wrote beside the server.
 */
function beginImmediate(conn: SqliteConnection): void {
  for (const method of ["all", "run"] as const) {
    const original = conn[method].bind(conn);
    conn[method] = (sql, params, cb) => original(sql === "BEGIN;" ? "BEGIN IMMEDIATE;" : sql, params, cb);
  }
}

export function knexConfig(): Knex.Config {
  if (isPostgres()) {
    return {
      client: "pg",
      connection: env.databaseUrl,
      searchPath: env.databaseSchema ? [env.databaseSchema] : undefined,
      pool: { min: 0, max: 10 },
      migrations: { migrationSource, tableName: "knex_migrations" },
    };
  }
  fs.mkdirSync(path.dirname(env.databaseUrl), { recursive: true });
  return { ...sqliteWriterConfig(env.databaseUrl), migrations: { migrationSource, tableName: "knex_migrations" } };
}

/**
 * The SQLite file `filename` opened for writing: WAL, FULL sync, foreign keys, a 5,000 ms busy timeout,
 * transactions that begin with the write lock (beginImmediate), one connection.
 */
export function sqliteWriterConfig(filename: string): Knex.Config {
  return {
    client: "sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer anyway, and it keeps read-then-write transactions serial.
    pool: {
      min: 1,
      max: 1,
      afterCreate: withPragmas(["journal_mode = WAL", "synchronous = FULL", "busy_timeout = 5000", "foreign_keys = ON"], { immediate: true }),
    },
  };
}

const g = globalThis as { __db?: Knex; __reader?: Knex };
export const db: Knex = g.__db ?? (g.__db = knexFactory(knexConfig()));

/**
 * For plain reads on the hot path (who is signed in, which application, which saved draft). On SQLite
 * these get read-only connections of their own: behind the one writer they would queue with every write,
 * while WAL lets readers run beside it and still see every committed write. On PostgreSQL the one pool
 * does both. Never use it for a read that must be in the same transaction as a write.
 */
export const reader: Knex = isPostgres() ? db : (g.__reader ??= knexFactory(readerConfig()));

function readerConfig(): Knex.Config {
  return {
    client: "sqlite3",
    connection: { filename: env.databaseUrl },
    useNullAsDefault: true,
    pool: {
      min: 0,
      max: Number(process.env.SQLITE_READERS ?? 3),
      afterCreate: withPragmas(["query_only = ON", "busy_timeout = 5000"]),
    },
  };
}

/** Closes every pool (server shutdown, scripts). */
export async function closeDatabase(): Promise<void> {
  await Promise.all([db.destroy(), reader !== db ? reader.destroy() : undefined]);
}

export const dialect = () => (isPostgres() ? "pg" : "sqlite");

export async function assertDatabaseVersion(): Promise<void> {
  if (isPostgres()) {
    if (env.databaseSchema) await db.raw(`CREATE SCHEMA IF NOT EXISTS "${env.databaseSchema.replace(/"/g, "")}"`);
    return;
  }
  const row = (await db.raw("select sqlite_version() as v"))[0] as { v: string };
  const [a, b, c] = row.v.split(".").map(Number);
  if (a * 1e6 + b * 1e3 + c < 3 * 1e6 + 51 * 1e3 + 3) throw new Error(`SQLite ${row.v} is too old; need ≥ 3.51.3`);
}

export async function migrateLatest(): Promise<void> {
  await assertDatabaseVersion();
  await db.migrate.latest();
}

/** Affected-row count of an update/delete, identical on both dialects. */
export const rowCount = (n: number | unknown) => (typeof n === "number" ? n : 0);

/** SELECT … FOR UPDATE on PostgreSQL; SQLite's single writer connection already serialises. */
export const forUpdate = <Q extends Knex.QueryBuilder>(q: Q): Q => (isPostgres() ? (q.forUpdate() as Q) : q);

/**
 * One page of a list plus the total count, newest first by `order`. A page past the end is the last
 * page (withinTotal); `paging` in the answer is the page the rows are on, for the list's pager.
 */
export async function paginate<T>(q: Knex.QueryBuilder, opts: Paging & { order?: string }): Promise<{ total: number; rows: T[]; paging: Paging }> {
  const [{ n }] = await q.clone().clearSelect().clearOrder().count<{ n: number | string }[]>({ n: "*" });
  const total = Number(n);
  const paging = withinTotal({ page: opts.page, pageSize: opts.pageSize, offset: opts.offset }, total);
  const rows = (await q.orderBy(opts.order ?? "id", "desc").offset(paging.offset).limit(paging.pageSize)) as T[];
  return { total, rows, paging };
}
