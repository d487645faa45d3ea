// A 下一步 refused for completeness still keeps what was typed (issue 14 §6): in the same request every
// posted document that passes 暂存's type check is saved as a draft, and the answer is still the 422 with
// every error. A document that fails even the type check, one posted unchanged, and an application no
// longer editable are left exactly as they were. Both ways in (the route action without JavaScript, the
// plain endpoint with it) behave alike.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import type { Client } from "../setup/app";
import { signedIn } from "../setup/factories";
import { act, start, step1, submittedApplication } from "../setup/applications";
import type { ActBody } from "../setup/applications";

const t = suite("a refused 下一步 keeps the type-valid draft");

const row = async (id: number, form: string) => (await db("form_submissions").where({ scope: `application:${id}`, form_key: form }).first()) ?? null;
/** 下一步 through the plain endpoint, as the wizard sends it when JavaScript runs. */
const nextPlain = async (client: Client, id: number, docs: unknown) => {
  const res = await client.post(`/apply/${id}/draft`, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  return { status: res.status, body: (await res.json()) as ActBody & { kept?: string[] } };
};
const nextRoute = async (client: Client, id: number, docs: unknown) => {
  const r = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  return r as { status: number; body: ActBody & { kept?: string[] } };
};

// Five fields of 基本信息 typed, the rest (photo, ID number …) still missing; 学历 with a wrong type.
const partial = { name: "林晓东", gender: "男", address: "乌鲁木齐市天山区人民路8号", workUnit: "新疆交通规划勘察设计研究院", position: "总工程师" };
const wrongType = { education: "not a list" };

for (const [way, next] of [["route action", nextRoute], ["plain endpoint", nextPlain]] as const) {
  t(`${way}: 422 with every error, the type-valid form stored as a draft, the ill-typed one not at all`, async () => {
    const { client } = await signedIn("expert");
    const id = await start(client);
    const r = await next(client, id, { "expert-basic-info": partial, "expert-education": wrongType });
    assert.is(r.status, 422);
    assert.is(r.body.ok, false);
    assert.is(r.body.message, "请按提示补充或修改后再进入下一步");
    assert.ok(r.body.errors?.["expert-basic-info"]?.["/photo"]?.length, `the missing photo is named: ${JSON.stringify(r.body.errors)}`);
    assert.ok(Object.keys(r.body.errors?.["expert-education"] ?? {}).length, "the ill-typed form's errors too");
    assert.equal(r.body.kept, ["expert-basic-info"], "the answer names what was kept");
    const basic = await row(id, "expert-basic-info");
    assert.ok(basic, "基本信息 was kept");
    assert.is(basic.status, "draft");
    assert.equal(JSON.parse(basic.data), partial);
    assert.is(await row(id, "expert-education"), null, "an ill-typed document is not stored");
  });
}

t("a form posted unchanged is not rewritten: a complete one stays complete", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const docs = await step1(client, "林晓东");
  assert.is((await nextRoute(client, id, docs)).status, 200);
  const before = await row(id, "expert-education");
  assert.is(before.status, "complete");
  // 基本信息 loses a required field; 学历 is posted as it was saved.
  const { mobile: _dropped, ...incomplete } = docs["expert-basic-info"];
  const r = await nextPlain(client, id, { ...docs, "expert-basic-info": incomplete });
  assert.is(r.status, 422);
  assert.ok(r.body.errors?.["expert-basic-info"]?.["/mobile"]?.length, JSON.stringify(r.body.errors));
  const basic = await row(id, "expert-basic-info");
  assert.is(basic.status, "draft", "the changed form is kept as typed, as a draft");
  assert.is(JSON.parse(basic.data).mobile, undefined);
  assert.equal(await row(id, "expert-education"), before, "the unchanged form: same status, same row version");
});

t("once submitted, a refused 下一步 changes nothing and answers 409", async () => {
  const { client, id } = await submittedApplication();
  const before = await row(id, "expert-basic-info");
  const r = await nextPlain(client, id, { "expert-basic-info": partial });
  assert.is(r.status, 409);
  assert.equal(await row(id, "expert-basic-info"), before);
});

t("the plain endpoint's 下一步 completes the step as the route action does", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const r = await nextPlain(client, id, await step1(client, "林晓东"));
  assert.equal(r, { status: 200, body: { ok: true, message: "已保存" } });
  assert.is((await row(id, "expert-basic-info")).status, "complete");
});

t.run();
