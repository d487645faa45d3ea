// The plain 暂存 endpoint (POST /apply/:id/draft): the same checks, answers and stored result as the
// apply route's action, and every refusal a 4xx that changes nothing.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, db } from "../setup/app";
import { signedIn } from "../setup/factories";
import { act, readyApplication, start, submittedApplication } from "../setup/applications";
import { VALID_SAMPLES } from "../fixtures/form-samples";

const t = suite("plain 暂存 endpoint");
const draft = (position: string) => JSON.stringify({ "expert-basic-info": { ...VALID_SAMPLES["expert-basic-info"], photo: undefined, idCardFront: undefined, position } });
const stored = async (id: number) => (await db("form_submissions").where({ scope: `application:${id}`, form_key: "expert-basic-info" }).first()) ?? null;
const save = (c: Client, id: number | string, fields: Record<string, string>, opts?: { csrf?: boolean }) => c.post(`/apply/${id}/draft`, fields, opts);

t("the owner's 暂存 is stored exactly as through the route action, and answered as JSON", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const res = await save(client, id, { intent: "save", step: "basic-info", data: draft("总工程师") });
  assert.is(res.status, 200);
  assert.equal(await res.json(), { ok: true, message: "已暂存" });
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.is(res.headers.get("x-content-type-options"), "nosniff");
  assert.is(res.headers.get("cache-control"), "no-store");
  const viaEndpoint = await stored(id);
  assert.is(JSON.parse(viaEndpoint.data).position, "总工程师");
  assert.is(viaEndpoint.status, "draft");

  const viaRoute = await act(client, id, { intent: "save", step: "basic-info", data: draft("总工程师") });
  assert.equal(viaRoute, { status: 200, body: { ok: true, message: "已暂存" } });
  const after = await stored(id);
  assert.is(after.data, viaEndpoint.data, "the same document either way");
  assert.is(after.row_version, viaEndpoint.row_version + 1);
});

t("two first saves of one form at once (two tabs): one is stored, the other told 409 — never a 500 from the unique index", async () => {
  for (let round = 0; round < 8; round++) {
    const { client } = await signedIn("expert"); // one application per expert and batch
    const id = await start(client);
    const answers = await Promise.all(["甲", "乙"].map((p) => save(client, id, { intent: "save", step: "basic-info", data: draft(`总工程师${p}`) })));
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.every((st) => st === 200 || st === 409), `round ${round}: ${statuses}`);
    assert.ok(statuses.includes(200), `round ${round}: one is stored`);
    for (const r of answers) if (r.status === 409) assert.match(((await r.json()) as { message: string }).message, "请刷新页面");
    const row = await stored(id);
    // Both stored in turn (the second as an update of the first) or only the winner: a whole document either way.
    assert.ok(["总工程师甲", "总工程师乙"].includes(JSON.parse(row.data).position), `round ${round}`);
  }
});

t("a wrong type is answered 422 with the field's message in Chinese, and nothing is stored", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const bad = JSON.stringify({ "expert-basic-info": { ...VALID_SAMPLES["expert-basic-info"], photo: undefined, idCardFront: undefined, birthDate: 12 } });
  const res = await save(client, id, { step: "basic-info", data: bad });
  assert.is(res.status, 422);
  const body = (await res.json()) as { ok: boolean; message: string; errors: Record<string, Record<string, string[]>> };
  assert.is(body.ok, false);
  assert.is(body.message, "请按提示修改后再保存");
  assert.ok(Object.keys(body.errors["expert-basic-info"] ?? {}).length > 0, JSON.stringify(body.errors));
  assert.is(await stored(id), null);
});

t("who may save: anonymous 401, other experts, reviewers and admins 404, a forged post 403", async () => {
  const owner = await signedIn("expert");
  const id = await start(owner.client);
  const fields = { step: "basic-info", data: draft("不应保存") };
  assert.is((await save(await new Client().prime(), id, fields)).status, 401);
  for (const role of ["expert", "reviewer", "admin"] as const) {
    const res = await save((await signedIn(role)).client, id, fields);
    assert.is(res.status, 404, role);
    assert.equal(await res.json(), { error: "申请不存在" });
  }
  assert.is((await save(owner.client, id, fields, { csrf: false })).status, 403, "no CSRF token");
  const foreign = await owner.client.fetch(`/apply/${id}/draft`, {
    method: "POST", body: new URLSearchParams({ _csrf: owner.client.csrf, ...fields }), headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
  });
  assert.is(foreign.status, 403, "a cross-site Origin");
  assert.is(await stored(id), null, "nothing was stored");
});

t("bad requests get a 4xx with a Chinese message and change nothing", async () => {
  const { client } = await signedIn("expert");
  const id = await start(client);
  const cases: [string | number, Record<string, string>, number][] = [
    [id, { step: "basic-info" }, 400],
    [id, { step: "basic-info", data: "{not json" }, 400],
    [id, { step: "basic-info", data: "[]" }, 400],
    [id, { step: "no-such-step", data: draft("x") }, 400],
    [id, { step: "pledge", data: draft("x") }, 400],
    [id, { step: "basic-info", data: "x".repeat(70_000) }, 413],
    ["abc", { step: "basic-info", data: draft("x") }, 404],
    ["99999999999999999999", { step: "basic-info", data: draft("x") }, 404],
    [0, { step: "basic-info", data: draft("x") }, 404],
  ];
  for (const [target, fields, status] of cases) {
    const res = await save(client, target, fields);
    assert.is(res.status, status, `${target} ${JSON.stringify(fields).slice(0, 60)}`);
    const body = (await res.json()) as { error?: string };
    assert.match(body.error ?? "", /[\u4e00-\u9fff]/, "a Chinese message");
  }
  const json = await client.fetch(`/apply/${id}/draft`, { method: "POST", body: JSON.stringify({ step: "basic-info" }), headers: { "content-type": "application/json" } });
  assert.is(json.status, 415);
  const huge = await client.fetch(`/apply/${id}/draft`, { method: "POST", body: "a".repeat(1_100_000), headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.is(huge.status, 413);
  assert.is((await client.get(`/apply/${id}/draft`)).status, 404, "GET is no page");
  assert.is(await stored(id), null);
});

t("once submitted the application refuses a 暂存 with 409 and keeps its data", async () => {
  const { client, id } = await submittedApplication();
  const before = await stored(id);
  const res = await save(client, id, { step: "basic-info", data: draft("改动") });
  assert.is(res.status, 409);
  assert.match(((await res.json()) as { message: string }).message, /不能修改/);
  assert.equal(await stored(id), before);
});

t("a user who must change a temporary password is sent to that page first", async () => {
  const { client, user, id } = await readyApplication();
  await db("users").where({ id: user.id }).update({ must_change_password: 1 });
  const res = await save(client, id, { step: "basic-info", data: draft("x") });
  assert.is(res.status, 302);
  assert.is(res.headers.get("location"), "/profile/password");
});

t.run();
