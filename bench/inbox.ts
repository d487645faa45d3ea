// Issue 6, acceptance 5: a region-scoped reviewer's first inbox page WITH its per-state counts, over
// 100,000 applications in 15 regions (4,000 owners × 25 batches; states submitted/reviewing/approved/
// returned). The figure is the server time of listInbox, called in-process with the reviewer's CASL
// ability (p95 of 300 runs after 50 warm-up runs). Baseline, same run: the same page for an admin
// filtering by the same region (no reviewer scope rules), printed as a ratio. The query plans are
// printed and checked: no full scan of workflow_instances (SQLite EXPLAIN QUERY PLAN, PG EXPLAIN).
// Both databases in one run: the database the bench runs on is measured in-process; the other one in a
// child process — PostgreSQL at INBOX_PG_URL (default postgres://postgres@127.0.0.1:5432/test, in a
// schema of its own, dropped afterwards; skipped with a note if unreachable), or a scratch SQLite file.
// Writes inbox.p95_ms_sqlite, inbox.p95_ms_pg (and the baselines) to bench/results.json.
// `npm run bench -- inbox_1m` (issue 21, acceptance 7; goal p95 ≤ 10 ms) runs the same at ten times the
// size, 1,000,000 applications of 40,000 owners, and writes the same keys with the suffix `_1m`
// (INBOX_APPS sets any other size; its keys get `_<size>`). Rows are generated and written in chunks.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { defineAbilityFor } from "~/engine/permissions/ability";
import { publishedTaskStates } from "~/engine/permissions/task-states.server";
import type { AppAbility } from "~/engine/permissions/ability";
import { readBuiltInWorkflows, syncWorkflowDefinitions } from "~/engine/workflows/registry.server";
import { DEFAULT_PLEDGE_TEXT } from "~/features/admission/documents/default-pledge";
import { registerFeatures } from "~/features/index.server";
import { seedFirstBatch } from "~/models/batches.server";
import { inboxQueries, listInbox } from "~/models/inbox.server";
import type { InboxFilters } from "~/models/inbox.server";
import { db, dialect, migrateLatest } from "~/utils/db.server";
import { record, stats } from "./lib";

const APPS = Number(process.env.INBOX_APPS ?? 100_000);
const BATCHES = 25;
const OWNERS = Math.ceil(APPS / BATCHES); // the (workflow, owner, batch) triple is unique
/** The suffix of this size's keys: none at the standing 100,000, `_1m` at 1,000,000. */
const SUFFIX = APPS === 100_000 ? "" : APPS === 1_000_000 ? "_1m" : `_${APPS}`;
const REGIONS = ["自治区本级", "乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市", "昌吉回族自治州", "博尔塔拉蒙古自治州", "巴音郭楞蒙古自治州", "阿克苏地区", "克孜勒苏柯尔克孜自治州", "喀什地区", "和田地区", "伊犁哈萨克自治州", "塔城地区", "阿勒泰地区"];
const STATES = ["submitted", "submitted", "submitted", "submitted", "reviewing", "reviewing", "approved", "approved", "approved", "returned"];
const WARMUP = 50;
const RUNS = 300;
const SCOPE_REGION = "喀什地区";
const MARK = "INBOX_BENCH_RESULT ";

type Result = { dialect: "sqlite" | "pg"; p95: number; median: number; baselineP95: number; rows: number; total: number };

async function chunkedInsert(table: string, rows: Record<string, unknown>[], size: number) {
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += size) await trx(table).insert(rows.slice(i, i + size));
  });
}

