import "../setup/features";
import "../setup/guard";
// Two-level review by configuration alone (issue 6, acceptance 4): a fixture workflow with 地州初审
// (reviewers of the applicant's region) then 自治区复审 (reviewers of 自治区本级), published at runtime
// by an administrator — the running server picks up its review tasks with no restart and no engine
// change — taken end to end over HTTP by two reviewers of different scopes, neither of whom can take
// the other level's action.
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadWorkflowYamlOrThrow } from "~/engine/workflows/load";
import { syncWorkflowDefinitions } from "~/engine/workflows/registry.server";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import type { ReviewScope } from "~/engine/permissions/ability";
import type { Client } from "../setup/app";
import { db } from "../setup/app";
import { act, batchId, DATA, readyApplication, rowVersion } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("two-level review");
const KEY = "two-level-admission";
const REGION = "哈密市";
const TASK = (id: number) => `/review/${id}?${DATA("routes/_app.review.$id")}`;

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}

const post = async (client: Client, id: number, event: string, extra: Record<string, string> = {}) => {
  const res = await client.post(TASK(id), { intent: "transition", event, rowVersion: await rowVersion(id), ...extra });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string } };
};

type Page = { application: { state: string; stateTitle: string }; events: { event: string }[]; history: { title: string; by: string }[] };
const page = async (client: Client, id: number) => {
  const res = await client.get(TASK(id));
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as Page) : null };
};
const inbox = async (client: Client, status: string) => {
  const res = await client.get(`/review?${DATA("routes/_app.review._index")}&status=${status}`);
  assert.is(res.status, 200);
  return (await res.json()) as { items: { id: number; stateTitle: string }[]; tabs: { key: string; title: string; count: number }[] };
};

let batch: number;

t.before(async () => {
  const { user: admin } = await signedIn("admin");
  const def = loadWorkflowYamlOrThrow(fs.readFileSync(`tests/fixtures/workflows/${KEY}.yaml`, "utf8"), `${KEY}.yaml`);
  await syncWorkflowDefinitions([def], "admin", admin.id);
  // Nothing to refresh: the server builds each request's abilities from the published versions.
  const seed = await db("batches").where({ id: await batchId() }).first();
  const { id: _id, ...rest } = seed;
  const [row] = await db("batches").insert({ ...rest, name: "两级审核测试批次", workflow_key: KEY, workflow_version: 1, number_format: "LJ{year}{seq:4}" }).returning("id");
  batch = typeof row === "object" ? (row as { id: number }).id : row;
});

t("地州初审 by the region's reviewer, then 自治区复审 by a 自治区本级 reviewer; neither takes the other's step", async () => {
  const prefecture = await reviewer([{ region: REGION, batchId: null }]);
  const autonomous = await reviewer([{ region: "自治区本级", batchId: null }]);
  const stranger = await reviewer([{ region: "和田地区", batchId: null }]);

  const { client: expert, id } = await readyApplication({ name: "两级申请人", region: REGION, batch });
  const submitted = await act(expert, id, { intent: "transition", event: "submit", rowVersion: await rowVersion(id) });
  assert.is(submitted.status, 200, submitted.body.message);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "prefecture-review");

  // Level 1: only the region's reviewer sees it, in a tab of its own.
  const first = await inbox(prefecture, "prefecture-review");
  assert.ok(first.items.some((i) => i.id === id && i.stateTitle === "地州初审"));
  assert.ok(first.tabs.some((x) => x.key === "prefecture-review" && x.title === "地州初审" && x.count >= 1), JSON.stringify(first.tabs));
  assert.not.ok((await inbox(autonomous, "prefecture-review")).items.some((i) => i.id === id), "not yet at 自治区本级");
  assert.is((await page(autonomous, id)).status, 404);
  assert.is((await page(stranger, id)).status, 404);
  assert.equal((await page(prefecture, id)).body?.events.map((e) => e.event), ["forward", "return"]);
  // The second level cannot act on the first level's task (nor the first on the second's, below).
  assert.is((await post(autonomous, id, "forward")).status, 404);
  assert.is((await post(autonomous, id, "approve")).status, 404);
  assert.is((await post(stranger, id, "forward")).status, 404);
  const early = await post(prefecture, id, "approve");
  assert.is(early.status, 409, "复审通过 is not a step of 地州初审");
  assert.is((await post(prefecture, id, "forward")).status, 200);

  // Level 2: at 自治区本级 now.
  const second = await inbox(autonomous, "region-review");
  assert.ok(second.items.some((i) => i.id === id && i.stateTitle === "自治区复审"));
  assert.equal((await page(autonomous, id)).body?.events.map((e) => e.event), ["approve", "return"]);
  // The first-level reviewer still reads it (their region) but has no buttons and no say.
  const seen = await page(prefecture, id);
  assert.is(seen.status, 200);
  assert.equal(seen.body?.events, []);
  for (const event of ["approve", "return"]) {
    const r = await post(prefecture, id, event, { comment: "越级" });
    assert.is(r.status, 403, `${event}: ${r.body.message}`);
  }
  assert.is((await post(prefecture, id, "forward")).status, 409);
  assert.is((await post(stranger, id, "approve")).status, 404);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "region-review", "nothing changed");

  const done = await post(autonomous, id, "approve");
  assert.is(done.status, 200, done.body.message);
  const row = await db("workflow_instances").where({ id }).first();
  assert.is(row.state, "approved");
  assert.match(row.number, /^LJ\d{8}$/, "the batch's number format");
  // The region's reviewer keeps reading it (their region); the 自治区本级 reviewer reads it only while
  // it is their task (their scope is the task state, not the applicant's region).
  const history = (await page(prefecture, id)).body!.history;
  assert.equal(history.map((h) => h.title), ["创建申请", "提交审核", "初审通过", "复审通过"]);
  assert.is(new Set(history.slice(2).map((h) => h.by)).size, 2, "each level a different reviewer");
  const notes = await db("notifications").where({ user_id: row.owner_id }).orderBy("id");
  assert.match(notes.at(-1).message, row.number);
});

t("a return at either level goes back to the applicant, who resubmits to 地州初审", async () => {
  const prefecture = await reviewer([{ region: REGION, batchId: null }]);
  const autonomous = await reviewer([{ region: "自治区本级", batchId: batch }]);
  const { client: expert, id } = await readyApplication({ name: "两级退回", region: REGION, batch });
  assert.is((await act(expert, id, { intent: "transition", event: "submit", rowVersion: await rowVersion(id) })).status, 200);
  assert.is((await post(prefecture, id, "forward")).status, 200);
  assert.is((await post(autonomous, id, "return")).status, 422, "a comment is required");
  assert.is((await post(autonomous, id, "return", { comment: "请补充业绩证明" })).status, 200);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "returned");
  assert.is((await act(expert, id, { intent: "transition", event: "submit", rowVersion: await rowVersion(id) })).status, 200);
  assert.is((await db("workflow_instances").where({ id }).first()).state, "prefecture-review");
});

t.run();
