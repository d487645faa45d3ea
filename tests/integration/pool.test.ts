// The expert pool (专家库) record: migration 012 back-fills it from a database made by the previous
// version (migrations up to 011, rows as the old code wrote them) and the roster and 统计报表 give the same
// rows as the old instance-based queries (copied below as the oracle); one person, one record (a second
// approval of an ID number is left out and reported); enterPool / updatePoolRecord / as-of queries; and
// identifiers kept as text in the CSV and XLSX exports. Runs on SQLite and PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import knexFactory, { type Knex } from "knex";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { migrationSource, migrationSourceUpTo } from "../../db/migrations/index";
import { maskIdCard } from "~/models/inbox.server";
import {
  EXPERT_STATUS, PoolError, duplicatePerson, enterPool, findPoolMemberByIdCard, listPoolConflicts, poolAsOf, poolAsOfList, poolHistory, updatePoolRecord,
} from "~/models/pool.server";
import { ROSTER_COLUMNS, countsByDimension, roster, rosterCsv, rosterXlsx, type RosterRow } from "~/models/reports.server";
import { db, migrateLatest } from "~/utils/db.server";
import { env, isPostgres } from "~/utils/env.server";
import { formatTime } from "~/utils/format";

await migrateLatest();

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 4, 1, 2, 0, 0); // 2025-05-01 10:00 in Shanghai
const NAMES = new Map([["A01", "房屋建筑工程"], ["A02", "市政工程"], ["B01", "工程造价"]]);
let seq = 0;

// ---- rows as the previous version wrote them --------------------------------------------------------

async function user(k: Knex, role = "expert"): Promise<number> {
  seq += 1;
  const s = `${process.pid % 10000}`.padStart(4, "0") + String(seq).padStart(4, "0");
  const [r] = await k("users").insert({ username: `pool${s}`, password_hash: "x", name: `用户${seq}`, phone: `139${s}`, role, created_at: T0, updated_at: T0 }).returning("id");
  return Number(typeof r === "object" ? r.id : r);
}

async function batch(k: Knex, name: string): Promise<number> {
  const [r] = await k("batches").insert({
    name, opens_at: T0 - 30 * DAY, closes_at: T0 + 30 * DAY, batch_date: "2025-05-01", workflow_key: "expert-admission", workflow_version: 1, form_versions: "{}",
    pledge_text: "承诺", eligibility_rules: "[]", application_types: '["新增"]', number_format: "XJ{year}{seq:4}", created_at: T0, updated_at: T0,
  }).returning("id");
  return Number(typeof r === "object" ? r.id : r);
}

type Applicant = {
  owner: number; batchId: number | null; state: "submitted" | "reviewing" | "approved" | "returned"; number?: string; at: number; reviewer: number;
  basic: Record<string, unknown>; avoidance?: Record<string, unknown>;
};

/**
 * An admission instance as the old code left it: the instance row with the attributes it captured
 * (applicant_name, region, main specialty), its history up to `state`, the basic-info and avoidance
 * submissions in scope application:<id>. Approval at `at` (updated_at = the approval's time).
 */
