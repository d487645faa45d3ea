// Workflow runtime on the database (issue 5): built-ins synced at start-up, a full admission-like path
// with history and effects, version pinning, effects rolled back with their transition, and racing
// withdraw/accept requests with exactly one winner and one history row per transition.
import "../setup/features";
import "../setup/guard";
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import { makeUser } from "../setup/factories";
import { loadWorkflowYamlOrThrow } from "~/engine/workflows/load";
import { getWorkflowVersion, latestWorkflowVersion, readBuiltInWorkflows, syncWorkflowDefinitions, WorkflowConflict } from "~/engine/workflows/registry.server";
import { applyTransition, DUPLICATE_MESSAGE, getHistory, getInstance, instanceEvents, startInstance } from "~/engine/workflows/runtime.server";
import type { Facts, WorkflowActor, WorkflowHooks } from "~/engine/workflows/types";

const t = suite("workflow runtime");

const review = loadWorkflowYamlOrThrow(fs.readFileSync("tests/fixtures/workflows/review.yaml", "utf8"), "review.yaml");
const ready: Facts = { completedSteps: ["info", "sign"], documents: { pledge: "current" } };
const sent: { userId: number; message: string }[] = [];
const hooks: WorkflowHooks = { notify: async ({ userId, message }) => void sent.push({ userId, message }) };

const actor = (u: { id: number; role: string }) => ({ id: u.id, role: u.role }) as WorkflowActor;
let reviewer: WorkflowActor;

async function submitted(ownerId: number) {
  const s = await startInstance({ workflowKey: "review", version: 1, actor: { id: ownerId, role: "expert" } }, { facts: { openInstances: 0 } });
  if (!s.ok) throw new Error(s.message);
  const r = await applyTransition(s.instance.id, "submit", { id: ownerId, role: "expert" }, {}, { facts: ready, hooks });
  if (!r.ok) throw new Error(r.message);
  return r.instance;
}

t.before(async () => {
  await syncWorkflowDefinitions([review]);
  reviewer = actor(await makeUser("reviewer"));
});

t("the built-in expert-admission workflow is published at start-up; syncing again changes nothing", async () => {
  const defs = readBuiltInWorkflows();
  const v = await getWorkflowVersion("expert-admission", 1);
  assert.ok(v && v.hash.length === 64);
  assert.equal(v!.definition, defs.find((d) => d.key === "expert-admission"));
  // (Other suites may have published later versions; syncing the built-ins must add nothing.)
  const count = async () => Number((await db("workflow_versions").where({ key: "expert-admission" }).count<{ n: number | string }[]>({ n: "*" }))[0].n);
  const before = await count();
  await syncWorkflowDefinitions(defs);
  assert.is(await count(), before);
});

t("the same key and version with different content is refused", async () => {
  try {
    await syncWorkflowDefinitions([{ ...review, title: "改过的标题" }]);
    assert.unreachable("should refuse");
  } catch (e) {
    assert.instance(e, WorkflowConflict);
  }
  assert.is((await getWorkflowVersion("review", 1))!.title, "测试申请");
});

t("a full path: start, submit, review, return with a comment, resubmit, approve — history, stamps, number, notices", async () => {
  const owner = actor(await makeUser("expert"));
  const s = await startInstance({ workflowKey: "review", version: 1, actor: owner, batchId: 9001 }, { facts: { openInstances: 0 } });
  assert.ok(s.ok);
  if (!s.ok) return;
  assert.is(s.instance.state, "draft");
  assert.is(s.instance.rowVersion, 1);
  assert.is(s.instance.workflowHash, (await getWorkflowVersion("review", 1))!.hash);
  const id = s.instance.id;
  sent.length = 0;

  const step = async (event: string, who: WorkflowActor, input = {}, facts: Facts = ready) => {
    const r = await applyTransition(id, event, who, input, { facts, hooks });
    assert.ok(r.ok, r.ok ? "" : `${event}: ${r.message}`);
    return r;
  };
  await step("submit", owner);
  assert.ok((await getInstance(id))!.submittedAt! > 0);
  await step("accept", reviewer);
  assert.equal(await applyTransition(id, "return", reviewer, {}, { hooks }), { ok: false, status: 422, message: "请填写审核意见" });
  await step("return", reviewer, { comment: "工作经历不全" });
  assert.equal((await instanceEvents((await getInstance(id))!, owner, ready)).map((e) => e.event), ["submit"]);
  await step("submit", owner);
  await step("accept", reviewer);
  const done = await step("approve", reviewer);
  const inst = (await getInstance(id))!;
  assert.is(inst.state, "approved");
  assert.is(inst.rowVersion, 7);
  // No batch: the pool feature's assign-number takes the definition's prefix and digits on its own counter.
  assert.match(inst.number!, /^T\d{4}$/);
  assert.is((await db("number_sequences").where({ name: "number:T#" }).first())?.value, Number(inst.number!.slice(1)));
  assert.equal(done.ok && done.instance.number, inst.number);

  const history = await getHistory(id);
  assert.equal(history.map((h) => [h.rowVersion, h.event, h.fromState, h.toState]), [
    [1, "start", null, "draft"],
    [2, "submit", "draft", "submitted"],
    [3, "accept", "submitted", "reviewing"],
    [4, "return", "reviewing", "returned"],
    [5, "submit", "returned", "submitted"],
    [6, "accept", "submitted", "reviewing"],
    [7, "approve", "reviewing", "approved"],
  ]);
  assert.is(history[3].comment, "工作经历不全");
  assert.is(history[3].actorId, reviewer.id);
  assert.equal(sent.map((m) => m.message), ["测试申请已提交", "测试申请已退回：工作经历不全", "测试申请已提交", `测试申请已审核通过，编号${inst.number}`]);
  assert.ok(sent.every((m) => m.userId === owner.id));

  const again = await startInstance({ workflowKey: "review", version: 1, actor: owner, batchId: 9001 }, { facts: { openInstances: 0 } });
  assert.equal(again, { ok: false, status: 409, message: DUPLICATE_MESSAGE });
});

