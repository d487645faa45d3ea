// SQLite's side of backup and restore. The copy is made by SQLite's online backup API
// (sqlite3_backup_*, https://sqlite.org/backup.html) on a connection of its own while the server keeps
// writing: all pages are copied in one step under one read transaction, so the copy is one consistent
// snapshot (WAL lets the writer go on meanwhile). Row counts are read from the copy, not the live file.
import fsp from "node:fs/promises";
import path from "node:path";
import sqlite3 from "sqlite3";
import { BackupError } from "./manifest";

type Backup = { step(pages: number, cb: (err: Error | null) => void): void; finish(cb?: (err: Error | null) => void): void; completed: boolean; failed: boolean };
type Db = sqlite3.Database & { backup(filename: string, cb: (err: Error | null) => void): Backup };

const open = (file: string, mode: number) =>
  new Promise<Db>((resolve, reject) => {
    const d = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(d as Db)));
  });
const close = (d: sqlite3.Database) => new Promise<void>((resolve, reject) => d.close((err) => (err ? reject(err) : resolve())));
const all = <T>(d: sqlite3.Database, sql: string) => new Promise<T[]>((resolve, reject) => d.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));

/** Copies the live database `source` to `target` (a new file) as one consistent snapshot. */
export async function snapshotSqlite(source: string, target: string): Promise<void> {
  await fsp.access(source).catch(() => {
    throw new BackupError(`数据库文件 ${source} 不存在`);
  });
  const d = await open(source, sqlite3.OPEN_READWRITE); // a WAL file needs its -shm writable even to read
  try {
    await new Promise<void>((resolve, reject) => {
      const b = d.backup(target, (err) => {
        if (err) return reject(err);
        const step = () =>
          b.step(-1, (e) => {
            if (e) return reject(e);
            if (b.failed) return reject(new BackupError("SQLite 在线备份失败"));
            if (!b.completed) return void setImmediate(step); // busy: retried by the driver's retryErrors
            b.finish((fe) => (fe ? reject(fe) : resolve()));
          });
        step();
      });
    });
  } finally {
    await close(d);
  }
}

/** Rows per table of a SQLite file, opened read-only; throws BackupError if `PRAGMA integrity_check` is not ok. */
export async function sqliteCounts(file: string): Promise<Record<string, number>> {
  const d = await open(file, sqlite3.OPEN_READONLY);
  try {
    const check = await all<{ integrity_check: string }>(d, "PRAGMA integrity_check");
    if (check[0]?.integrity_check !== "ok") throw new BackupError(`数据库文件未通过完整性检查：${check.map((c) => c.integrity_check).join("；").slice(0, 300)}`);
    const tables = await all<{ name: string }>(d, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await all<{ n: number }>(d, `SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`))[0].n;
    return counts;
  } finally {
    await close(d);
  }
}

/**
 * Puts the backup's database file at `target`, which must not exist yet (restore never overwrites a
 * database): copied beside it under a temp name, checked (integrity, row counts against `expected`),
 * then renamed into place. Throws BackupError with the differences; the target is left absent.
 */
export async function restoreSqlite(copy: string, target: string, expected: Record<string, number>, differences: (a: Record<string, number>, b: Record<string, number>) => string[]): Promise<void> {
  const exists = await fsp.access(target).then(() => true, () => false);
  if (exists) throw new BackupError(`目标数据库 ${target} 已存在；恢复只写入新的位置，请先移走或另选路径`);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.restoring`;
  await fsp.copyFile(copy, temp);
  try {
    const diff = differences(expected, await sqliteCounts(temp));
    if (diff.length) throw new BackupError(`恢复后的行数与清单不符：\n${diff.join("\n")}`);
    await fsp.rename(temp, target);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}
