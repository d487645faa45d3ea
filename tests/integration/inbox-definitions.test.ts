import "../setup/guard";
// Issue 13, "workflow instances are generic", over HTTP: a fixture workflow with states of its own
// (tests/fixtures/workflows/unit-check.yaml) is published by an administrator — the variants with a tab
// on an unknown state, a bulk action on an unknown event or on one that needs a comment are refused in
// Chinese and publish nothing — and its inbox shows its own tabs (a task state it leaves out comes after
// them), its own attribute column (工作单位) when 类型 selects it, and its bulk action (批量核查, not
// 通过), taken on each task through the task page's checks and only where the definition offers it.
// Migration 018 back-fills the attribute store from a database made by the previous version.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { migrationSource, migrationSourceUpTo } from "../../db/migrations/index";
import type { ReviewScope } from "~/engine/permissions/ability";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { env, isPostgres } from "~/utils/env.server";
import type { Client } from "../setup/app";
import { db } from "../setup/app";
import { act, batchId, DATA, readyApplication, rowVersion } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("inbox from the definitions");
const KEY = "unit-check";
const SOURCE = fs.readFileSync(`tests/fixtures/workflows/${KEY}.yaml`, "utf8");
const REGION = "博尔塔拉蒙古自治州";
const WORK_UNIT = VALID_SAMPLES["expert-basic-info"].workUnit as string;
const LIST = (q: string) => `/review?${DATA("routes/_app.review._index")}&${q}`;
const BULK = `/review?index&${DATA("routes/_app.review._index")}`;

type Tab = { key: string; title: string; count: number; bulk: { event: string; title: string; verb: string }[] };
type Inbox = {
  items: { id: number; applicant: string; state: string; stateTitle: string; kind: string; attributes: Record<string, string> }[];
  tabs: Tab[]; attributeColumns: { key: string; title: string }[]; filters: { state?: string };
};
type Answer = { ok: boolean; message: string; done?: number; failed?: { id: number; message: string }[]; problems?: { message: string }[] };

const ctx = {} as { admin: Client; reviewer: Client; otherRegion: Client; batch: number; ids: number[] };

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}
async function inbox(client: Client, q: string): Promise<Inbox> {
  const res = await client.get(LIST(q));
  assert.is(res.status, 200, q);
  return (await res.json()) as Inbox;
}
const publish = async (content: string) => {
  const res = await ctx.admin.post(`/admin/workflows/${KEY}?${DATA("routes/_app.admin.workflows.$key")}`, { intent: "publish", content });
  return { status: res.status, body: (await res.json()) as Answer };
};
const bulk = async (client: Client, fields: Record<string, string | string[]>) => {
  const res = await client.post(BULK, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
const state = async (id: number) => (await db("workflow_instances").where({ id }).first()).state as string;

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  ctx.reviewer = await reviewer([{ region: REGION, batchId: null }]);
  ctx.otherRegion = await reviewer([{ region: "阿勒泰地区", batchId: null }]);
  const created = await ctx.admin.post("/admin/workflows?index", { intent: "create", key: KEY, title: "工作单位核查（测试）" });
  assert.is(created.status, 302);
});

