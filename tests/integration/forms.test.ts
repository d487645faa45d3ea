import "../setup/guard";
// Saving forms over HTTP: 暂存 vs 保存, Chinese errors per field, file references checked against the
// uploader, unknown fields stripped, and submissions pinned to the form version they were filled against.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { syncFormDefinitions } from "~/engine/forms/registry.server";
import type { FormDefinition } from "~/engine/forms/validate";
import { now } from "~/utils/clock.server";
import { db } from "../setup/app";

// Ask for the action's JSON (as Remix's fetcher does) rather than the re-rendered page.
const DATA = encodeURIComponent("routes/_app.forms.$key");
import type { Client } from "../setup/app";
import { signedIn } from "../setup/factories";
import { VALID_SAMPLES } from "../fixtures/form-samples";

type Answer = { ok: boolean; errors: Record<string, string[]>; message: string; status?: string };
const save = async (client: Client, key: string, intent: string, data: unknown) => {
  const res = await client.post(`/forms/${key}?_data=${DATA}`, { intent, data: JSON.stringify(data) });
  return { status: res.status, body: (await res.json()) as Answer };
};
const rowOf = (ownerId: number, key: string) => db("form_submissions").where({ owner_id: ownerId, form_key: key, scope: "self" }).first();
const own = (ownerId: number, sha: string) =>
  db("uploads").insert({ owner_id: ownerId, sha256: sha, size: 1, mime: "image/png", original_name: "a.png", created_at: now() });
const sha = (c: string) => c.repeat(64);

/** A basic-info document whose two files belong to `ownerId`. */
async function basicInfo(ownerId: number, fill: string) {
  await own(ownerId, sha(fill));
  return { ...VALID_SAMPLES["expert-basic-info"], photo: `file:${sha(fill)}`, idCardFront: `file:${sha(fill)}` };
}

test("暂存 keeps an incomplete document; 保存 refuses it with Chinese messages on the fields", async () => {
  const { client, user } = await signedIn();
  const draft = await save(client, "expert-basic-info", "save", { name: "张三" });
  assert.is(draft.status, 200);
  assert.is(draft.body.message, "已暂存");
  const row = await rowOf(user.id, "expert-basic-info");
  assert.is(row.status, "draft");
  assert.is(row.form_version, 5, "a new submission starts on the latest built-in version (v1–v4 are kept as forms/expert-basic-info.v<N>.json)");
  assert.is(row.form_hash.length, 64);

  const full = await save(client, "expert-basic-info", "submit", { name: "张三", idCard: "650102199003071234" });
  assert.is(full.status, 422);
  assert.ok(full.body.errors["/idCard"]?.[0].includes("身份证号"), JSON.stringify(full.body.errors));
  assert.ok(full.body.errors["/mobile"]?.[0].includes("手机"), JSON.stringify(full.body.errors));
  const after = await rowOf(user.id, "expert-basic-info");
  assert.is(after.row_version, row.row_version, "a refused save changes nothing");
  assert.is(after.data, row.data);
});

test("姓名 (v3): emoji, digits and symbols are refused with the reason; a look-alike dot is stored as ·", async () => {
  const { client, user } = await signedIn();
  for (const name of ["王建国😀", "王建国2", "王建国！"]) {
    const r = await save(client, "expert-basic-info", "save", { name });
    assert.is(r.status, 422, name);
    assert.match(r.body.errors?.["/name"]?.[0] ?? "", "只能由文字组成", name);
  }
  assert.is((await rowOf(user.id, "expert-basic-info")), undefined, "nothing stored");
  const ok = await save(client, "expert-basic-info", "save", { name: " 买买提•艾力 " });
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  assert.is(JSON.parse((await rowOf(user.id, "expert-basic-info")).data).name, "买买提·艾力");
});