async function application(k: Knex, a: Applicant): Promise<number> {
  const specialties = (a.basic.specialties ?? []) as { code: string; main?: boolean }[];
  const main = (specialties.find((s) => s.main) ?? specialties[0])?.code ?? null;
  const steps: [string, string | null, string, number][] = [["start", null, "draft", a.at - 3 * DAY], ["submit", "draft", "submitted", a.at - 2 * DAY]];
  if (a.state !== "submitted") steps.push(["accept", "submitted", "reviewing", a.at - DAY]);
  if (a.state === "approved") steps.push(["approve", "reviewing", "approved", a.at]);
  if (a.state === "returned") steps.push(["return", "reviewing", "returned", a.at]);
  const [r] = await k("workflow_instances").insert({
    workflow_key: "expert-admission", workflow_version: 1, workflow_hash: "h".repeat(64), owner_id: a.owner, batch_id: a.batchId, number: a.number ?? null, state: a.state,
    row_version: steps.length, data: "{}", created_at: a.at - 3 * DAY, updated_at: steps[steps.length - 1][3], submitted_at: a.at - 2 * DAY,
    applicant_name: a.basic.name ?? null, region: a.basic.region ?? null, specialty: main,
  }).returning("id");
  const id = Number(typeof r === "object" ? r.id : r);
  await k("workflow_history").insert(steps.map(([event, from, to, t], i) => ({
    instance_id: id, row_version: i + 1, event, from_state: from, to_state: to, actor_id: i < 2 ? a.owner : a.reviewer, created_at: t,
  })));
  const sub = (form_key: string, data: unknown) => ({
    owner_id: a.owner, form_key, form_version: 1, form_hash: "f".repeat(64), scope: `application:${id}`, data: JSON.stringify(data), status: "complete", created_at: a.at - 3 * DAY, updated_at: a.at - 3 * DAY,
  });
  await k("form_submissions").insert([sub("expert-basic-info", a.basic), sub("expert-avoidance", a.avoidance ?? { hasUnits: "无" })]);
  return id;
}

const basicInfo = (name: string, idCard: string, region: string, specialties: { code: string; main?: boolean }[], extra: Record<string, unknown> = {}) => ({
  name, gender: "男", birthDate: "1980-01-01", idCard, address: "乌鲁木齐市天山区", region, mobile: "13800138000", workUnit: `${name}的单位`, specialties, ...extra,
});

// ---- the previous version's queries (the oracle) ----------------------------------------------------

type OldRosterRow = RosterRow;
/** roster() as it was before the pool: approved instances and their basic-info submission. */
async function oldRoster(k: Knex, opts: { fullIdCards: boolean; specialtyNames: Map<string, string> }): Promise<OldRosterRow[]> {
  const rows = await k("workflow_instances as w")
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .leftJoin("form_submissions as s", function () {
      this.on("s.owner_id", "=", "w.owner_id").andOn("s.form_key", "=", k.raw("?", ["expert-basic-info"])).andOn("s.scope", "=", k.raw("'application:' || w.id"));
    })
    .where("w.state", "approved")
    .orderBy("w.number")
    .select("w.number", "w.updated_at", "w.region", "w.specialty", "b.name as batch", "s.data");
  return rows.map((r: { number: string | null; updated_at: number; region: string | null; specialty: string | null; batch: string | null; data: string | null }) => {
    const d = (r.data ? JSON.parse(r.data) : {}) as Record<string, string | undefined>;
    const id = d.idCard ?? "";
    return {
      number: r.number ?? "", name: d.name ?? "", gender: d.gender ?? "", idCard: opts.fullIdCards ? id : maskIdCard(id), region: r.region ?? "",
      specialty: r.specialty ? opts.specialtyNames.get(r.specialty) ?? r.specialty : "", workUnit: d.workUnit ?? "", mobile: d.mobile ?? "",
      batch: r.batch ?? "", approvedAt: formatTime(Number(r.updated_at)),
    };
  });
}

type CountRow = { batch: string | null; workflow: string; state: string; region: string | null; specialty: string | null; n: number };
/** countsByDimension() as it was before the pool. */
async function oldCounts(k: Knex): Promise<CountRow[]> {
  const rows = await k("workflow_instances as w")
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .whereNotNull("w.submitted_at")
    .groupBy("b.name", "w.workflow_key", "w.state", "w.region", "w.specialty")
    .select("b.name as batch", "w.workflow_key as workflow", "w.state", "w.region", "w.specialty")
    .count({ n: "*" })
    .orderBy([{ column: "b.name" }, { column: "w.state" }, { column: "w.region" }]);
  return rows.map((r: Record<string, unknown>) => ({ ...r, n: Number(r.n) })) as CountRow[];
}