t("publish refuses a tab on an unknown state, a bulk action on an unknown event or one that needs a comment; nothing is published", async () => {
  const cases: [string, string][] = [
    [SOURCE.replace("{ state: done,     title: 已办结 }", "{ state: finished, title: 已办结 }"), '审核列表第2个页签的状态 "finished" 未定义'],
    [SOURCE.replace("{ event: verify, title: 批量核查 }", "{ event: verfy, title: 批量核查 }"), '审核列表的批量操作 "verfy" 未定义：没有这个转换（是否应为 "verify"？）'],
    [SOURCE.replace("{ event: verify, title: 批量核查 }", "{ event: return, title: 批量退回 }"), '审核列表的批量操作 "return" 需要填写「审核意见」，不能批量执行'],
    [SOURCE.replace("work_unit: { title: 工作单位, ", "work_unit: { "), '属性 "work_unit" 须写明标题 title（审核列表的列名）'],
  ];
  for (const [content, message] of cases) {
    assert.is.not(content, SOURCE, message);
    const r = await publish(content);
    assert.is(r.status, 422, message);
    assert.ok(r.body.problems?.some((p) => p.message.includes(message)), `${message}\n${JSON.stringify(r.body.problems)}`);
  }
  assert.not.ok(await db("workflow_versions").where({ key: KEY }).first(), "nothing published");
  const ok = await publish(SOURCE);
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  // A batch running it (as an administrator would configure one).
  const { id: _id, ...seed } = await db("batches").where({ id: await batchId() }).first();
  const [row] = await db("batches").insert({ ...seed, name: "工作单位核查批次", workflow_key: KEY, workflow_version: 1 }).returning("id");
  ctx.batch = typeof row === "object" ? (row as { id: number }).id : (row as number);
});

t("two applicants submit: the work unit is captured as an attribute of the instance", async () => {
  ctx.ids = [];
  for (const name of ["核查甲", "核查乙"]) {
    const { client, id } = await readyApplication({ name, region: REGION, batch: ctx.batch });
    const r = await act(client, id, { intent: "transition", event: "submit", rowVersion: await rowVersion(id) });
    assert.is(r.status, 200, r.body.message);
    assert.is(await state(id), "checking");
    ctx.ids.push(id);
  }
  const stored = await db("instance_attributes").whereIn("instance_id", ctx.ids).orderBy(["instance_id", "key"]).select("instance_id", "key", "value");
  for (const id of ctx.ids) {
    const mine = Object.fromEntries(stored.filter((r) => r.instance_id === id).map((r) => [r.key, r.value]));
    assert.equal(Object.keys(mine).sort(), ["applicant", "region", "specialty", "work_unit"]);
    assert.is(mine.work_unit, WORK_UNIT);
    assert.is(mine.region, REGION);
    // The well-known keys keep their columns (scoping and filters read them).
    assert.is((await db("workflow_instances").where({ id }).first()).region, REGION);
  }
});

t("类型 selects the workflow: its own tabs, the first by default, and its 工作单位 column", async () => {
  const page = await inbox(ctx.reviewer, `type=${KEY}`);
  assert.equal(page.tabs.map((x) => [x.key, x.title, x.count]), [["checking", "待核查", 2], ["done", "已办结", 0], ["signing", "待签批", 0]]);
  assert.equal(page.tabs[0].bulk.map((b) => [b.event, b.title, b.verb]), [["verify", "批量核查", "核查无误"]]);
  assert.equal(page.tabs.slice(1).map((x) => x.bulk), [[], []]);
  assert.is(page.filters.state, "checking");
  assert.equal(page.attributeColumns, [{ key: "work_unit", title: "工作单位" }]);
  const mine = page.items.filter((i) => ctx.ids.includes(i.id));
  assert.is(mine.length, 2);
  for (const item of mine) assert.equal([item.stateTitle, item.kind, item.attributes.work_unit], ["资格核查", "task", WORK_UNIT]);

  // The page itself (server-rendered HTML): the column and its values are there.
  const html = await (await ctx.reviewer.get(`/review?type=${KEY}`)).text();
  assert.match(html, /<th[^>]*>(<[^>]+>)*工作单位/);
  assert.match(html, WORK_UNIT);
  assert.match(html, "批量核查");
  // Without the filter, the manual's columns only; out of scope, no rows.
  assert.equal((await inbox(ctx.reviewer, "status=checking")).attributeColumns, []);
  assert.not.match(await (await ctx.reviewer.get("/review?status=checking")).text(), WORK_UNIT);
  assert.is((await inbox(ctx.otherRegion, `type=${KEY}`)).items.length, 0);
});

