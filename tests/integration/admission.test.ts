import "../setup/features";
import "../setup/guard";
// The admission application over HTTP (issue 5): start one per batch, save step 1 as draft and fully
// (eligibility rules from the batch), print the pledge and application form (text checked with
// pdftotext), attach signed scans tied to the printed data, submit, withdraw, stale printouts block
// resubmission, the batch window, and withdraw racing a reviewer's claim.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { applyTransition } from "~/engine/workflows/runtime.server";
import { db } from "../setup/app";
import { act, batchId, DATA, download, idCardOf, readyApplication, signAndAttach, start, step1, uploadRef } from "../setup/applications";
import { makeUser, signedIn } from "../setup/factories";
import { pdf } from "../setup/uploads";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("admission");

t("one application per expert per batch; reviewers and admins cannot start one", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const again = await client.post(`/apply?index&${DATA("routes/_app.apply._index")}`, { intent: "start", batchId: String(await batchId()) });
  assert.ok(again.status === 409 || again.status === 422, String(again.status));
  assert.match(((await again.json()) as { error: string }).error, /已有/);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "draft");
  const { client: reviewer } = await signedIn("reviewer");
  assert.is((await reviewer.post("/apply?index", { intent: "start", batchId: String(await batchId()) })).status, 403);
});

t("暂存 keeps a partial step; 下一步 refuses it with messages per form and field", async () => {
  const { client, user } = await signedIn("expert");
  const id = await start(client);
  const draft = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": { name: "李四" } }) });
  assert.is(draft.status, 200);
  const row = await db("form_submissions").where({ owner_id: user.id, form_key: "expert-basic-info", scope: `application:${id}` }).first();
  assert.is(JSON.parse(row.data).name, "李四");
  assert.is(row.status, "draft");
  const next = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify({ "expert-basic-info": { name: "李四" } }) });
  assert.is(next.status, 422);
  assert.ok(next.body.errors?.["expert-basic-info"]?.["/idCard"]?.[0].includes("身份证号"), JSON.stringify(next.body.errors));
  assert.ok(next.body.errors?.["expert-avoidance"], "every form of the step is checked");
  assert.is((await db("form_submissions").where({ id: row.id }).first()).row_version, row.row_version, "nothing written");
});

t("the batch's eligibility rules apply on 下一步: too little work history is refused on the list", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const docs = await step1(client);
  docs["expert-work-history"] = { workHistory: [{ period: { start: "2022-01-01", end: "2024-01-01" }, unit: "某单位", position: "工程师", duties: "设计" }] };
  const r = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(r.status, 422);
  assert.ok(r.body.errors?.["expert-work-history"]?.["/workHistory"]?.[0].includes("8年"), JSON.stringify(r.body.errors));
});

t("printouts carry the data: the pledge names the expert, the application form every section", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  assert.is((await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(await step1(client, "赵六")) })).status, 200);
  const pledge = await download(client, id, "pledge");
  assert.match(pledge, "赵六");
  assert.match(pledge, idCardOf(client));
  const form = await download(client, id, "application-form");
  for (const title of ["基本信息", "教育经历", "工作经历", "回避单位", "赵六", "单位公章"]) assert.match(form, title);
});

t("a scan cannot be attached before the document was downloaded, nor someone else's upload", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const ref = await uploadRef(client, "scan.pdf", await pdf());
  const early = await act(client, id, { intent: "attach", step: "pledge", ref });
  assert.is(early.status, 422);
  assert.match(early.body.message, /请先下载/);
  await download(client, id, "pledge");
  const { client: other } = await signedIn("expert");
  const foreign = await uploadRef(other, "their.pdf", await pdf("theirs"));
  const stolen = await act(client, id, { intent: "attach", step: "pledge", ref: foreign });
  assert.is(stolen.status, 422);
  assert.match(stolen.body.message, /文件不存在或已失效/);
});

