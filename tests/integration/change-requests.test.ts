import "../setup/guard";
// Issue 18: 个人信息变更 on the pool record — change requests bound to a field-level difference, stale
// detection and re-basing, concurrent approvals (never a lost update), reviewer scoping by the record's
// region, a region transfer with a second level at the receiving region, "as of" a date, bad input.
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { ReviewScope } from "~/engine/permissions/ability";
import { recordAsOf } from "~/features/changes/history.server";
import { STALE_TEXT } from "~/features/changes/groups";
import { NO_CHANGE } from "~/features/changes/diff";
import { APPLICANT_NOTICE, REVIEWER_NOTICE } from "~/features/changes/step.server";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { Client, db } from "../setup/app";
import { act, batchId, DATA } from "../setup/applications";
import { poolExpertInDb } from "../setup/certificate";
import { signedIn } from "../setup/factories";

const t = suite("change requests on the pool record");
const HOME = "乌鲁木齐市"; // poolRecordInDb's region
const TARGET = "伊犁哈萨克自治州";
const CHANGES_DATA = `/changes?${DATA("routes/_app.changes")}`;
const TASK = (id: number) => `/review/${id}?${DATA("routes/_app.review.$id")}`;
const FORM = { region: "change-region", "work-unit": "change-work-unit", specialties: "change-specialties", avoidance: "change-avoidance" } as const;
type Group = keyof typeof FORM;
// 统一社会信用代码 with a valid GB 32100 check character, and one with a wrong one.
const USCC_OK = "91650100MA77XJ8E3X";
const USCC_BAD = "91650100MA77XJ8E3A";

let seq = 0;
const ctx = {} as { home: Client; home2: Client; other: Client; target: Client; admin: Client };

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}

/** A signed-in expert with a pool record in 乌鲁木齐市 (training and exam passed): client and record id. */
async function expert(specialties: { code: string; main?: boolean }[] = [{ code: "A01", main: true }]) {
  const e = await poolExpertInDb(db, { batchId: await batchId(), number: `CR${process.pid % 1000}${String(++seq).padStart(4, "0")}`, specialties });
  const client = await new Client().prime();
  const res = await client.post("/login", { mode: "password", username: e.user.username, password: e.user.password });
  assert.is(res.status, 302);
  return { client, expertId: e.expertId, userId: e.userId, enrolmentId: e.enrolmentId };
}

async function start(c: Client, group: Group) {
  const res = await c.post("/changes", { intent: "start", group });
  assert.is(res.status, 302, await res.clone().text());
  return Number(/\/apply\/(\d+)$/.exec(res.headers.get("location") ?? "")![1]);
}
const rowVersion = async (id: number) => String((await db("workflow_instances").where({ id }).first()).row_version);
const fill = (c: Client, id: number, group: Group, doc: Record<string, unknown>) => act(c, id, { intent: "next", step: "change", data: JSON.stringify({ [FORM[group]]: doc }) });
const fire = async (c: Client, id: number, event: string) => act(c, id, { intent: "transition", event, rowVersion: await rowVersion(id) });
async function review(c: Client, id: number, event: string, comment?: string) {
  const res = await c.post(TASK(id), { intent: "transition", event, rowVersion: await rowVersion(id), ...(comment ? { comment } : {}) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string; left?: boolean } };
}
/** Starts, fills and submits a request: its id. */
async function filed(c: Client, group: Group, doc: Record<string, unknown>) {
  const id = await start(c, group);
  const next = await fill(c, id, group, doc);
  assert.is(next.status, 200, JSON.stringify(next.body));
  const sub = await fire(c, id, "submit");
  assert.is(sub.status, 200, sub.body.message);
  return id;
}
const record = (id: number) => db("experts").where({ id }).first();
const state = async (id: number) => (await db("workflow_instances").where({ id }).first()).state;

t.before(async () => {
  ctx.home = await reviewer([{ region: HOME, batchId: null }]);
  ctx.home2 = await reviewer([{ region: HOME, batchId: null }]);
  ctx.other = await reviewer([{ region: "塔城地区", batchId: null }]);
  ctx.target = await reviewer([{ region: TARGET, batchId: null }]);
  ctx.admin = (await signedIn("admin")).client;
});