const countKey = (r: CountRow) => [r.batch, r.workflow, r.state, r.region, r.specialty].map((v) => v ?? "∅").join("|");
const sortedCounts = (rows: CountRow[]) => rows.map((r) => ({ ...r })).sort((a, b) => countKey(a).localeCompare(countKey(b)));

// ---- a database of its own, made by the previous version --------------------------------------------

const UP_TO_011 = migrationSourceUpTo("011-payment-qr-catalog-state");

/** A fresh database (a SQLite file, or a PostgreSQL schema) migrated up to 011 only. */
async function databaseAt011(): Promise<{ k: Knex; drop(): Promise<void> }> {
  if (isPostgres()) {
    const schema = `${env.databaseSchema ?? "pool"}_v011`.replace(/[^a-z0-9_]/gi, "_").slice(0, 60);
    const k = knexFactory({ client: "pg", connection: env.databaseUrl, searchPath: [schema], pool: { min: 0, max: 2 } });
    await k.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await k.raw(`CREATE SCHEMA "${schema}"`);
    await k.migrate.latest({ migrationSource: UP_TO_011 });
    return { k, async drop() { await k.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); await k.destroy(); } };
  }
  const file = path.join(os.tmpdir(), `pool-v011-${process.pid}-${Date.now()}.sqlite`);
  type Conn = { run(sql: string, cb: (e: Error | null) => void): void };
  const k = knexFactory({
    client: "sqlite3", connection: { filename: file }, useNullAsDefault: true,
    pool: { min: 1, max: 1, afterCreate: (c: Conn, done: (e: Error | null, c: Conn) => void) => c.run("PRAGMA foreign_keys = ON", (e) => done(e, c)) },
  });
  await k.migrate.latest({ migrationSource: UP_TO_011 });
  return { k, async drop() { await k.destroy(); for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); } };
}