test("工作单位 (v4): emoji and markup are refused with the reason; spaces are tidied", async () => {
  const { client, user } = await signedIn();
  for (const workUnit of ["新疆建工集团😀", "<b>新疆建工集团</b>", "新疆建工集团$"]) {
    const r = await save(client, "expert-basic-info", "save", { workUnit });
    assert.is(r.status, 422, workUnit);
    assert.match(r.body.errors?.["/workUnit"]?.[0] ?? "", "不能含有表情", workUnit);
  }
  assert.is(await rowOf(user.id, "expert-basic-info"), undefined, "nothing stored");
  const ok = await save(client, "expert-basic-info", "save", { workUnit: " 中铁十二局集团（新疆）  第3工程有限公司 " });
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  assert.is(JSON.parse((await rowOf(user.id, "expert-basic-info")).data).workUnit, "中铁十二局集团（新疆） 第3工程有限公司");
});

test("回避单位 and 工作经历 (v2): an emoji or markup unit name is refused at its row with the reason; spaces are tidied", async () => {
  const { client, user } = await signedIn();
  const units = (name: string) => ({ hasUnits: "有", units: [{ name, reason: "曾任职单位" }] });
  for (const name of ["新疆建工集团😀", "<script>alert(1)</script>", "新疆建工集团$"]) {
    const r = await save(client, "expert-avoidance", "save", units(name));
    assert.is(r.status, 422, name);
    assert.match(r.body.errors?.["/units/0/name"]?.[0] ?? "", "不能含有表情", name);
  }
  assert.is(await rowOf(user.id, "expert-avoidance"), undefined, "nothing stored");
  const ok = await save(client, "expert-avoidance", "save", units(" 中铁十二局集团（新疆）  第3工程有限公司 "));
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  const row = await rowOf(user.id, "expert-avoidance");
  assert.is(row.form_version, 2);
  assert.is(JSON.parse(row.data).units[0].name, "中铁十二局集团（新疆） 第3工程有限公司");

  const work = await save(client, "expert-work-history", "save", { workHistory: [{ unit: "新疆某建设集团" }, { unit: "<b>新疆建工集团</b>" }] });
  assert.is(work.status, 422);
  assert.match(work.body.errors?.["/workHistory/1/unit"]?.[0] ?? "", "不能含有表情");
  assert.is(await rowOf(user.id, "expert-work-history"), undefined, "nothing stored");
});

test("暂存 still checks types", async () => {
  const { client, user } = await signedIn();
  const r = await save(client, "expert-basic-info", "save", { name: 42 });
  assert.is(r.status, 422);
  assert.ok(r.body.errors["/name"]?.[0].includes("姓名"));
  assert.is(await rowOf(user.id, "expert-basic-info"), undefined);
});

test("保存 a complete document with own uploads: status 已完成, files linked, unknown fields dropped", async () => {
  const { client, user } = await signedIn();
  const doc = { ...(await basicInfo(user.id, "a")), sneaky: "x" };
  const r = await save(client, "expert-basic-info", "submit", doc);
  assert.is(r.status, 200, JSON.stringify(r.body));
  const row = await rowOf(user.id, "expert-basic-info");
  assert.is(row.status, "complete");
  assert.is(JSON.parse(row.data).sneaky, undefined);
  const links = await db("submission_files").where({ submission_id: row.id });
  assert.equal(links.map((l) => l.sha256), [sha("a")]);
});

test("a file reference the user did not upload is refused on its field", async () => {
  const { user: other } = await signedIn();
  const { client, user } = await signedIn();
  await own(other.id, sha("b"));
  const doc = { ...(await basicInfo(user.id, "c")), photo: `file:${sha("b")}` };
  const r = await save(client, "expert-basic-info", "submit", doc);
  assert.is(r.status, 422);
  assert.equal(r.body.errors["/photo"], ["文件不存在或已失效，请重新上传"]);
  assert.is(await rowOf(user.id, "expert-basic-info"), undefined);
});

