import "../setup/features";
import "../setup/guard";
// The pure transition function on the review fixture: allowed and refused transitions per role, the
// owner rule, guards with their reasons, required input, the effects list, and the buttons.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadWorkflowYamlOrThrow } from "~/engine/workflows/load";
import { availableEvents, canStart, confirmText, transition } from "~/engine/workflows/transition";
import type { Facts, WorkflowActor } from "~/engine/workflows/types";

const def = loadWorkflowYamlOrThrow(fs.readFileSync("tests/fixtures/workflows/review.yaml", "utf8"), "review.yaml");
const admission = loadWorkflowYamlOrThrow(fs.readFileSync("workflows/expert-admission.yaml", "utf8"), "expert-admission.yaml");

const owner: WorkflowActor = { id: 7, role: "expert" };
const otherExpert: WorkflowActor = { id: 8, role: "expert" };
const reviewer: WorkflowActor = { id: 20, role: "reviewer" };
const admin: WorkflowActor = { id: 30, role: "admin" };
const at = (state: string) => ({ id: 1, state, rowVersion: 3, ownerId: owner.id });
const ready: Facts = { completedSteps: ["info", "sign"], documents: { pledge: "current" } };

test("the owner submits a complete draft: target state and effects in order", () => {
  const r = transition(def, at("draft"), "submit", owner, { facts: ready });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.from, "draft");
  assert.is(r.to, "submitted");
  assert.equal(r.effects.map((e) => e.name), ["stamp-submitted-at", "notify"]);
  assert.is(r.comment, null);
  assert.ok(transition(def, at("returned"), "submit", owner, { facts: ready }).ok, "a returned application is resubmitted");
});

test("an event not possible in this state: 409 naming the state", () => {
  assert.equal(transition(def, at("reviewing"), "withdraw", owner), { ok: false, status: 409, message: "当前状态为「审核中」，不能撤回" });
  assert.equal(transition(def, at("approved"), "approve", reviewer), { ok: false, status: 409, message: "当前状态为「审核通过」，不能通过" });
  assert.equal(transition(def, at("draft"), "explode", owner), { ok: false, status: 422, message: "不支持的操作" });
});

test("roles: experts cannot review, reviewers and admins cannot submit or withdraw", () => {
  assert.equal(transition(def, at("submitted"), "accept", owner), { ok: false, status: 403, message: "您无权执行「开始审核」操作" });
  assert.ok(transition(def, at("submitted"), "accept", reviewer).ok);
  assert.ok(transition(def, at("submitted"), "accept", admin).ok);
  assert.equal(transition(def, at("submitted"), "withdraw", reviewer), { ok: false, status: 403, message: "您无权执行「撤回」操作" });
  assert.equal(transition(def, at("draft"), "submit", admin, { facts: ready }).ok, false);
});

test("owner-only transitions refuse another expert", () => {
  assert.equal(transition(def, at("submitted"), "withdraw", otherExpert), { ok: false, status: 403, message: "只有申请人本人可以执行「撤回」操作" });
  assert.equal(transition(def, at("draft"), "submit", otherExpert, { facts: ready }).ok, false);
  assert.ok(transition(def, at("submitted"), "withdraw", owner).ok);
});

test("guards refuse with their reason (422), in the order the definition lists them", () => {
  assert.equal(transition(def, at("draft"), "submit", owner, { facts: { completedSteps: ["info"], documents: {} } }), {
    ok: false, status: 422, message: "请先完成以下步骤：签字上传",
  });
  assert.equal(transition(def, at("draft"), "submit", owner, { facts: { completedSteps: ["info", "sign"], documents: {} } }), {
    ok: false, status: 422, message: "请先完成「签字上传」：上传签字后的扫描件",
  });
  assert.equal(transition(def, at("draft"), "submit", owner, { facts: { completedSteps: ["info", "sign"], documents: { pledge: "stale" } } }), {
    ok: false, status: 422, message: "「签字上传」中的文件是根据修改前的信息生成的，请重新下载、签字并上传",
  });
});

