import "../setup/guard";
// One person, one pool record (issue 14 §5): a 身份证号 already in the pool under another account is
// refused on 基本信息's 下一步 with what to do (暂存 still keeps the draft), and an approval that would
// make a second record is refused with the reason, changing nothing.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { ReviewScope } from "~/engine/permissions/ability";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { Client, db } from "../setup/app";
import { act, DATA, idCardOf, rowVersion, start, step1, submittedApplication } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("duplicate person");
const REGION = "阿勒泰地区";
const TASK = (id: number) => `/review/${id}?${DATA("routes/_app.review.$id")}`;
const ctx = {} as { reviewer: Client; first: { client: Client; id: number }; twin: { client: Client; id: number } };

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}
async function take(id: number, event: string) {
  return ctx.reviewer.post(TASK(id), { intent: "transition", event, rowVersion: await rowVersion(id) });
}

t.before(async () => {
  ctx.reviewer = await reviewer([{ region: REGION, batchId: null }]);
  // Two accounts of one person: both complete and submitted before either is approved.
  ctx.first = await submittedApplication({ name: "重复甲", region: REGION });
  const twin = await signedIn("expert");
  const id = await start(twin.client);
  const docs = await step1(twin.client, "重复甲", REGION);
  docs["expert-basic-info"].idCard = idCardOf(ctx.first.client);
  ctx.twin = { client: twin.client, id };
  assert.is((await act(twin.client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) })).status, 200, "not in the pool yet");
});

t("the approval that would make a second record is refused with the reason; nothing changes", async () => {
  for (const event of ["accept", "approve"]) assert.is((await take(ctx.first.id, event)).status, 200);
  assert.ok(await db("experts").where({ instance_id: ctx.first.id }).first());
  // The twin's application was complete before: put it under review as if submitted then.
  await db("workflow_instances").where({ id: ctx.twin.id }).update({ state: "reviewing", submitted_at: Date.now(), region: REGION });
  const before = await db("workflow_instances").where({ id: ctx.twin.id }).first();
  const res = await take(ctx.twin.id, "approve");
  assert.is(res.status, 409);
  assert.match(await res.text(), "已在专家库中");
  assert.equal(await db("workflow_instances").where({ id: ctx.twin.id }).first(), before, "state, number, row version unchanged");
  assert.is((await db("experts").where({ id_card: idCardOf(ctx.first.client) }).count({ n: "*" }))[0].n, 1);
});

t("下一步 on 基本信息 with an ID already in the pool says so on the field; 暂存 keeps the draft", async () => {
  const other = await signedIn("expert");
  const id = await start(other.client);
  const docs = await step1(other.client, "重复乙", REGION);
  docs["expert-basic-info"].idCard = idCardOf(ctx.first.client);
  const next = await act(other.client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(next.status, 422);
  assert.match(next.body.errors?.["expert-basic-info"]?.["/idCard"]?.[0] ?? "", /已在专家库中（专家编号 .+），属于另一个账号.*请使用原账号登录办理/);
  const save = await act(other.client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": docs["expert-basic-info"] }) });
  assert.is(save.status, 200);
});

t.run();
