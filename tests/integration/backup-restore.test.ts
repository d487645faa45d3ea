// Issue 21, acceptance 3: the backup/restore drill. A backup taken while the app writes is one consistent
// snapshot (its manifest's counts equal the restored database's, and every write acknowledged before the
// backup began is in it); it restores into a fresh place and the app starts on it and serves the uploads
// and the accounts; a damaged, incomplete or mismatched backup is refused before anything is written.
import "../setup/guard";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { backUp, BackupError, restore } from "../../scripts/backup/index";
import type { Place } from "../../scripts/backup/index";
import { place } from "../../scripts/backup/place";
import { Client, db } from "../setup/app";
import { signedIn } from "../setup/factories";
import { startServer } from "../setup/server";
import { pdf, uploadedSha } from "../setup/uploads";

const t = suite("backup and restore");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zjk-backup-"));
const isPg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const created: string[] = []; // PostgreSQL databases made for restores, dropped at the end
const source = place();
let backupDir = "";
let files: string[] = [];
let user: { username: string; password: string; name: string };

/** A fresh, empty place to restore into: a new SQLite path or a new PostgreSQL database (same schema name). */
async function freshPlace(name: string): Promise<Place> {
  const uploadDir = path.join(tmp, `${name}-uploads`);
  if (!isPg) return { databaseUrl: path.join(tmp, `${name}.sqlite`), uploadDir };
  const dbName = `zjk_restore_${process.pid}_${name}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  created.push(dbName);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${dbName}`;
  return { databaseUrl: url.toString(), schema: source.schema, uploadDir };
}

const auditRows = async () => Number((await db("audit_log").count<{ n: number | string }[]>({ n: "*" }))[0].n);

t.before(async () => {
  const s = await signedIn("expert");
  user = s.user;
  files = [await uploadedSha(s.client, "证书.pdf", await pdf("backup one")), await uploadedSha(s.client, "学历.pdf", await pdf("backup two"))];
});

t.after(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
  if (!created.length) return;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

t("a backup taken while the app writes is one snapshot: every write acknowledged before it, counts that match", async () => {
  const before = await auditRows();
  let writing = true;
  let written = 0;
  // Writes through the app's own connection the whole time the backup runs (one row at a time, as requests do).
  const load = (async () => {
    while (writing) {
      await db("audit_log").insert({ at: Date.now(), action: "backup.load", outcome: "ok", detail: String(written) });
      written++;
    }
  })();
  while (written < 20) await new Promise((r) => setImmediate(r)); // the load is under way before the backup starts
  const acknowledged = before + written;
  backupDir = path.join(tmp, "backup");
  const m = await backUp(source, backupDir);
  const during = written - (acknowledged - before);
  writing = false;
  await load;
  assert.ok(during > 0, "the load wrote during the backup");
  assert.ok(m.tables.audit_log >= acknowledged, `the snapshot holds every row acknowledged before it began (${m.tables.audit_log} < ${acknowledged})`);
  assert.ok(m.tables.audit_log <= before + written, "and nothing that did not exist");
  assert.ok(m.tables.users >= 1 && m.tables.knex_migrations >= 1);
  for (const sha of files) assert.ok(m.uploads.some((u) => u.sha256 === sha), `upload ${sha.slice(0, 8)} is in the backup`);
  console.log(`    backup under load: ${during} rows written while it ran; snapshot audit_log ${m.tables.audit_log} (acknowledged before it: ${acknowledged}); ${m.uploads.length} uploads`);
});

t("the backup restores into a fresh place with the same counts and files, and the app starts on it", async () => {
  const target = await freshPlace("drill");
  const m = await restore(backupDir, target);
  for (const sha of files) assert.ok(fs.existsSync(path.join(target.uploadDir, sha.slice(0, 2), sha)), `upload ${sha.slice(0, 8)} restored`);
  const server = await startServer({ DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: target.schema ?? "", UPLOAD_DIR: target.uploadDir, DEMO: "" });
  try {
    const n = Number((await server.db("audit_log").count<{ n: number | string }[]>({ n: "*" }))[0].n);
    assert.ok(n >= m.tables.audit_log, "the restored database holds the snapshot's rows");
    // Sign in on the restored app as the person made before the backup, and fetch one of their files.
    const c = new Client(undefined, server.url);
    await c.prime();
    const login = await c.post("/login", { mode: "password", username: user.username, password: user.password });
    assert.is(login.status, 302, "the restored account signs in");
    const file = await c.get(`/uploads/${files[0]}`);
    assert.is(file.status, 200, "the restored upload is served to its owner");
    assert.is(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
  } finally {
    await server.stop();
  }
});

t("a damaged, incomplete or mismatched backup is refused and nothing is written", async () => {
  const copy = async (name: string) => {
    const d = path.join(tmp, name);
    await fsp.cp(backupDir, d, { recursive: true });
    return d;
  };
  const refused = async (dir: string, to: Place, words: RegExp) => {
    try {
      await restore(dir, to);
    } catch (e) {
      assert.instance(e, BackupError);
      assert.match((e as Error).message, words);
      if (!isPg) assert.not.ok(fs.existsSync(to.databaseUrl), "no database file was written");
      assert.not.ok(fs.existsSync(to.uploadDir), "no upload was written");
      return;
    }
    assert.unreachable(`restored ${dir}`);
  };
  const damaged = await copy("damaged");
  const dbFile = path.join(damaged, JSON.parse(fs.readFileSync(path.join(damaged, "manifest.json"), "utf8")).database.file);
  const bytes = fs.readFileSync(dbFile);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  fs.writeFileSync(dbFile, bytes);
  await refused(damaged, await freshPlace("damaged"), /已损坏/);

  const blob = await copy("blob");
  fs.appendFileSync(path.join(blob, "uploads", files[1].slice(0, 2), files[1]), "x");
  await refused(blob, await freshPlace("blob"), /附件 .* 已损坏/);

  const missing = await copy("missing");
  fs.rmSync(path.join(missing, "manifest.json"));
  await refused(missing, await freshPlace("missing"), /不是完整的备份/);

  const other = isPg ? { databaseUrl: path.join(tmp, "other.sqlite"), uploadDir: path.join(tmp, "other-uploads") } : { databaseUrl: "postgres://postgres@127.0.0.1:5432/test", uploadDir: path.join(tmp, "other-uploads") };
  await refused(backupDir, other, /不能恢复到/);
});

t("restore never writes over a database that holds data", async () => {
  const target = await freshPlace("twice");
  await restore(backupDir, target);
  try {
    await restore(backupDir, { ...target, uploadDir: path.join(tmp, "twice-again") });
    assert.unreachable("restored twice into one place");
  } catch (e) {
    assert.instance(e, BackupError);
    assert.match((e as Error).message, /已存在|已有数据表/);
  }
});

t.run();