t("a failing effect undoes its transition: state, row_version and history unchanged", async () => {
  const owner = actor(await makeUser("expert"));
  const s = await startInstance({ workflowKey: "review", version: 1, actor: owner }, { facts: { openInstances: 0 } });
  assert.ok(s.ok);
  if (!s.ok) return;
  const failing: WorkflowHooks = { notify: async () => { throw new Error("outbox down"); } };
  try {
    await applyTransition(s.instance.id, "submit", owner, {}, { facts: ready, hooks: failing });
    assert.unreachable("should throw");
  } catch (e) {
    assert.match((e as Error).message, "outbox down");
  }
  const inst = (await getInstance(s.instance.id))!;
  assert.equal([inst.state, inst.rowVersion, inst.submittedAt], ["draft", 1, null]);
  assert.is((await getHistory(s.instance.id)).length, 1);
});

t("version pinning: an instance keeps version 1 after version 2 is published", async () => {
  const owner = actor(await makeUser("expert"));
  const old = await submitted(owner.id);
  const v2 = { ...review, version: 2, transitions: review.transitions.filter((x) => x.event !== "withdraw") };
  await syncWorkflowDefinitions([v2], "admin");
  assert.is((await latestWorkflowVersion("review"))!.version, 2);

  const other = actor(await makeUser("expert"));
  const s = await startInstance({ workflowKey: "review", actor: other }, { facts: { openInstances: 0 } });
  assert.ok(s.ok && s.instance.workflowVersion === 2);
  if (!s.ok) return;
  await applyTransition(s.instance.id, "submit", other, {}, { facts: ready, hooks });
  assert.equal(await applyTransition(s.instance.id, "withdraw", other), { ok: false, status: 422, message: "不支持的操作" });

  assert.is((await getInstance(old.id))!.workflowVersion, 1);
  const r = await applyTransition(old.id, "withdraw", owner);
  assert.ok(r.ok && r.to === "draft", "version 1 still allows withdrawing");
});

t("race: withdraw (owner) and accept (reviewer) together, 20 times — exactly one wins, the other gets 409", async () => {
  const owner = actor(await makeUser("expert"));
  const wins = { withdraw: 0, accept: 0 };
  for (let i = 0; i < 20; i++) {
    const inst = await submitted(owner.id);
    const seen = { expectedRowVersion: inst.rowVersion }; // both pages showed the submitted application
    const [w, a] = await Promise.all([
      applyTransition(inst.id, "withdraw", owner, seen, { hooks }),
      applyTransition(inst.id, "accept", reviewer, seen, { hooks }),
    ]);
    assert.is([w, a].filter((r) => r.ok).length, 1, `round ${i}: ${JSON.stringify([w, a])}`);
    const loser = w.ok ? a : w;
    const after = (await getInstance(inst.id))!;
    // The loser is told what the winner made of it.
    assert.equal(loser, { ok: false, status: 409, message: `该申请已变为「${w.ok ? "草稿" : "审核中"}」，请刷新页面后再操作` });
    wins[w.ok ? "withdraw" : "accept"]++;
    assert.is(after.state, w.ok ? "draft" : "reviewing");
    assert.is(after.rowVersion, 3);
    const history = await getHistory(inst.id);
    assert.equal(history.map((h) => h.event), ["start", "submit", w.ok ? "withdraw" : "accept"]);
  }
  assert.is(wins.withdraw + wins.accept, 20);
});

t("race without a row_version from the page: still one winner, the loser gets a 409", async () => {
  const owner = actor(await makeUser("expert"));
  for (let i = 0; i < 10; i++) {
    const inst = await submitted(owner.id);
    const [w, a] = await Promise.all([applyTransition(inst.id, "withdraw", owner), applyTransition(inst.id, "accept", reviewer)]);
    assert.is([w, a].filter((r) => r.ok).length, 1);
    const loser = w.ok ? a : w;
    assert.is(loser.ok ? 0 : loser.status, 409);
    assert.is((await getHistory(inst.id)).length, 3);
  }
});

t("the history table itself refuses a second row for the same row_version", async () => {
  const owner = actor(await makeUser("expert"));
  const inst = await submitted(owner.id);
  let refused = false;
  try {
    await db("workflow_history").insert({ instance_id: inst.id, row_version: 2, event: "submit", from_state: "draft", to_state: "submitted", actor_id: owner.id, created_at: Date.now() });
  } catch {
    refused = true;
  }
  assert.ok(refused);
});

t("an unknown instance is a 404", async () => {
  assert.equal(await applyTransition(99_999_999, "submit", reviewer), { ok: false, status: 404, message: "申请不存在或已被删除" });
});

t.run();