/** APPS applications, unless a previous run left them; written 500 at a time, generated as they go. */
async function seed(): Promise<void> {
  const [{ n }] = await db("workflow_instances").where("applicant_name", "like", "基准申请人%").count<{ n: number | string }[]>({ n: "*" });
  if (Number(n) >= APPS) return;
  const t0 = performance.now();
  const now = Date.now();
  const tag = String(process.pid % 1000).padStart(3, "0");
  await chunkedInsert("users", Array.from({ length: OWNERS }, (_, i) => ({
    username: `ib${tag}x${i}`, password_hash: "!", name: `基准专家${i}`, phone: `135${tag}${String(i).padStart(5, "0")}`, role: "expert", created_at: now, updated_at: now,
  })), 500);
  const owners: number[] = (await db("users").where("username", "like", `ib${tag}x%`).orderBy("id").pluck("id")).map(Number);
  const first = await db("batches").orderBy("id").first();
  const { id: _id, ...batch } = first;
  await chunkedInsert("batches", Array.from({ length: BATCHES - 1 }, (_, j) => ({ ...batch, name: `基准批次${tag}-${j}` })), 50);
  const batches: number[] = (await db("batches").orderBy("id").limit(BATCHES).pluck("id")).map(Number);
  const { hash } = await db("workflow_versions").where({ key: first.workflow_key, version: first.workflow_version }).first("hash");
  const row = (k: number) => {
    const submitted = now - (APPS - k) * 60_000;
    return {
      workflow_key: first.workflow_key, workflow_version: first.workflow_version, workflow_hash: hash, owner_id: owners[Math.floor(k / BATCHES)], batch_id: batches[k % BATCHES],
      state: STATES[(k * 7) % STATES.length], row_version: 3, data: "{}", created_at: submitted - 3_600_000, updated_at: submitted, submitted_at: submitted,
      region: REGIONS[k % REGIONS.length], applicant_name: `基准申请人${k}`, specialty: "A01",
    };
  };
  // Transactions of 50,000 rows keep a 1,000,000-row seed from holding it all in memory at once.
  for (let from = 0; from < APPS; from += 50_000) {
    await db.transaction(async (trx) => {
      for (let k = from; k < Math.min(APPS, from + 50_000); k += 500) {
        await trx("workflow_instances").insert(Array.from({ length: Math.min(500, APPS - k) }, (_, j) => row(k + j)));
      }
    });
  }
  // Steady state: statistics gathered, and on PostgreSQL the visibility map set (as autovacuum would), so
  // index-only scans are possible.
  await db.raw(dialect() === "pg" ? "VACUUM ANALYZE workflow_instances" : "ANALYZE");
  console.log(`  seeded ${APPS} applications, ${OWNERS} owners, ${BATCHES} batches in ${Math.round(performance.now() - t0)} ms (${dialect()})`);
}

async function explain(q: Knex.QueryBuilder): Promise<string[]> {
  const { sql, bindings } = q.toSQL();
  if (dialect() === "pg") return ((await db.raw(`EXPLAIN ${sql}`, bindings as Knex.RawBinding[])) as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]);
  return ((await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as { detail: string }[]).map((r) => r.detail);
}