t("only after training and exam: the page says what is missing and the start is refused", async () => {
  const e = await expert();
  await db("workflow_instances").where({ id: e.enrolmentId }).update({ state: "paid" });
  const page = await (await e.client.get(`/changes?${DATA("routes/_app.changes")}`)).json();
  assert.equal(page.qualification, { passed: false, missing: ["学习", "考试"] });
  const res = await e.client.post(CHANGES_DATA, { intent: "start", group: "work-unit" });
  assert.is(res.status, 422);
  assert.match((await res.json()).error, "尚未完成：学习、考试");
  assert.is((await db("workflow_instances").where({ owner_id: e.userId, record_type: "expert" }).count({ n: "*" }))[0].n as number, 0);
});

t("the difference is shown before submitting and bound at submit; one open request per group", async () => {
  const e = await expert([{ code: "A01", main: true }, { code: "A02" }]);
  const id = await start(e.client, "specialties");
  // Opened, not saved: 【修改】 again opens the same one (nothing new, nothing blocking).
  assert.is(await start(e.client, "specialties"), id);
  assert.is((await fill(e.client, id, "specialties", { specialties: [{ code: "A02", main: true }, { code: "A03" }] })).status, 200);
  // Saved: it is the open request; starting another says so and names it, to continue it (a 2nd tab).
  const again = await e.client.post(CHANGES_DATA, { intent: "start", group: "specialties" });
  assert.is(again.status, 422);
  const refusal = await again.json();
  assert.match(refusal.error, "未办结");
  assert.is(refusal.openId, id);
  const page = await (await e.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json();
  const panel = page.steps.find((s: { key: string }) => s.key === "review").extra.panel;
  assert.equal(panel.rows, [["增加专业", "—", "建筑给水排水"], ["减少专业", "建筑工程施工", "—"], ["主专业", "建筑工程施工", "建筑结构"]]);
  assert.is((await fire(e.client, id, "submit")).status, 200);
  const inst = await db("workflow_instances").where({ id }).first();
  const change = JSON.parse(inst.data).change;
  assert.is(change.base, 1);
  assert.match(change.hash, /^[0-9a-f]{64}$/);
  assert.is(inst.region, HOME);
  const listed = (await (await ctx.home.get(`/review?${DATA("routes/_app.review._index")}&type=record-specialties&status=submitted`)).json()).items;
  assert.is(listed.find((i: { id: number }) => i.id === id)?.attributes.summary, "增加专业：— → 建筑给水排水；减少专业：建筑工程施工 → —；主专业：建筑工程施工 → 建筑结构");
  const ok = await review(ctx.home, id, "approve");
  assert.is(ok.status, 200, ok.body.message);
  const r = await record(e.expertId);
  assert.equal([JSON.parse(r.specialties), r.main_specialty, r.row_version], [[{ code: "A02", main: true }, { code: "A03" }], "A02", 2]);
});

t("【修改】 opened and left: nothing listed, numbered or blocking; the form starts from the record; saved, it is a request", async () => {
  const e = await expert();
  const id = await start(e.client, "work-unit");
  const pageOf = async () => (await (await e.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json());
  const opened = await pageOf();
  assert.is(opened.application.applicationNumber, null, "no number until saved");
  assert.equal(opened.steps[0].forms[0].data, { workUnit: "测试单位" }, "the record's value to edit");
  assert.is(opened.steps[0].forms[0].status, null, "nothing saved");
  assert.equal(opened.steps.map((s: { done: boolean }) => s.done), [false, false]);
  assert.is(await db("form_submissions").where({ scope: `application:${id}` }).count({ n: "*" }).then((r) => Number(r[0].n)), 0);
  const listed = async () => {
    const page = await (await e.client.get(CHANGES_DATA)).json();
    const mine = (await (await e.client.get(`/apply?${DATA("routes/_app.apply._index")}`)).json()).applications;
    return { requests: page.requests.map((r: { id: number }) => r.id), open: page.groups.find((g: { group: string }) => g.group === "work-unit").openId, mine: mine.some((a: { id: number }) => a.id === id) };
  };
  assert.equal(await listed(), { requests: [], open: null, mine: false });
  // Left and come back: the same one opens, nothing refuses.
  assert.is(await start(e.client, "work-unit"), id);
  assert.is(Number((await db("workflow_instances").where({ owner_id: e.userId, record_type: "expert" }).count({ n: "*" }))[0].n), 1);
  // 暂存 makes it a request: listed, numbered, the open one of its group.
  assert.is((await act(e.client, id, { intent: "save", step: "change", data: JSON.stringify({ "change-work-unit": { workUnit: "新疆另一设计院" } }) })).status, 200);
  assert.equal(await listed(), { requests: [id], open: id, mine: true });
  assert.match((await pageOf()).application.applicationNumber, /^SQ\d{10}$/);
});

t("【修改】 opened and 下一步 refused as it started (工作单位, 回避单位): still unsaved — listed nowhere, no number, 【修改】 reopens it", async () => {
  const e = await expert();
  for (const group of ["work-unit", "avoidance"] as const) {
    const id = await start(e.client, group);
    const pageOf = async () => (await (await e.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json());
    // What the wizard posts when nothing was touched: the form's data as the page gave it (the record's).
    const asOpened = (await pageOf()).steps[0].forms[0].data;
    for (const next of [() => fill(e.client, id, group, asOpened), async () => {
      const res = await e.client.post(`/apply/${id}/draft`, { intent: "next", step: "change", data: JSON.stringify({ [FORM[group]]: asOpened }) });
      return { status: res.status, body: await res.json() };
    }]) {
      const refused = await next();
      assert.is(refused.status, 422, group);
      assert.match(JSON.stringify(refused.body.errors), NO_CHANGE);
      assert.is(await db("form_submissions").where({ scope: `application:${id}` }).count({ n: "*" }).then((r) => Number(r[0].n)), 0, `${group}: nothing saved`);
      const page = await (await e.client.get(CHANGES_DATA)).json();
      assert.equal(page.requests.map((r: { id: number }) => r.id), [], `${group}: no request listed`);
      assert.is(page.groups.find((g: { group: string }) => g.group === group).openId, null, `${group}: the row still offers 修改`);
      assert.is((await pageOf()).application.applicationNumber, null);
      assert.is(await start(e.client, group), id, `${group}: 【修改】 opens the same one`);
    }
  }
});

t("异动申请: the region the record is in already is offered greyed out (as the form check refuses it)", async () => {
  const e = await expert();
  const id = await start(e.client, "region");
  const ui = (await (await e.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json()).steps[0].forms[0].uiSchema;
  assert.equal(ui.region["ui:enumDisabled"], [HOME]);
  assert.is(ui.region["ui:options"].enumDisabledHint, "当前所在地州");
  assert.is(ui.region["ui:widget"], "region", "the rest of the uiSchema kept");
});

t("撤销申请: the expert cancels a draft or a returned request (a new one can then start); not a submitted one, nor anyone else", async () => {
  const e = await expert();
  const draft = await start(e.client, "work-unit");
  const stranger = await expert();
  assert.is((await fire(stranger.client, draft, "cancel")).status, 404, "another expert does not reach it");
  assert.is((await review(ctx.home, draft, "cancel")).status, 404, "a reviewer has no task on a draft");
  assert.is(await state(draft), "draft");
  const cancelled = await fire(e.client, draft, "cancel");
  assert.is(cancelled.status, 200, cancelled.body.message);
  assert.is(await state(draft), "cancelled");
  assert.is((await fire(e.client, draft, "submit")).status, 409, "a cancelled request is closed");
  const page = await (await e.client.get(CHANGES_DATA)).json();
  assert.is(page.groups.find((g: { group: string }) => g.group === "work-unit").openId, null, "no open request of the group any more");
  assert.ok(page.requests.some((r: { id: number; stateTitle?: string; state?: string }) => r.id === draft && JSON.stringify(r).includes("已撤销")), "listed as 已撤销");

  const submitted = await filed(e.client, "work-unit", { workUnit: "新单位" });
  // A page version that is not one is refused, not taken as "no version" (which skips the stale check).
  for (const rowVersion of ["abc", "0", "-1", "1.5"]) {
    assert.is((await act(e.client, submitted, { intent: "transition", event: "withdraw", rowVersion })).status, 400, rowVersion);
    assert.is((await ctx.home.post(TASK(submitted), { intent: "transition", event: "return", comment: "x", rowVersion })).status, 400, rowVersion);
  }
  const refused = await fire(e.client, submitted, "cancel");
  assert.is(refused.status, 409, "submitted: 撤回 first");
  assert.is(await state(submitted), "submitted");
  assert.is((await review(ctx.home, submitted, "return", "请补充说明")).status, 200);
  assert.is((await fire(e.client, submitted, "cancel")).status, 200, "a returned request can be cancelled");
  assert.is(await state(submitted), "cancelled");
  assert.is((await record(e.expertId)).row_version, 1, "the record is untouched");
  assert.ok(await start(e.client, "work-unit"), "a new request of the group starts");
});

t("multi-line text: a 异动原因 over two lines (CR LF as browsers send it) passes 下一步; a two-line 审核意见 keeps its break", async () => {
  const e = await expert();
  const id = await start(e.client, "region");
  const next = await fill(e.client, id, "region", { region: TARGET, reason: "工作单位迁至伊宁市\r\n已签订劳动合同", attachments: [] });
  assert.is(next.status, 200, JSON.stringify(next.body));
  assert.is((await fire(e.client, id, "submit")).status, 200);
  assert.is((await review(ctx.home, id, "return", "请补充：\r\n1. 劳动合同\r\n2. 调动证明")).status, 200);
  const h = await db("workflow_history").where({ instance_id: id, event: "return" }).first();
  assert.is(h.comment, "请补充：\n1. 劳动合同\n2. 调动证明");
});

t("已退回: the reviewer's task page speaks to the reviewer (the applicant's content), the applicant's wizard to the applicant", async () => {
  const e = await expert();
  const id = await filed(e.client, "region", { region: TARGET, reason: "调动", attachments: [] });
  assert.is((await review(ctx.home, id, "return", "请补充证明材料")).status, 200);
  const seen = (await (await ctx.home.get(TASK(id))).json()).panels[0];
  assert.equal(seen.notice, { type: "info", text: REVIEWER_NOTICE });
  assert.equal(seen.rows, [["评标地州", HOME, TARGET]]);
  assert.not.match(JSON.stringify(seen), "确认无误后提交审核");
  const own = (await (await e.client.get(`/apply/${id}?${DATA("routes/_app.apply.$id")}`)).json()).steps.find((s: { key: string }) => s.key === "review").extra.panel;
  assert.equal(own.notice, { type: "info", text: APPLICANT_NOTICE });
  // Emptied by the applicant since: the reviewer is told it is theirs, not asked to fill anything.
  assert.is((await act(e.client, id, { intent: "save", step: "change", data: JSON.stringify({ "change-region": { reason: "调动", attachments: [] } }) })).status, 200);
  const emptied = (await (await ctx.home.get(TASK(id))).json()).panels[0].notice;
  assert.equal(emptied, { type: "warning", text: "申请人尚未完成修改，当前内容不能提交：请选择新的评标地州" });
});

t("two starts of one group at the same moment make one request, which both open (5 rounds)", async () => {
  for (let round = 0; round < 5; round++) {
    const e = await expert();
    const answers = await Promise.all([0, 1].map(() => e.client.post("/changes", { intent: "start", group: "work-unit" })));
    assert.equal(answers.map((r) => r.status), [302, 302], `round ${round}: both open it`);
    assert.is(answers[0].headers.get("location"), answers[1].headers.get("location"), `round ${round}: the same one`);
    const open = await db("workflow_instances").where({ owner_id: e.userId, workflow_key: "record-work-unit" }).count({ n: "*" });
    assert.is(Number(open[0].n), 1, `round ${round}: one open request`);
  }
});

t("bad input is refused in Chinese and writes nothing", async () => {
  const e = await expert();
  const sp = await start(e.client, "specialties");
  for (const [doc, words] of [
    [{ specialties: [{ code: "Z99", main: true }] }, "不在目录中"],
    [{ specialties: [{ code: "A01", main: true }, { code: "A02", main: true }] }, "只能标记一个主专业"],
    [{ specialties: [{ code: "A01", main: true }, { code: "A02" }, { code: "A03" }, { code: "A04" }] }, ""],
  ] as const) {
    const r = await fill(e.client, sp, "specialties", doc);
    assert.is(r.status, 422, JSON.stringify(doc));
    if (words) assert.match(JSON.stringify(r.body.errors), words);
  }
  // A refused 下一步 keeps what was typed as a draft (issue 14 §6), but the step is not complete: no submit.
  const held = await fire(e.client, sp, "submit");
  assert.is(held.status, 422);
  assert.is(await state(sp), "draft");

  const av = await start(e.client, "avoidance");
  const bad = await fill(e.client, av, "avoidance", { hasUnits: "有", units: [{ name: "某建设公司", uscc: USCC_BAD, reason: "曾任职" }] });
  assert.is(bad.status, 422);
  assert.match(JSON.stringify(bad.body.errors), "统一社会信用代码");

  // A transfer to the region the record is in: refused at 下一步, at the field (not first at 提交审核).
  const rg = await start(e.client, "region");
  const same = await fill(e.client, rg, "region", { region: HOME, reason: "调动", attachments: [] });
  assert.is(same.status, 422);
  assert.match(JSON.stringify(same.body.errors), `您当前的评标地州已是「${HOME}」`);
  assert.is((await fill(e.client, rg, "region", { region: TARGET, reason: "调动", attachments: [] })).status, 200);

  // An empty change: the work unit as it is now.
  const wu = await start(e.client, "work-unit");
  // Emoji and markup are no unit's name (the 单位名称 format, forms/change-work-unit.json v2).
  for (const workUnit of ["新疆设计院😀", "<script>alert(1)</script>"]) {
    const r = await fill(e.client, wu, "work-unit", { workUnit });
    assert.is(r.status, 422, workUnit);
    assert.match(JSON.stringify(r.body.errors), "不能含有表情或 < > 等符号");
  }
  // 下一步 with the record's own value is refused at the field (the step is not 已完成), and so is 提交审核.
  const unchanged = await fill(e.client, wu, "work-unit", { workUnit: "测试单位" });
  assert.is(unchanged.status, 422);
  assert.equal(unchanged.body.errors, { "change-work-unit": { "/workUnit": [NO_CHANGE] } });
  const steps = (await (await e.client.get(`/apply/${wu}?${DATA("routes/_app.apply.$id")}`)).json()).steps;
  assert.equal(steps.map((s: { done: boolean }) => s.done), [false, false]);
  const empty = await fire(e.client, wu, "submit");
  assert.is(empty.status, 422);
  assert.match(empty.body.message, "请先完成");
  const inst = await db("workflow_instances").where({ id: wu }).first();
  assert.equal([inst.state, JSON.parse(inst.data).change, inst.submitted_at], ["draft", undefined, null]);
  assert.is((await record(e.expertId)).row_version, 1);
});

t("stale: B approved after A was filed → A flagged and refused; re-based, A is approvable", async () => {
  const e = await expert();
  const a = await filed(e.client, "work-unit", { workUnit: "新疆另一设计院" });
  const b = await filed(e.client, "avoidance", { hasUnits: "有", units: [{ name: "某建设公司", uscc: USCC_OK, reason: "曾任职" }] });
  assert.is((await review(ctx.home, b, "approve")).status, 200);

  const task = await (await ctx.home.get(TASK(a))).json();
  assert.equal(task.panels[0].notice, { type: "error", text: STALE_TEXT });
  // B itself is decided: it moved the record on, it is not "stale".
  const decided = (await (await ctx.home.get(TASK(b))).json()).panels[0].notice;
  assert.is(decided.type, "info");
  assert.match(decided.text, "该申请已办结（已通过）");
  const refused = await review(ctx.home, a, "approve");
  assert.is(refused.status, 422);
  assert.match(refused.body.message, "已过期");
  assert.is(await state(a), "submitted");
  assert.is((await record(e.expertId)).work_unit, "测试单位");
  const listed = (await (await ctx.home.get(`/review?${DATA("routes/_app.review._index")}&type=record-work-unit&status=submitted`)).json()).items;
  assert.match(listed.find((i: { id: number }) => i.id === a).attributes.summary, "已过期");

  // Nothing to re-base on a request that is current.
  assert.is((await fire(e.client, b, "rebase")).status, 409);
  const rebased = await fire(e.client, a, "rebase");
  assert.is(rebased.status, 200, rebased.body.message);
  assert.is(JSON.parse((await db("workflow_instances").where({ id: a }).first()).data).change.base, 2);
  assert.is((await review(ctx.home, a, "approve")).status, 200);
  const r = await record(e.expertId);
  assert.equal([r.work_unit, JSON.parse(r.avoidance_units).length, r.row_version], ["新疆另一设计院", 1, 3]);
  const h = await db("expert_history").where({ expert_id: e.expertId }).orderBy("row_version");
  assert.equal(h.map((x) => [x.row_version, x.source_instance_id, x.valid_to === null]), [[1, h[0].source_instance_id, false], [2, b, false], [3, a, true]]);
});

t("a reviewer of another region never sees a request, by list or by URL", async () => {
  const e = await expert();
  const id = await filed(e.client, "work-unit", { workUnit: "新疆第三设计院" });
  const items = (await (await ctx.other.get(`/review?${DATA("routes/_app.review._index")}&type=record-work-unit&status=submitted`)).json()).items;
  assert.not.ok(items.some((i: { id: number }) => i.id === id));
  assert.is((await ctx.other.get(TASK(id))).status, 404);
  assert.is((await ctx.other.post(TASK(id), { intent: "transition", event: "approve", rowVersion: await rowVersion(id) })).status, 404);
  assert.is((await ctx.other.get(`/pool/${e.expertId}/history`)).status, 404);
  assert.is((await ctx.home.get(`/pool/${e.expertId}/history`)).status, 200);
  assert.is((await review(ctx.home, id, "return", "请补充证明材料")).status, 200);
});

t("a transfer: the current region, then the receiving one; the record moves; as of before and after", async () => {
  const e = await expert();
  // Admitted ten days ago.
  const admitted = Date.now() - 10 * 86400_000;
  await db("expert_history").where({ expert_id: e.expertId }).update({ valid_from: admitted });
  const id = await filed(e.client, "region", { region: TARGET, reason: "工作单位迁至伊宁市", attachments: [] });
  assert.is((await ctx.target.get(TASK(id))).status, 404, "not the receiving region's until forwarded");
  const forwarded = await review(ctx.home, id, "forward");
  assert.is(forwarded.status, 200);
  assert.not.ok(forwarded.body.left, "the forwarding reviewer stays on the page: they still read it");
  // The outgoing region follows it, read-only: its own tab 已转出 (not its task tabs, not 首页's 待办), the
  // page without actions, and no 通过 by URL; another region's reviewer sees none of it.
  const inbox = async (c: Client, q: string) => (await (await c.get(`/review?${DATA("routes/_app.review._index")}${q}`)).json());
  const tasks = await inbox(ctx.home, "");
  assert.is(tasks.tabs.find((x: { key: string }) => x.key === "forwarded-elsewhere")?.count, 1, "已转出 counts it");
  assert.not.ok(tasks.items.some((i: { id: number }) => i.id === id), "not among the region's own tasks");
  const out = await inbox(ctx.home, "&status=forwarded-elsewhere");
  assert.equal(out.items.map((i: { id: number; open: boolean; stateTitle: string }) => [i.id, i.open, i.stateTitle]), [[id, false, "转入地州审核"]]);
  const seen = await (await ctx.home.get(TASK(id))).json();
  assert.equal(seen.events ?? [], [], "read-only for the outgoing region");
  assert.is((await review(ctx.home, id, "approve")).status, 403, "the receiving region approves, not the outgoing one");
  assert.not.ok((await inbox(ctx.other, "&status=forwarded-elsewhere")).items.some((i: { id: number }) => i.id === id));
  assert.is((await ctx.other.get(TASK(id))).status, 404);
  const ok = await review(ctx.target, id, "approve");
  assert.is(ok.status, 200, ok.body.message);
  assert.equal((await inbox(ctx.home, "&status=forwarded-elsewhere")).items.map((i: { stateTitle: string }) => i.stateTitle), ["已通过"], "followed to its outcome");
  assert.is((await record(e.expertId)).region, TARGET);
  const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  assert.is((await recordAsOf(e.expertId, day(admitted + 86400_000)))?.region, HOME);
  assert.is((await recordAsOf(e.expertId, day(Date.now())))?.region, TARGET);
  assert.is(await recordAsOf(e.expertId, day(admitted - 86400_000)), undefined);
  const current = await db("expert_history").where({ expert_id: e.expertId }).whereNull("valid_to").first();
  assert.equal([current.event, current.source_instance_id, current.region], ["transferred", id, TARGET]);
  // The history page follows the record: now the receiving region's reviewers', no longer the old one's.
  assert.is((await ctx.home.get(`/pool/${e.expertId}/history`)).status, 404);
  const page = await (await ctx.target.get(`/pool/${e.expertId}/history?date=${day(admitted + 86400_000)}&${DATA("routes/_app.pool.$id.history")}`)).json();
  assert.is(page.asOf.region, HOME);
  assert.equal(page.rows[0].changes, [{ label: "评标地州", before: HOME, after: TARGET }]);
  const bad = await (await ctx.admin.get(`/pool/${e.expertId}/history?date=2026-02-30&${DATA("routes/_app.pool.$id.history")}`)).json();
  assert.match(bad.dateError, "年-月-日");
});

t("20 rounds: two reviewers approve two requests on one record at once — never a lost update", async () => {
  for (let round = 0; round < 20; round++) {
    const e = await expert();
    const a = await filed(e.client, "work-unit", { workUnit: `并发单位${round}` });
    const b = await filed(e.client, "avoidance", { hasUnits: "有", units: [{ name: `并发公司${round}`, reason: "曾任职" }] });
    const [ra, rb] = await Promise.all([review(ctx.home, a, "approve"), review(ctx.home2, b, "approve")]);
    const won = [ra, rb].filter((r) => r.status === 200).length;
    assert.ok(won >= 1, `round ${round}: ${ra.status} ${ra.body.message} / ${rb.status} ${rb.body.message}`);
    for (const r of [ra, rb]) if (r.status !== 200) assert.match(r.body.message, "已过期");
    const r = await record(e.expertId);
    // Every approved request is in the record; nothing approved is missing; the version counts each.
    assert.is(r.row_version, 1 + won, `round ${round}`);
    assert.is(r.work_unit === `并发单位${round}`, ra.status === 200, `round ${round}: work unit`);
    assert.is(JSON.parse(r.avoidance_units).length === 1, rb.status === 200, `round ${round}: avoidance`);
    assert.equal(await state(a), ra.status === 200 ? "approved" : "submitted");
    assert.equal(await state(b), rb.status === 200 ? "approved" : "submitted");
    const h = await db("expert_history").where({ expert_id: e.expertId }).orderBy("row_version");
    assert.is(h.length, 1 + won);
    assert.is(h.filter((x) => x.valid_to === null).length, 1);
  }
});

t("one level instead of two is configuration: a new version of region-transfer without the receiving region", async () => {
  const builtIn = fs.readFileSync("workflows/region-transfer.yaml", "utf8");
  const next = Number(/^version: (\d+)$/m.exec(builtIn)![1]) + 1;
  const yaml = builtIn
    .replace(/^version: \d+$/m, `version: ${next}`)
    .replace(/  receiving-review: .*\n/, "")
    .replace(/  - event: forward[\s\S]*?effects: \[route-to-receiving-region\]\n/, "")
    .replace("from: [region-review, receiving-review]\n    to: region-review", "from: region-review\n    to: region-review")
    .replace("from: receiving-review\n    to: approved", "from: region-review\n    to: approved")
    .replace("from: [region-review, receiving-review]\n    to: returned", "from: region-review\n    to: returned");
  const pub = await ctx.admin.post(`/admin/workflows/region-transfer?${DATA("routes/_app.admin.workflows.$key")}`, { intent: "publish", content: yaml });
  assert.is(pub.status, 200, await pub.clone().text());
  const e = await expert();
  const id = await filed(e.client, "region", { region: TARGET, reason: "调动", attachments: [] });
  assert.is((await db("workflow_instances").where({ id }).first()).workflow_version, next);
  const ok = await review(ctx.home, id, "approve");
  assert.is(ok.status, 200, ok.body.message);
  assert.is((await record(e.expertId)).region, TARGET);
});

t.run();