t("submit, withdraw before review, and a changed step 1 makes the signed form stale until re-signed", async () => {
  const { client, id } = await readyApplication();
  const rv = async () => String((await db("workflow_instances").where({ id }).first()).row_version);
  const submit = await act(client, id, { intent: "transition", event: "submit", rowVersion: await rv() });
  assert.is(submit.status, 200, submit.body.message);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "submitted");
  const locked = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": { name: "改名" } }) });
  assert.is(locked.status, 409, "a submitted application cannot be edited");

  assert.is((await act(client, id, { intent: "transition", event: "withdraw", rowVersion: await rv() })).status, 200);
  assert.is((await db("workflow_instances").where({ id }).first()).submitted_at, null, "withdrawn: back to the applicant, out of reviewers' lists");
  const docs = await step1(client);
  docs["expert-basic-info"].position = "副总工程师";
  assert.is((await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) })).status, 200);
  const blocked = await act(client, id, { intent: "transition", event: "submit", rowVersion: await rv() });
  assert.is(blocked.status, 422);
  assert.match(blocked.body.message, /请先完成|重新下载/);
  // The old printout signed again: refused, as the scan would be stale the moment it is attached.
  const scans = () => db("form_submissions").select("id", "data", "row_version").orderBy("id");
  const before = await scans();
  const oldScan = await uploadRef(client, "旧申请表.pdf", await pdf("signed before the change"));
  const refused = await act(client, id, { intent: "attach", step: "application-form", ref: oldScan });
  assert.is(refused.status, 409, refused.body.message);
  assert.match(refused.body.message, /请重新下载申请表/);
  assert.equal(await scans(), before, "nothing stored");
  await signAndAttach(client, id, "application-form", "application-form");
  const again = await act(client, id, { intent: "transition", event: "submit", rowVersion: await rv() });
  assert.is(again.status, 200, again.body.message);
  const notices = await db("notifications").where({ user_id: (await db("workflow_instances").where({ id }).first()).owner_id });
  assert.is(notices.length, 2, "one notice per submission");
});

t("another expert cannot see or change the application; a stale page's action is refused", async () => {
  const { client, id } = await readyApplication();
  const { client: other } = await signedIn("expert");
  assert.is((await other.get(`/apply/${id}`)).status, 404);
  assert.is((await other.get(`/apply/${id}/documents/pledge`)).status, 404);
  assert.is((await other.post(`/apply/${id}`, { intent: "transition", event: "withdraw" })).status, 404);
  const stale = await act(client, id, { intent: "transition", event: "submit", rowVersion: "1" });
  assert.ok(stale.status === 409 || stale.status === 200);
});

t("the batch window: after it closes, submit is refused with the closing time", async () => {
  const { client, id } = await readyApplication();
  const batch = await db("batches").where({ id: await batchId() }).first();
  // Close the window (moving the clock a year would also end the session).
  await db("batches").where({ id: batch.id }).update({ closes_at: Date.now() - 1000 });
  try {
    const r = await act(client, id, { intent: "transition", event: "submit", rowVersion: String((await db("workflow_instances").where({ id }).first()).row_version) });
    assert.is(r.status, 422);
    assert.match(r.body.message, /报名已截止/);
  } finally {
    await db("batches").where({ id: batch.id }).update({ closes_at: batch.closes_at });
  }
});

t("withdraw racing a reviewer's 开始审核, 20 times: one wins, the other is told, history has no duplicates", async () => {
  const reviewer = await makeUser("reviewer");
  for (let round = 0; round < 20; round++) {
    const { client, id } = await readyApplication();
    const rowVersion = () => db("workflow_instances").where({ id }).first().then((r) => String(r.row_version));
    assert.is((await act(client, id, { intent: "transition", event: "submit", rowVersion: await rowVersion() })).status, 200);
    const seen = await rowVersion();
    const [withdraw, claim] = await Promise.all([
      act(client, id, { intent: "transition", event: "withdraw", rowVersion: seen }),
      applyTransition(id, "accept", { id: reviewer.id, role: "reviewer" }, { expectedRowVersion: Number(seen) }),
    ]);
    const wins = [withdraw.status === 200, claim.ok].filter(Boolean).length;
    assert.is(wins, 1, `round ${round}: ${withdraw.status} ${JSON.stringify(claim)}`);
    const loser = withdraw.status === 200 ? (claim.ok ? "" : claim.message) : withdraw.body.message;
    assert.match(loser, /[\u4e00-\u9fa5]/);
    const history = await db("workflow_history").where({ instance_id: id });
    assert.is(new Set(history.map((h) => h.row_version)).size, history.length, "no duplicate history rows");
    assert.is(history.length, 3, "start, submit and exactly one of withdraw/accept");
  }
});

t.run();