async function timeIt(ability: AppAbility, f: InboxFilters): Promise<number[]> {
  const page = { offset: 0, limit: 10 };
  for (let i = 0; i < WARMUP; i++) await listInbox(ability, f, page);
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await listInbox(ability, f, page);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Seeds (once), prints and checks the plans, and times the reviewer's page and the baseline. */
async function measure(): Promise<Result> {
  await seed();
  const tasks = await publishedTaskStates();
  const reviewer = defineAbilityFor({ id: 1, role: "reviewer", scopes: [{ region: SCOPE_REGION, batchId: null }] }, tasks);
  const admin = defineAbilityFor({ id: 1, role: "admin" }, tasks);
  const filters: InboxFilters = { state: "submitted" };
  const q = inboxQueries(reviewer, filters, { offset: 0, limit: 10 });
  const fullScan = dialect() === "pg" ? /Seq Scan on workflow_instances/ : /^SCAN (w|workflow_instances)\b(?!.*USING (COVERING )?INDEX)/;
  for (const [name, query] of Object.entries(q)) {
    const plan = await explain(query as Knex.QueryBuilder);
    console.log(`  plan (${dialect()}) ${name}:\n${plan.map((l) => `    ${l}`).join("\n")}`);
    const bad = plan.filter((l) => fullScan.test(l.trim()));
    if (bad.length) throw new Error(`inbox ${name} query scans workflow_instances without an index (${dialect()}): ${bad.join("; ")}`);
  }
  const result = await listInbox(reviewer, filters, { offset: 0, limit: 10 });
  if (result.rows.some((r) => r.region !== SCOPE_REGION)) throw new Error("the reviewer's page holds rows outside the scope");
  const mine = stats(await timeIt(reviewer, filters));
  const base = stats(await timeIt(admin, { ...filters, region: SCOPE_REGION }));
  return { dialect: dialect() as "sqlite" | "pg", p95: mine.p95, median: mine.median, baselineP95: base.p95, rows: result.rows.length, total: result.total };
}

function show(r: Result) {
  console.log(`  ${r.dialect}: first page ${r.rows} rows of ${r.total}, median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (goal ≤ ${APPS > 100_000 ? 10 : 20} ms); ` +
    `baseline (admin, region filter, no scope rules) p95 ${r.baselineP95.toFixed(2)} ms; ratio ${(r.p95 / r.baselineP95).toFixed(2)}×`);
  record({ [`inbox.p95_ms_${r.dialect}${SUFFIX}`]: r.p95, [`inbox.baseline_p95_ms_${r.dialect}${SUFFIX}`]: r.baselineP95, [`inbox.ratio_${r.dialect}${SUFFIX}`]: r.p95 / r.baselineP95 });
}

/** The other database, in a child process with its own environment. */
function other(): Result | null {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "inbox-bench-"));
  const env: NodeJS.ProcessEnv = { ...process.env, INBOX_BENCH_CHILD: "1", INBOX_BENCH_MAIN: "" };
  const schema = `bench_inbox_${process.pid}`;
  if (dialect() === "pg") {
    env.DATABASE_URL = path.join(tmp, "inbox.sqlite");
    delete env.DATABASE_SCHEMA;
  } else {
    env.DATABASE_URL = process.env.INBOX_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    env.DATABASE_SCHEMA = schema;
  }
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/inbox.ts"], { env, encoding: "utf8", maxBuffer: 1 << 26 });
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write((r.stdout ?? "").split("\n").filter((l) => !l.startsWith(MARK)).join("\n"));
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(MARK));
  if (!line) {
    console.log(`  the ${dialect() === "pg" ? "SQLite" : "PostgreSQL"} part did not run: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`);
    return null;
  }
  return JSON.parse(line.slice(MARK.length)) as Result;
}

export async function run() {
  console.log(`inbox: a ${SCOPE_REGION} reviewer's first page with counts over ${APPS.toLocaleString()} applications`);
  show(await measure());
  const r = other();
  if (r) show(r);
}

/** A database of its own made ready: migrated, features registered, built-in workflows, the first batch. */
async function prepare(): Promise<void> {
  await migrateLatest();
  registerFeatures();
  await syncWorkflowDefinitions(readBuiltInWorkflows());
  await seedFirstBatch(DEFAULT_PLEDGE_TEXT);
}

/** The run at 1,000,000 applications (`npm run bench -- inbox_1m`), in a process and database of its own. */
export const at1m = {
  async run() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "inbox-1m-"));
    const env: NodeJS.ProcessEnv = { ...process.env, INBOX_APPS: "1000000", INBOX_BENCH_MAIN: "1" };
    if (dialect() === "pg") env.DATABASE_SCHEMA = `bench_inbox1m_${process.pid}`;
    else env.DATABASE_URL = path.join(tmp, "inbox-1m.sqlite");
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/inbox.ts"], { env, stdio: "inherit" });
    fs.rmSync(tmp, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`inbox_1m exited with ${r.status}`);
  },
};

if (process.env.INBOX_BENCH_CHILD || process.env.INBOX_BENCH_MAIN) {
  try {
    await prepare();
    if (process.env.INBOX_BENCH_MAIN) await run();
    else console.log(MARK + JSON.stringify(await measure()));
  } finally {
    if (dialect() === "pg" && process.env.DATABASE_SCHEMA) await db.raw(`DROP SCHEMA IF EXISTS "${process.env.DATABASE_SCHEMA}" CASCADE`);
    await db.destroy();
  }
  process.exit(0);
}