t("without 类型, the tabs of every workflow the reviewer acts on, merged by state in order of first appearance", async () => {
  const page = await inbox(ctx.reviewer, "");
  const keys = page.tabs.map((x) => x.key);
  assert.equal(page.tabs.slice(0, 4).map((x) => x.title), ["待审核", "审核中", "已通过", "已退回"], "入库申请's tabs first, as declared");
  // Opened without a tab: the first task tab with work waiting (this reviewer's two 待核查 wait in a later
  // tab; before, 待审核 was chosen even when empty and the work went unseen).
  const tasks = ["submitted", "reviewing", "checking", "signing"];
  const expected = page.tabs.find((x) => tasks.includes(x.key) && x.count > 0)!.key;
  assert.is(page.filters.state, expected);
  assert.ok(page.items.length > 0 && page.items.every((i) => i.state === expected));
  if (page.tabs[0].count === 0) assert.is(expected, "checking");
  // 首页 says how many wait, under the same rules: at least these two; none for a reviewer of a region
  // where nothing was filed.
  const todo = async (c: Client) => ((await (await c.get(`/?${DATA("routes/_app._index")}`)).json()) as { todo: number | null }).todo;
  const mine = await todo(ctx.reviewer);
  assert.ok(mine !== null && mine >= 2 && mine <= page.tabs.reduce((n, x) => n + x.count, 0), String(mine));
  assert.is(await todo(await reviewer([{ region: "克孜勒苏柯尔克孜自治州", batchId: null }])), 0);
  assert.is(await todo((await signedIn("expert")).client), null, "experts have no inbox");
  // Asked for, a tab is shown even when empty.
  assert.is((await inbox(ctx.otherRegion, "status=submitted")).filters.state, "submitted");
  const own = ["checking", "done", "signing"].map((k) => keys.indexOf(k));
  assert.ok(own.every((i, n) => i > 3 && (n === 0 || i > own[n - 1])), keys.join());
  assert.equal(page.tabs.find((x) => x.key === "reviewing")!.bulk.map((b) => b.title), ["批量通过"]);
  assert.equal(page.tabs.find((x) => x.key === "checking")!.bulk.map((b) => b.title), ["批量核查"]);
  assert.is(new Set(keys).size, keys.length, "one tab per state");
});

t("批量核查 takes each task through the task page's checks; only where the definition offers it", async () => {
  // Nothing to run: an event that is no bulk action of any inbox, or none selected.
  for (const event of ["sign", "return", "no-such", "Bad!"]) {
    const r = await bulk(ctx.reviewer, { intent: "bulk", event, id: ctx.ids.map(String) });
    assert.is(r.status, 400, event);
    assert.is(r.body.message, "没有这项批量操作");
  }
  assert.equal(await Promise.all(ctx.ids.map(state)), ["checking", "checking"]);
  const none = await bulk(ctx.reviewer, { intent: "bulk", event: "verify" });
  assert.equal([none.status, none.body.message], [400, "请先勾选要核查无误的申请"]);
  // 通过 is a bulk action of 入库申请, not of this workflow: refused per task, nothing changes.
  const approve = await bulk(ctx.reviewer, { intent: "bulk-approve", id: ctx.ids.map(String) });
  assert.is(approve.status, 409);
  assert.equal(approve.body.failed!.map((f) => f.message), ["「资格核查」的申请不能批量通过", "「资格核查」的申请不能批量通过"]);
  // Out of scope: refused like a missing task.
  const stranger = await bulk(ctx.otherRegion, { intent: "bulk", event: "verify", id: ctx.ids.map(String) });
  assert.is(stranger.status, 409);
  assert.equal(stranger.body.failed!.map((f) => f.message), ["申请不存在或无权审核", "申请不存在或无权审核"]);
  assert.equal(await Promise.all(ctx.ids.map(state)), ["checking", "checking"]);

  const done = await bulk(ctx.reviewer, { intent: "bulk", event: "verify", id: [...ctx.ids.map(String), "99999999"] });
  assert.is(done.status, 200, JSON.stringify(done.body));
  assert.equal([done.body.ok, done.body.done, done.body.message], [false, 2, "已核查无误 2 条，1 条未核查无误"]);
  assert.equal(await Promise.all(ctx.ids.map(state)), ["signing", "signing"]);
  // Audited like a transition on the task page.
  const audits = await db("audit_log").where({ action: "application.transition" }).whereIn("target_id", ctx.ids.map(String));
  assert.equal(audits.map((a) => JSON.parse(a.detail).event), ["verify", "verify"]);
  // In 待签批 now: a task, but the definition offers no bulk action there.
  const again = await bulk(ctx.reviewer, { intent: "bulk", event: "verify", id: ctx.ids.map(String) });
  assert.is(again.status, 409);
  assert.equal(again.body.failed!.map((f) => f.message), ["「待签批」的申请不能批量核查无误", "「待签批」的申请不能批量核查无误"]);
  const page = await inbox(ctx.reviewer, `type=${KEY}&status=signing`);
  assert.equal(page.tabs.map((x) => x.count), [0, 0, 2]);
});

