// A backup's manifest (manifest.json beside the database copy and the uploads): what restore checks
// before it touches anything and what it compares after — the database file's sha256, each table's
// row count as the snapshot held it, and every upload's sha256 and size (bytes).
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

export const MANIFEST_FORMAT = "zjk-backup/1";
export const MANIFEST_FILE = "manifest.json";
export const UPLOADS_DIR = "uploads";

export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  createdAt: string; // ISO 8601, UTC
  dialect: "sqlite" | "pg";
  /** PostgreSQL: the schema the tables live in (restored under the same name); SQLite: null. */
  schema: string | null;
  /** The database copy inside the backup: `database.sqlite` (a SQLite file) or `database.dump` (pg_dump custom format). */
  database: { file: string; sha256: string; bytes: number };
  /** Rows per table in the snapshot, table name → count. */
  tables: Record<string, number>;
  uploads: { sha256: string; bytes: number }[];
};

/** Thrown when a backup is damaged, incomplete or does not fit the target; the message says what, in Chinese. */
export class BackupError extends Error {}

/** sha256 (hex) and size in bytes of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = crypto.createHash("sha256");
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest("hex"), bytes };
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await fsp.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(m, null, 2) + "\n");
}

/**
 * Reads and checks a backup directory: the manifest's shape, the database copy's hash, and every
 * upload's hash and size. Throws BackupError naming the first problem; nothing is written.
 */
export async function verifyBackup(dir: string): Promise<Manifest> {
  let m: Manifest;
  try {
    m = JSON.parse(await fsp.readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
  } catch {
    throw new BackupError(`备份目录 ${dir} 中没有可读的 ${MANIFEST_FILE}，不是完整的备份`);
  }
  if (m?.format !== MANIFEST_FORMAT || !m.database?.file || typeof m.tables !== "object" || !Array.isArray(m.uploads)) {
    throw new BackupError(`${MANIFEST_FILE} 的格式不对（应为 ${MANIFEST_FORMAT}）`);
  }
  if (path.basename(m.database.file) !== m.database.file) throw new BackupError(`${MANIFEST_FILE} 中的数据库文件名不合法`);
  const db = await hashFile(path.join(dir, m.database.file)).catch(() => null);
  if (!db) throw new BackupError(`备份缺少数据库文件 ${m.database.file}`);
  if (db.sha256 !== m.database.sha256 || db.bytes !== m.database.bytes) throw new BackupError(`数据库文件 ${m.database.file} 已损坏（校验值与清单不符）`);
  for (const u of m.uploads) {
    if (!/^[0-9a-f]{64}$/.test(u.sha256)) throw new BackupError(`清单中的附件名 ${String(u.sha256).slice(0, 80)} 不合法`);
    const got = await hashFile(uploadPath(dir, u.sha256)).catch(() => null);
    if (!got) throw new BackupError(`备份缺少附件 ${u.sha256}`);
    if (got.sha256 !== u.sha256 || got.bytes !== u.bytes) throw new BackupError(`附件 ${u.sha256} 已损坏（校验值与清单不符）`);
  }
  return m;
}

/** Where a blob lives inside a backup (the same `<2 hex>/<sha256>` layout as UPLOAD_DIR). */
export const uploadPath = (backupDir: string, sha256: string) => path.join(backupDir, UPLOADS_DIR, sha256.slice(0, 2), sha256);

/** Compares row counts; returns the differences as Chinese lines (empty when equal). */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.flatMap((t) => (expected[t] === actual[t] ? [] : [`表 ${t}：备份中 ${expected[t] ?? "无"} 行，恢复后 ${actual[t] ?? "无"} 行`]));
}
