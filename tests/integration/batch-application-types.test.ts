// The batch's 入库类型 setting (批次管理: which of 新增/转入/续聘 it takes) is enforced on the server: a type the
// batch does not take is refused beside the field on 下一步 (the only way a step becomes complete, which
// 提交审核 needs), whatever the page offered.
// The seeded batch 2025年第一批 takes 新增 only (db/seeds/batch-2025-1.json).
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import { signedIn } from "../setup/factories";
import { act, readyApplication, rowVersion, start, step1 } from "../setup/applications";

const t = suite("the batch's 入库类型");
const MESSAGE = "本批次只受理以下入库类型：新增";

t("下一步 with a type the batch does not take: 422 beside 入库类型; with 新增 the step passes", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const docs = await step1(client, "林晓东");
  for (const type of ["转入", "续聘"]) {
    const refused = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify({ ...docs, "expert-basic-info": { ...docs["expert-basic-info"], applicationType: type } }) });
    assert.is(refused.status, 422, type);
    assert.equal(refused.body.errors?.["expert-basic-info"]?.["/applicationType"], [MESSAGE], JSON.stringify(refused.body.errors));
  }
  const ok = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(ok.status, 200, ok.body.message);
});

t("暂存 of another type after 下一步 leaves the step to be done again: 提交审核 is refused", async () => {
  const ready = await readyApplication();
  const row = await db("form_submissions").where({ scope: `application:${ready.id}`, form_key: "expert-basic-info" }).first();
  const data = typeof row.data === "string" ? JSON.parse(row.data) : row.data;
  const saved = await act(ready.client, ready.id, { intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": { ...data, applicationType: "转入" } }) });
  assert.is(saved.status, 200, "暂存 keeps what was typed");
  const r = await act(ready.client, ready.id, { intent: "transition", event: "submit", rowVersion: await rowVersion(ready.id) });
  assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.body.message}`);
  assert.is((await db("workflow_instances").where({ id: ready.id }).first("state")).state, "draft");
});

t.run();
