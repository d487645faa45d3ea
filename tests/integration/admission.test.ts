import "../setup/guard";
// The admission application over HTTP (issue 5): start one per batch, save step 1 as draft and fully
// (eligibility rules from the batch), print the pledge and application form (text checked with
// pdftotext), attach signed scans tied to the printed data, submit, withdraw, stale printouts block
// resubmission, the batch window, and withdraw racing a reviewer's claim.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { applyTransition } from "~/engine/workflows/runtime.server";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { makeUser, signedIn } from "../setup/factories";
import { pdf, png, upload } from "../setup/uploads";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("admission");
const DATA = (route: string) => `_data=${encodeURIComponent(route)}`;
const STEP1 = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];

async function batchId(): Promise<number> {
  return (await db("batches").where({ name: "2025年第一批" }).first("id")).id;
}

async function start(client: Client): Promise<number> {
  const res = await client.post("/apply?index", { intent: "start", batchId: String(await batchId()) });
  assert.is(res.status, 302, await res.clone().text());
  return Number(/\/apply\/(\d+)$/.exec(res.headers.get("location") ?? "")![1]);
}

const act = async (client: Client, id: number, fields: Record<string, string>) => {
  const res = await client.post(`/apply/${id}?${DATA("routes/_app.apply.$id")}`, fields);
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string; errors?: Record<string, Record<string, string[]>> } };
};

async function uploadRef(client: Client, name: string, data: Buffer): Promise<string> {
  const res = await upload(client, name, data);
  assert.is(res.status, 201, await res.clone().text());
  return ((await res.json()) as { ref: string }).ref;
}

/** Step 1 data: the valid samples with the applicant's own uploads in every file field. */
async function step1(client: Client, name = "王建国") {
  const photo = await uploadRef(client, "照片.png", png());
  const scan = await uploadRef(client, "证书.pdf", await pdf("certificate"));
  const fill = (v: unknown): unknown =>
    typeof v === "string" && v.startsWith("file:") ? (v === VALID_SAMPLES["expert-basic-info"].photo ? photo : scan)
    : Array.isArray(v) ? v.map(fill)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
    : v;
  const docs = Object.fromEntries(STEP1.map((k) => [k, fill(VALID_SAMPLES[k])])) as Record<string, Record<string, unknown>>;
  docs["expert-basic-info"] = { ...docs["expert-basic-info"], name, photo, idCardFront: photo };
  return docs;
}

const pdfText = (bytes: ArrayBuffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pdf-")), "x.pdf");
  fs.writeFileSync(file, Buffer.from(bytes));
  return spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
};

async function download(client: Client, id: number, doc: string): Promise<string> {
  const res = await client.get(`/apply/${id}/documents/${doc}`);
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "application/pdf");
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename=/);
  return pdfText(await res.arrayBuffer());
}

async function signAndAttach(client: Client, id: number, step: string, doc: string) {
  await download(client, id, doc);
  const ref = await uploadRef(client, `${doc}-signed.pdf`, await pdf(`signed ${doc}`));
  const r = await act(client, id, { intent: "attach", step, ref });
  assert.is(r.status, 200, r.body.message);
}

/** A started application with every step done, ready to submit. */
async function readyApplication() {
  const { client, user } = await signedIn("expert");
  const id = await start(client);
  assert.is((await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(await step1(client)) })).status, 200);
  await signAndAttach(client, id, "pledge", "pledge");
  await signAndAttach(client, id, "application-form", "application-form");
  return { client, user, id };
}

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
  assert.match(pledge, VALID_SAMPLES["expert-basic-info"].idCard as string);
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
  const docs = await step1(client);
  docs["expert-basic-info"].position = "副总工程师";
  assert.is((await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) })).status, 200);
  const blocked = await act(client, id, { intent: "transition", event: "submit", rowVersion: await rv() });
  assert.is(blocked.status, 422);
  assert.match(blocked.body.message, /请先完成|重新下载/);
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
