import "../setup/guard";
// Issue 13, acceptance 2: a batch-less workflow started from an expert's pool record goes through the
// inbox with reviewers scoped by the record's region. The pool record itself comes from a real
// admission approved over HTTP (the approval effect creates it).
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { ReviewScope } from "~/engine/permissions/ability";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { Client, db } from "../setup/app";
import { act, DATA, rowVersion, submittedApplication } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("workflow on a pool record");
const KEY = "pool-work-unit";
const REGION = "塔城地区";
const ctx = {} as { admin: Client; expert: Client; expertId: number; inScope: Client; otherRegion: Client; id: number };
const LIST = `/review?${DATA("routes/_app.review._index")}&status=submitted`;
const TASK = (id: number) => `/review/${id}?${DATA("routes/_app.review.$id")}`;

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}
const startOnRecord = (c: Client) => c.post("/apply?index", { intent: "start-record", workflow: KEY });
const listed = async (c: Client) => ((await (await c.get(LIST)).json()) as { items: { id: number; applicant: string; region: string; batch: string }[] }).items;

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  ctx.inScope = await reviewer([{ region: REGION, batchId: null }]);
  ctx.otherRegion = await reviewer([{ region: "乌鲁木齐市", batchId: null }]);
  // An expert admitted the ordinary way: submitted, accepted and approved by a reviewer of their region.
  const app = await submittedApplication({ name: "买买提·艾力", region: REGION });
  [ctx.expert, ctx.expertId] = [app.client, app.user.id];
  for (const event of ["accept", "approve"]) {
    const res = await ctx.inScope.post(TASK(app.id), { intent: "transition", event, rowVersion: await rowVersion(app.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
  const created = await ctx.admin.post("/admin/workflows?index", { intent: "create", key: KEY, title: "工作单位变更（测试）" });
  assert.is(created.status, 302);
  const pub = await ctx.admin.post(`/admin/workflows/${KEY}?${DATA("routes/_app.admin.workflows.$key")}`, { intent: "publish", content: fs.readFileSync(`tests/fixtures/features/${KEY}.yaml`, "utf8") });
  assert.is(pub.status, 200, await pub.clone().text());
});

t("the approval made a pool record; the expert starts the process on it, with no batch", async () => {
  const member = await db("experts").where({ user_id: ctx.expertId }).first();
  assert.ok(member, "pool record created by the approval");
  assert.is(member.region, REGION);
  const res = await startOnRecord(ctx.expert);
  assert.is(res.status, 302, await res.clone().text());
  ctx.id = Number(/\/apply\/(\d+)$/.exec(res.headers.get("location") ?? "")![1]);
  const inst = await db("workflow_instances").where({ id: ctx.id }).first();
  assert.equal([inst.batch_id, inst.record_type, inst.record_id, inst.region, inst.applicant_name], [null, "expert", member.id, REGION, "买买提·艾力"]);
});

t("one open process per record; an account without a pool record cannot start one", async () => {
  // Nothing saved yet: starting again opens the same one (no second, nothing left behind).
  const again = await startOnRecord(ctx.expert);
  assert.is(again.status, 302);
  assert.is(again.headers.get("location"), `/apply/${ctx.id}`);
  const stranger = (await signedIn("expert")).client;
  const res = await startOnRecord(stranger);
  assert.is(res.status, 404);
  assert.match(await res.text(), "未找到您的专家库记录");
  const unknown = await ctx.expert.post("/apply?index", { intent: "start-record", workflow: "expert-admission" });
  assert.is(unknown.status, 404);
});

t("filled and submitted like any wizard; only reviewers of the record's region see and decide it", async () => {
  const next = await act(ctx.expert, ctx.id, { intent: "next", step: "change", data: JSON.stringify({ "change-work-unit": { ...VALID_SAMPLES["change-work-unit"], attachments: [] } }) });
  assert.is(next.status, 200, JSON.stringify(next.body));
  // Saved, it is the open one: another start is refused.
  assert.is((await startOnRecord(ctx.expert)).status, 422);
  const submit = await act(ctx.expert, ctx.id, { intent: "transition", event: "submit", rowVersion: await rowVersion(ctx.id) });
  assert.is(submit.status, 200, submit.body.message);

  const seen = (await listed(ctx.inScope)).find((i) => i.id === ctx.id);
  assert.ok(seen, "listed for the record's region");
  assert.equal([seen!.applicant, seen!.region, seen!.batch], ["买买提·艾力", REGION, ""]);
  assert.not.ok((await listed(ctx.otherRegion)).some((i) => i.id === ctx.id), "not listed for another region");
  assert.is((await ctx.otherRegion.get(TASK(ctx.id))).status, 404);
  const refused = await ctx.otherRegion.post(TASK(ctx.id), { intent: "transition", event: "approve", rowVersion: await rowVersion(ctx.id) });
  assert.is(refused.status, 404);

  const ok = await ctx.inScope.post(TASK(ctx.id), { intent: "transition", event: "approve", rowVersion: await rowVersion(ctx.id) });
  assert.is(ok.status, 200, await ok.clone().text());
  assert.is((await db("workflow_instances").where({ id: ctx.id }).first()).state, "approved");
});

t.run();