test("a guard whose facts the caller forgot is a programming error, not a pass", () => {
  assert.throws(() => transition(def, at("draft"), "submit", owner, { facts: {} }), /needs facts\.completedSteps/);
});

test("batch-open: before, inside and after the window", () => {
  const batch = { title: "2025年第一批", opensAt: Date.UTC(2025, 2, 1, 2), closesAt: Date.UTC(2025, 3, 1, 2) };
  const facts: Facts = { completedSteps: ["basic-info", "pledge", "application-form"], documents: { pledge: "current", "application-form": "current" }, batch };
  const submitAt = (now: number) => transition(admission, at("draft"), "submit", owner, { facts, now });
  assert.equal(submitAt(batch.opensAt - 1), { ok: false, status: 422, message: "「2025年第一批」尚未开始报名（开始时间：2025-03-01 10:00:00）" });
  assert.ok(submitAt(batch.opensAt).ok);
  assert.equal(submitAt(batch.closesAt), { ok: false, status: 422, message: "「2025年第一批」报名已截止（截止时间：2025-04-01 10:00:00）" });
  assert.equal(transition(admission, at("draft"), "submit", owner, { facts: { ...facts, batch: null } }), { ok: false, status: 422, message: "未找到对应的报名批次" });
});

test("required input: the reviewer must give a comment to return, within its length", () => {
  assert.equal(transition(def, at("reviewing"), "return", reviewer), { ok: false, status: 422, message: "请填写审核意见" });
  assert.equal(transition(def, at("reviewing"), "return", reviewer, { input: { comment: "   " } }), { ok: false, status: 422, message: "请填写审核意见" });
  assert.equal(transition(def, at("reviewing"), "return", reviewer, { input: { comment: "太".repeat(21) } }), { ok: false, status: 422, message: "审核意见不能超过20个字" });
  const r = transition(def, at("reviewing"), "return", reviewer, { input: { comment: " 工作经历不全 " } });
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.comment, "工作经历不全");
    assert.is(r.to, "returned");
    assert.equal(r.effects.map((e) => e.name), ["notify"]);
  }
  const approve = transition(def, at("reviewing"), "approve", reviewer, { input: { comment: "不需要的意见" } });
  assert.ok(approve.ok && approve.comment === null, "an undeclared comment is dropped");
});

test("role checks come before guards: a stranger learns nothing about the guards", () => {
  assert.equal(transition(def, at("draft"), "submit", reviewer, { facts: {} }), { ok: false, status: 403, message: "您无权执行「提交审核」操作" });
});

test("availableEvents: the buttons each actor sees, disabled ones with the guard's reason", () => {
  assert.equal(availableEvents(def, at("draft"), owner, { facts: { completedSteps: ["info"], documents: {} } }), [
    { event: "submit", title: "提交审核", to: "submitted", enabled: false, reason: "请先完成以下步骤：签字上传", confirm: "提交审核后，状态将变为「已提交」。此后资料不能修改，如需修改请先「撤回」。" },
  ]);
  assert.equal(availableEvents(def, at("draft"), otherExpert, { facts: ready }), []);
  assert.equal(availableEvents(def, at("submitted"), owner).map((e) => e.event), ["withdraw"]);
  assert.equal(availableEvents(def, at("submitted"), reviewer).map((e) => e.event), ["accept"]);
  assert.equal(availableEvents(def, at("reviewing"), owner), []);
  assert.equal(availableEvents(def, at("reviewing"), admin), [
    { event: "approve", title: "通过", to: "approved", enabled: true, confirm: "通过后，状态将变为「审核通过」。此操作不可撤销。" },
    { event: "return", title: "退回修改", to: "returned", enabled: true, comment: { title: "审核意见", required: true, maxLength: 20 }, confirm: "退回修改后，状态将变为「已退回」。申请人可修改资料后重新提交。" },
  ]);
  assert.equal(availableEvents(def, at("approved"), admin), []);
});