// ---- migration 018 on a database made by the previous version -------------------------------------

const UP_TO_014 = migrationSourceUpTo("014-instance-records");

/** A fresh database (a SQLite file, or a PostgreSQL schema) migrated up to 014 only. */
async function databaseAt014(): Promise<{ k: Knex; drop(): Promise<void> }> {
  if (isPostgres()) {
    const schema = `${env.databaseSchema ?? "inbox"}_v014`.replace(/[^a-z0-9_]/gi, "_").slice(0, 60);
    const k = knexFactory({ client: "pg", connection: env.databaseUrl, searchPath: [schema], pool: { min: 0, max: 2 } });
    await k.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await k.raw(`CREATE SCHEMA "${schema}"`);
    await k.migrate.latest({ migrationSource: UP_TO_014 });
    return { k, async drop() { await k.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); await k.destroy(); } };
  }
  const file = path.join(os.tmpdir(), `inbox-v014-${process.pid}-${Date.now()}.sqlite`);
  const k = knexFactory({ client: "sqlite3", connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  await k.migrate.latest({ migrationSource: UP_TO_014 });
  return { k, async drop() { await k.destroy(); for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); } };
}

t("migration 018 back-fills every instance's well-known attributes from its columns", async () => {
  const { k, drop } = await databaseAt014();
  try {
    assert.not.ok(await k.schema.hasTable("instance_attributes"), "the fixture is a database of the previous version");
    const [u] = await k("users").insert({ username: `mig${process.pid}`, password_hash: "x", name: "迁移", phone: "13900000001", role: "expert", created_at: 1, updated_at: 1 }).returning("id");
    const owner = Number(typeof u === "object" ? u.id : u);
    const instance = async (i: number, cols: Record<string, string | null>) => {
      const [r] = await k("workflow_instances").insert({
        workflow_key: "expert-admission", workflow_version: 1, workflow_hash: "h".repeat(64), owner_id: owner, batch_id: i, state: "submitted",
        row_version: 2, data: "{}", created_at: 1, updated_at: 1, submitted_at: 1, ...cols,
      }).returning("id");
      return Number(typeof r === "object" ? r.id : r);
    };
    const full = await instance(1, { applicant_name: "张三", region: "哈密市", specialty: "A01" });
    const partial = await instance(2, { applicant_name: "李四", region: null, specialty: "" });
    const bare = await instance(3, {});

    await k.migrate.latest({ migrationSource });
    const rows = await k("instance_attributes").orderBy(["instance_id", "key"]).select("instance_id", "key", "value");
    assert.equal(rows.map((r) => [Number(r.instance_id), r.key, r.value]), [
      [full, "applicant", "张三"], [full, "region", "哈密市"], [full, "specialty", "A01"], [partial, "applicant", "李四"],
    ]);
    assert.not.ok(rows.some((r) => Number(r.instance_id) === bare));
    // One row per (instance, key).
    const twice = await k("instance_attributes").insert({ instance_id: full, key: "region", value: "又一个" }).then(() => "inserted", () => "refused");
    assert.is(twice, "refused");
  } finally {
    await drop();
  }
});

t.run();