test("migration 012 back-fills the pool from a version-011 database; roster and 统计报表 give the old rows; a second approval of an ID is reported, not listed", async () => {
  const { k, drop } = await databaseAt011();
  try {
    assert.not.ok(await k.schema.hasTable("experts"), "the fixture is a database of the previous version");
    const reviewer = await user(k, "reviewer");
    const b1 = await batch(k, "2025年第一批");
    const b2 = await batch(k, "2025年第二批");
    const [e1, e2, e3, e4, e5, e6, e7] = [await user(k), await user(k), await user(k), await user(k), await user(k), await user(k), await user(k)];
    const first = await application(k, {
      owner: e1, batchId: b1, state: "approved", number: "XJ20250001", at: T0, reviewer,
      basic: basicInfo("张三", "650102198001011234", "乌鲁木齐市", [{ code: "A02" }, { code: "A01", main: true }]),
      avoidance: { hasUnits: "有", units: [{ name: "新疆某建设集团", uscc: "91650100MA77X0XX0X", reason: "曾任职" }] },
    });
    // A numeric-looking 专家编号 (a batch format without letters) and an ID typed with a lowercase x.
    await application(k, { owner: e2, batchId: b2, state: "approved", number: "20250002", at: T0 + DAY, reviewer, basic: basicInfo("李四", "65010219800202123x", "克拉玛依市", [{ code: "B01", main: true }]) });
    await application(k, { owner: e3, batchId: b1, state: "approved", number: "XJ20250003", at: T0 + 2 * DAY, reviewer, basic: basicInfo("王五", "650102198003031234", "乌鲁木齐市", [{ code: "A01" }]) });
    await application(k, { owner: e4, batchId: b1, state: "submitted", at: T0 + 3 * DAY, reviewer, basic: basicInfo("赵六", "650102198004041234", "乌鲁木齐市", [{ code: "A01", main: true }]) });
    await application(k, { owner: e5, batchId: b2, state: "reviewing", at: T0 + 3 * DAY, reviewer, basic: basicInfo("钱七", "650102198005051234", "哈密市", [{ code: "A02", main: true }]) });
    await application(k, { owner: e6, batchId: b1, state: "returned", at: T0 + 3 * DAY, reviewer, basic: basicInfo("孙八", "650102198006061234", "哈密市", [{ code: "A02", main: true }]) });
    // The same person (张三's ID number, spelt with spaces) approved later under a second account.
    const dup = await application(k, { owner: e7, batchId: b2, state: "approved", number: "XJ20250009", at: T0 + 5 * DAY, reviewer, basic: basicInfo("张三", "650102 198001011234", "哈密市", [{ code: "A02", main: true }]) });

    const before = { masked: await oldRoster(k, { fullIdCards: false, specialtyNames: NAMES }), full: await oldRoster(k, { fullIdCards: true, specialtyNames: NAMES }), counts: await oldCounts(k) };
    assert.is(before.full.length, 4, "the old roster lists the approved instances, the duplicate included");

    await k.migrate.latest({ migrationSource });

    // Same rows, except: the duplicate is not listed (one person, one record), and the ID number is stored
    // canonical (uppercase X), as issue 14 §5 asks.
    const keep = (rows: RosterRow[]) => rows.filter((r) => r.number !== "XJ20250009").map((r) => ({ ...r, idCard: r.idCard.toUpperCase() }));
    assert.equal(await roster({ fullIdCards: true, specialtyNames: NAMES }, k), keep(before.full));
    assert.equal(await roster({ fullIdCards: false, specialtyNames: NAMES }, k), keep(before.masked));

    const expected = before.counts.flatMap((r) => {
      const isDup = r.batch === "2025年第二批" && r.state === "approved" && r.region === "哈密市" && r.specialty === "A02";
      return isDup ? (r.n > 1 ? [{ ...r, n: r.n - 1 }] : []) : [r];
    });
    assert.equal(sortedCounts(await countsByDimension(k)), sortedCounts(expected));

    const kept = await k("experts").where({ instance_id: first }).first();
    const conflicts = await listPoolConflicts({ unresolvedOnly: true }, k);
    assert.equal(conflicts.map(({ id: _id, detectedAt: _at, ...c }) => c), [
      { kind: "duplicate-id-card", idCard: "650102198001011234", instanceId: dup, userId: e7, number: "XJ20250009", expertId: Number(kept.id), resolvedAt: null },
    ]);
    // The record carries what the forms stored, and its first version is valid from the approval.
    assert.equal(JSON.parse(kept.specialties), [{ code: "A02" }, { code: "A01", main: true }]);
    assert.is(kept.main_specialty, "A01");
    assert.equal(JSON.parse(kept.avoidance_units), [{ name: "新疆某建设集团", uscc: "91650100MA77X0XX0X", reason: "曾任职" }]);
    assert.is(kept.status, EXPERT_STATUS.active);
    assert.is(Number(kept.admitted_at), T0);
    const history = await k("expert_history").where({ expert_id: kept.id });
    assert.is(history.length, 1);
    assert.is(Number(history[0].valid_from), T0);
    assert.is(history[0].valid_to, null);
    assert.is(history[0].changed_by, reviewer, "the approving reviewer is recorded");
    assert.is(history[0].source_instance_id, first);
  } finally {
    await drop();
  }
});

// ---- the pool model on the suite's database ---------------------------------------------------------

/** An approved admission on the suite's database, ready for enterPool (the instance row without a pool record). */
async function approvedInstance(idCard: string, region: string, number: string, at: number) {
  const reviewer = await user(db, "reviewer");
  const owner = await user(db);
  const batchId = await batch(db, `池测试批次${seq}`);
  const instanceId = await application(db, { owner, batchId, state: "approved", number, at, reviewer, basic: basicInfo("周九", idCard, region, [{ code: "A01", main: true }, { code: "B01" }]) });
  return { owner, reviewer, batchId, instanceId };
}