const confirmFixture = loadWorkflowYamlOrThrow(fs.readFileSync("tests/fixtures/workflows/confirm.yaml", "utf8"), "confirm.yaml");
const says = (event: string) => confirmText(confirmFixture, confirmFixture.transitions.find((t) => t.event === event)!);

test("confirmText: a transition's own confirm: text is said as written", () => {
  assert.is(says("approve"), "通过后将分配编号并通知申请人。");
  assert.is(availableEvents(confirmFixture, at("reviewing"), reviewer).find((e) => e.event === "approve")?.confirm, "通过后将分配编号并通知申请人。");
});

test("confirmText: without one, a sentence derived from the definition", () => {
  assert.is(says("submit"), "提交审核后，状态将变为「已提交」。此后资料不能修改，如需修改请先「撤回」。", "locks the input; names the owner's way back");
  assert.is(says("withdraw"), "撤回后，状态将变为「草稿」。此后可以修改资料并重新提交。", "the owner reopens their own");
  assert.is(says("accept"), "开始审核后，状态将变为「审核中」。此后申请人不能再「撤回」。", "ends the owner's way back");
  assert.is(says("return"), "退回修改后，状态将变为「已退回」。申请人可修改资料后重新提交。", "a reviewer reopens it for the applicant");
  assert.is(says("archive"), "封存后，状态将变为「已封存」。此后资料不能修改。", "locked with no way back for the owner");
  assert.is(says("reopen"), "重新开放后，状态将变为「已退回」。申请人可修改资料后重新提交。");
  // A definition published before `confirm:` existed still says what happens (the built-in admission v1).
  const v1 = loadWorkflowYamlOrThrow(fs.readFileSync("workflows/expert-admission.v1.yaml", "utf8"), "expert-admission.yaml");
  assert.is(availableEvents(v1, at("reviewing"), reviewer).find((e) => e.event === "approve")?.confirm, "通过后，状态将变为「审核通过」。此操作不可撤销。");
});

test("canStart: role and start guards", () => {
  assert.equal(canStart(def, owner, { facts: { openInstances: 0 } }), { ok: true });
  assert.equal(canStart(def, owner, { facts: { openInstances: 1 } }), { ok: false, status: 422, message: "您在本批次已有一份申请，不能重复申请" });
  assert.equal(canStart(def, reviewer, { facts: { openInstances: 0 } }), { ok: false, status: 403, message: "您无权发起「测试申请」" });
});

test("expert-admission: withdraw only before review starts; approval assigns a number, enrols in training and notifies", () => {
  assert.ok(transition(admission, at("submitted"), "withdraw", owner).ok);
  assert.equal(transition(admission, at("reviewing"), "withdraw", owner), { ok: false, status: 409, message: "当前状态为「审核中」，不能撤回" });
  const r = transition(admission, at("reviewing"), "approve", reviewer);
  assert.ok(r.ok && r.to === "approved");
  // v3: enrol-training tells the expert itself, with the words for a fee due or none (its notify argument).
  assert.equal(r.ok ? r.effects.map((e) => e.name) : [], ["assign-number", "enrol-training"]);
  const enrol = r.ok ? r.effects.find((e) => e.name === "enrol-training") : undefined;
  assert.equal(Object.keys((enrol?.args.notify ?? {}) as object), ["due", "free"]);
});


test("a guard offered only when met (a remedy, like 重新核对并提交): no button while it fails, firing still refused", async () => {
  const { GUARDS } = await import("~/engine/workflows/guards");
  const guards = { ...GUARDS, "steps-complete": { ...GUARDS["steps-complete"], offerOnlyWhenMet: true } };
  const incomplete = { completedSteps: ["info"], documents: {} };
  assert.equal(availableEvents(def, at("draft"), owner, { facts: incomplete, guards }), []);
  assert.equal(availableEvents(def, at("draft"), owner, { facts: ready, guards }).map((e) => [e.event, e.enabled]), [["submit", true]]);
  assert.equal(transition(def, at("draft"), "submit", owner, { facts: incomplete, guards }), { ok: false, status: 422, message: "请先完成以下步骤：签字上传" });
});

test.run();
