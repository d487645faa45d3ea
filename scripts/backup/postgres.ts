// PostgreSQL's side of backup and restore: pg_dump (custom format) of the app's schema, and pg_restore.
// The row counts and the dump see the same data: a REPEATABLE READ transaction exports its snapshot and
// pg_dump runs with --snapshot on it while the counts are read in that transaction
// (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-SNAPSHOT-SYNCHRONIZATION).
import { spawn } from "node:child_process";
import pg from "pg";
import { BackupError } from "./manifest";

/** Runs a PostgreSQL client program; rejects with its stderr (the password, if any, stays in the URL's env copy, never printed). */
function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(program, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    p.on("error", (e) => reject(new BackupError(`无法运行 ${program}：${e.message}（请安装 postgresql-client）`)));
    p.on("close", (code) => (code === 0 ? resolve() : reject(new BackupError(`${program} 失败（退出码 ${code}）：${err.trim()}`))));
  });
}

async function counts(c: pg.Client, schema: string): Promise<Record<string, number>> {
  const { rows } = await c.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
  const out: Record<string, number> = {};
  for (const { table_name: t } of rows) {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(t)}`);
    out[t] = Number(r.rows[0].n);
  }
  return out;
}

/** Dumps `schema` of the database at `url` to `file` (custom format); returns the rows per table of the same snapshot. */
export async function snapshotPostgres(url: string, schema: string, file: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await c.query<{ s: string }>("SELECT pg_export_snapshot() AS s")).rows[0].s;
    const rows = await counts(c, schema);
    if (!Object.keys(rows).length) throw new BackupError(`数据库中没有模式 ${schema} 的数据表`);
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--schema=${schema}`, `--snapshot=${snapshot}`, `--file=${file}`, url]);
    await c.query("COMMIT");
    return rows;
  } finally {
    await c.end();
  }
}

/**
 * Restores a dump into the database at `url`. The schema must not hold any table yet (restore never
 * overwrites data); an empty schema of that name is dropped first so the dump creates it. After the
 * restore the row counts are compared with `expected`: a difference throws BackupError listing them.
 */
export async function restorePostgres(file: string, url: string, schema: string, expected: Record<string, number>, differences: (a: Record<string, number>, b: Record<string, number>) => string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const present = await c.query<{ n: string }>("SELECT count(*) AS n FROM pg_class k JOIN pg_namespace s ON s.oid = k.relnamespace WHERE s.nspname = $1", [schema]);
    if (Number(present.rows[0].n) > 0) throw new BackupError(`目标数据库的模式 ${schema} 中已有数据表；恢复只写入空的位置`);
    await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)}`);
    await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${url}`, file]);
    const diff = differences(expected, await counts(c, schema));
    if (diff.length) throw new BackupError(`恢复后的行数与清单不符：\n${diff.join("\n")}`);
  } finally {
    await c.end();
  }
}