test("enterPool creates the record and its first version; the same ID under another account is refused (409, Chinese, nothing written)", async () => {
  const t1 = T0 + 100 * DAY;
  const a = await approvedInstance("65010219900101001x", "乌鲁木齐市", `P${seq}A`, t1);
  const member = await db.transaction((trx) => enterPool(trx, { instanceId: a.instanceId, number: `P${seq}A`, actorId: a.reviewer, now: t1 }));
  assert.is(member.idCard, "65010219900101001X", "stored canonical");
  assert.is(member.userId, a.owner);
  assert.is(member.region, "乌鲁木齐市");
  assert.is(member.mainSpecialty, "A01");
  assert.is(member.batchId, a.batchId);
  assert.is(member.admittedAt, t1);
  assert.is(member.status, EXPERT_STATUS.active);
  const again = await db.transaction((trx) => enterPool(trx, { instanceId: a.instanceId, number: `P${seq}A`, actorId: a.reviewer, now: t1 + 1 }));
  assert.is(again.id, member.id, "a retried approval does not make a second record");
  assert.is((await poolHistory(member.id)).length, 1);

  // Submit-time check: found in any spelling; the owner himself is not a duplicate of himself.
  assert.is((await findPoolMemberByIdCard(" 65010219900101001x "))?.id, member.id);
  assert.is(await duplicatePerson(a.owner, "65010219900101001x"), null);
  const other = await approvedInstance("65010219900101001X", "哈密市", `P${seq}B`, t1 + DAY);
  const d = await duplicatePerson(other.owner, "65010219900101001x");
  assert.is(d?.member.id, member.id);
  assert.match(d!.message, /已在专家库中/);
  assert.match(d!.message, new RegExp(`专家编号 ${member.number}`));
  assert.not.match(d!.message, /65010219900101001X/, "the message does not show the full ID number");

  const experts = Number((await db("experts").count({ n: "*" }))[0].n);
  const err = await db.transaction((trx) => enterPool(trx, { instanceId: other.instanceId, number: `P${seq}B`, actorId: other.reviewer, now: t1 + DAY })).catch((e: unknown) => e);
  assert.instance(err, PoolError);
  assert.is((err as PoolError).status, 409);
  assert.is((err as PoolError).code, "duplicate-person");
  assert.match((err as PoolError).message, /同一人只能有一条专家库记录/);
  assert.is(Number((await db("experts").count({ n: "*" }))[0].n), experts, "nothing written");
});

test("updatePoolRecord: guarded by row_version, closes the current version and opens the next; the region on a date is one query before and after the change", async () => {
  const t1 = T0 + 200 * DAY;
  const a = await approvedInstance("650102199102020025", "乌鲁木齐市", `P${seq}C`, t1);
  const member = await db.transaction((trx) => enterPool(trx, { instanceId: a.instanceId, number: `P${seq}C`, actorId: a.reviewer, now: t1 }));
  const t2 = t1 + 30 * DAY;
  const changer = await user(db, "reviewer");
  const updated = await db.transaction((trx) =>
    updatePoolRecord(trx, member.id, { region: "哈密市" }, { actorId: changer, sourceInstanceId: a.instanceId, expectedRowVersion: member.rowVersion, now: t2, reason: "转入哈密市" }));
  assert.is(updated.region, "哈密市");
  assert.is(updated.rowVersion, member.rowVersion + 1);
  assert.is(updated.mainSpecialty, "A01", "fields not in the patch are kept");

  assert.is(await poolAsOf(member.id, t1 - 1), undefined, "not in the pool before admission");
  assert.is((await poolAsOf(member.id, t1))?.region, "乌鲁木齐市");
  assert.is((await poolAsOf(member.id, t2 - 1))?.region, "乌鲁木齐市");
  assert.is((await poolAsOf(member.id, t2))?.region, "哈密市");
  const now = await poolAsOf(member.id, t2 + DAY);
  assert.is(now?.changedBy, changer);
  assert.is(now?.reason, "转入哈密市");
  assert.is(now?.validTo, null);
  assert.ok((await poolAsOfList(t2 - 1, { region: "乌鲁木齐市" })).some((v) => v.expertId === member.id), "listed in its old region on a date before the change");
  assert.not.ok((await poolAsOfList(t2 + 1, { region: "乌鲁木齐市" })).some((v) => v.expertId === member.id));
  assert.ok((await poolAsOfList(t2 + 1, { region: "哈密市" })).some((v) => v.expertId === member.id));
  const versions = await poolHistory(member.id);
  assert.equal(versions.map((v) => [v.validFrom, v.validTo, v.region]), [[t1, t2, "乌鲁木齐市"], [t2, null, "哈密市"]]);

  // A writer that read the record before this change is refused, and nothing changes.
  const stale = await db.transaction((trx) => updatePoolRecord(trx, member.id, { region: "吐鲁番市" }, { actorId: changer, sourceInstanceId: null, expectedRowVersion: member.rowVersion, now: t2 + DAY })).catch((e: unknown) => e);
  assert.instance(stale, PoolError);
  assert.is((stale as PoolError).status, 409);
  assert.is((stale as PoolError).code, "stale");
  const bad = await db.transaction((trx) => updatePoolRecord(trx, member.id, { status: "gone" as never }, { actorId: changer, sourceInstanceId: null, expectedRowVersion: updated.rowVersion })).catch((e: unknown) => e);
  assert.is((bad as PoolError).status, 422);
  assert.match((bad as PoolError).message, /在库、暂停或出库/);
  assert.is((await poolHistory(member.id)).length, 2, "refused writes leave the history alone");
  assert.is((await poolAsOf(member.id, t2 + 2 * DAY))?.region, "哈密市");
});