test("catalog values: unknown, 停用 and group entries are refused on their field; one saved before stays valid after 停用", async () => {
  const { client, user } = await signedIn("expert");
  const base = VALID_SAMPLES["expert-basic-info"];
  const unknown = await save(client, "expert-basic-info", "save", { ...base, region: "火星市", photo: undefined, idCardFront: undefined });
  assert.is(unknown.status, 422);
  assert.match(unknown.body.errors["/region"][0], "所在地州/城市 中的「火星市」不在目录中或已停用");
  const group = await save(client, "expert-basic-info", "save", { ...base, specialties: [{ code: "A", main: true }], photo: undefined, idCardFront: undefined });
  assert.is(group.status, 422, "a group is not a pickable specialty");
  assert.match(group.body.errors["/specialties"][0], "「A」不在目录中");
  assert.not.ok(await rowOf(user.id, "expert-basic-info"), "nothing saved");

  await db("regions").insert({ code: "659901", name: "目录校验地", sort: 999 });
  try {
    const first = await save(client, "expert-basic-info", "save", { ...base, region: "目录校验地", photo: undefined, idCardFront: undefined });
    assert.is(first.status, 200, JSON.stringify(first.body));
    await db("regions").where({ code: "659901" }).update({ disabled_at: now() });
    const again = await save(client, "expert-basic-info", "save", { ...base, region: "目录校验地", position: "总工", photo: undefined, idCardFront: undefined });
    assert.is(again.status, 200, "the value it already held stays valid");
    const other = await signedIn("expert");
    const fresh = await save(other.client, "expert-basic-info", "save", { ...base, region: "目录校验地", photo: undefined, idCardFront: undefined });
    assert.is(fresh.status, 422, "but nobody picks it anew");
  } finally {
    await db("form_submissions").where({ owner_id: user.id }).delete();
    await db("regions").where({ code: "659901" }).delete();
  }
});

test("bad requests: unknown form, malformed key, unknown intent, broken JSON", async () => {
  const { client } = await signedIn();
  assert.is((await save(client, "no-such-form", "save", {})).status, 404);
  assert.is((await client.post("/forms/..%2Fetc", { intent: "save", data: "{}" })).status, 404);
  assert.is((await save(client, "expert-basic-info", "publish", {})).status, 400);
  const broken = await client.post(`/forms/expert-basic-info?_data=${DATA}`, { intent: "save", data: "{\"name\":" });
  assert.is(broken.status, 400);
  assert.match(((await broken.json()) as { error: string }).error, /格式不正确/);
});

test("the loader shows the owner's own data only", async () => {
  const a = await signedIn();
  const b = await signedIn();
  await save(a.client, "expert-basic-info", "save", { name: "甲某" });
  assert.match(await (await a.client.get("/forms/expert-basic-info")).text(), /甲某/);
  assert.not.match(await (await b.client.get("/forms/expert-basic-info")).text(), /甲某/);
});

// Acceptance 5: version 2 adds a required field; a submission made on version 1 stays on version 1.
const pinned = (version: number, extra: Record<string, unknown> = {}, required: string[] = ["school"]): FormDefinition => ({
  key: "fixture-pinned",
  version,
  title: "版本固定测试",
  schema: { type: "object", title: "版本固定测试", required, properties: { school: { type: "string", title: "学校", maxLength: 50 }, ...extra } },
  uiSchema: {},
});

test("a submission made on version 1 renders and validates as version 1 after version 2 is published", async () => {
  await syncFormDefinitions([pinned(1)], "admin");
  const early = await signedIn();
  assert.is((await save(early.client, "fixture-pinned", "save", { school: "新疆大学" })).status, 200);

  await syncFormDefinitions([pinned(2, { degree: { type: "string", title: "学位", maxLength: 20 } }, ["school", "degree"])], "admin");

  const page = await (await early.client.get("/forms/fixture-pinned")).text();
  assert.ok(page.includes('"version":1'), "the v1 submission is shown with version 1");
  assert.not.ok(page.includes("学位"), "version 2's field is not on the v1 page");
  const v1 = await save(early.client, "fixture-pinned", "submit", { school: "新疆大学" });
  assert.is(v1.status, 200, "validates as version 1: degree is not required");
  assert.is((await rowOf(early.user.id, "fixture-pinned")).form_version, 1);

  const late = await signedIn();
  assert.ok((await (await late.client.get("/forms/fixture-pinned")).text()).includes("学位"), "a new submission gets version 2");
  const v2 = await save(late.client, "fixture-pinned", "submit", { school: "新疆大学" });
  assert.is(v2.status, 422);
  assert.ok(v2.body.errors["/degree"]?.[0].includes("学位"));
});

test.run();
