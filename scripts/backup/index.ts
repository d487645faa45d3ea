// Backup and restore of the whole system: the database (SQLite file or PostgreSQL schema) and the upload
// folder, with a manifest (manifest.ts). `npm run backup` / `npm run restore` call these; the drill test
// (tests/integration/backup-restore.test.ts) backs up under write load, restores into a fresh place and
// starts the app on it.
import fsp from "node:fs/promises";
import path from "node:path";
import { BackupError, countDifferences, hashFile, MANIFEST_FORMAT, verifyBackup, writeManifest } from "./manifest";
import type { Manifest } from "./manifest";
import { snapshotPostgres, restorePostgres } from "./postgres";
import { restoreSqlite, snapshotSqlite, sqliteCounts } from "./sqlite";
import { backUpUploads, restoreUploads } from "./uploads";

export { BackupError } from "./manifest";

export type Place = {
  /** A SQLite file path, or postgres://… */
  databaseUrl: string;
  /** PostgreSQL schema (default `public`). */
  schema?: string;
  uploadDir: string;
};

const isPg = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Writes a backup of `from` into `out` (created; must be absent or empty): the database snapshot first,
 * then the uploads (an upload is stored before any row names it, so every file the snapshot names is
 * copied), then the manifest last — a backup without a manifest is unfinished. Returns the manifest.
 * Throws BackupError for a bad source or a damaged upload.
 */
export async function backUp(from: Place, out: string): Promise<Manifest> {
  await fsp.mkdir(out, { recursive: true });
  if ((await fsp.readdir(out)).length) throw new BackupError(`备份目录 ${out} 不是空的`);
  const pg = isPg(from.databaseUrl);
  const file = pg ? "database.dump" : "database.sqlite";
  const target = path.join(out, file);
  let tables: Record<string, number>;
  if (pg) tables = await snapshotPostgres(from.databaseUrl, from.schema ?? "public", target);
  else {
    await snapshotSqlite(from.databaseUrl, target);
    tables = await sqliteCounts(target);
  }
  const uploads = await backUpUploads(from.uploadDir, out);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    createdAt: new Date().toISOString(),
    dialect: pg ? "pg" : "sqlite",
    schema: pg ? (from.schema ?? "public") : null,
    database: { file, ...(await hashFile(target)) },
    tables,
    uploads,
  };
  await writeManifest(out, manifest);
  return manifest;
}

/**
 * Restores the backup in `dir` into `to`: checks every hash first (a damaged or incomplete backup is
 * refused before anything is written), refuses a target of the other dialect, a PostgreSQL schema other
 * than the backup's, or a target that already holds data; restores the database, compares row counts,
 * then copies the uploads. Throws BackupError in Chinese; returns the manifest.
 */
export async function restore(dir: string, to: Place): Promise<Manifest> {
  const m = await verifyBackup(dir);
  const pg = isPg(to.databaseUrl);
  if ((m.dialect === "pg") !== pg) throw new BackupError(`这是 ${m.dialect === "pg" ? "PostgreSQL" : "SQLite"} 的备份，不能恢复到 ${pg ? "PostgreSQL" : "SQLite"} 数据库`);
  const copy = path.join(dir, m.database.file);
  if (pg) {
    const schema = to.schema ?? "public";
    if (schema !== m.schema) throw new BackupError(`备份的数据在模式 ${m.schema} 中，目标设置的模式是 ${schema}；请设置 DATABASE_SCHEMA=${m.schema}`);
    await restorePostgres(copy, to.databaseUrl, schema, m.tables, countDifferences);
  } else {
    await restoreSqlite(copy, to.databaseUrl, m.tables, countDifferences);
  }
  await restoreUploads(dir, m.uploads, to.uploadDir);
  return m;
}