// ---- exports -----------------------------------------------------------------------------------------

const ROW: RosterRow = {
  number: "20250002", name: "=HYPERLINK(\"http://evil.example\")", gender: "男", idCard: "650102198001011234", region: "乌鲁木齐市", specialty: "房屋建筑工程",
  workUnit: "+某单位", mobile: "13800138000", batch: "2025年第一批", approvedAt: "2025-05-01 10:00:00",
};
const IDENTIFIERS = ["number", "idCard", "mobile"] as const;

test("CSV: written by csv-stringify, read by a spreadsheet reader every identifier stays text digit for digit; the formula guard holds", async () => {
  const csv = rosterCsv([ROW, { ...ROW, number: "XJ20250001", idCard: maskIdCard("65010219800202123X") }]);
  assert.ok(csv.startsWith("\uFEFF"), "BOM for Excel");
  const read = async (text: string) => {
    const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([text]));
    return (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  };
  const row = await read(csv);
  assert.equal(row(1), ROSTER_COLUMNS.map((c) => c.title));
  const cells = Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c.key, row(2)[i]]));
  for (const key of IDENTIFIERS) {
    assert.type(cells[key], "string", `${key} is not turned into a number`);
    assert.is(cells[key], `="${ROW[key]}"`, `${key} is protected as text`);
  }
  assert.is(cells.name, `'${ROW.name}`, "a formula in a name is neutralised");
  assert.is(cells.workUnit, `'${ROW.workUnit}`);
  const masked = Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c.key, row(3)[i]]));
  assert.is(masked.idCard, '="650102********123X"');
  assert.is(masked.number, "XJ20250001", "a number with letters needs no protection");
  // The same reader spoils a bare ID number: what the protection is for.
  const bare = await read("a\r\n650102198001011234\r\n");
  assert.type(bare(2)[0], "number");
});

test("XLSX: identifiers are string cells in text-formatted (@) columns, digit for digit", async () => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await rosterXlsx([ROW]) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet("专家名册")!;
  for (const key of IDENTIFIERS) {
    const cell = sheet.getRow(2).getCell(ROSTER_COLUMNS.findIndex((c) => c.key === key) + 1);
    assert.is(cell.type, ExcelJS.ValueType.String, key);
    assert.is(cell.value, ROW[key]);
    assert.is(cell.numFmt, "@", `${key} column is formatted as text`);
  }
});

test.run();
