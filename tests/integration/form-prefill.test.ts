import "../setup/features";
import "../setup/guard";
// Issue 19 (users retype what the system knows) over HTTP: a new application's 基本信息 (v2, which
// declares `ui:options.prefill`) comes with 姓名 and 手机号 from the signed-in account, in the page the
// server renders (JavaScript off) and its data; the server judges it like anything typed; what the
// expert saved is never overwritten; nobody else's account fills anyone's form. And a database that
// holds only 基本信息 v1 (before forms kept versions) still starts, and its v1 applications render and
// validate on v1.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { build, db } from "../setup/app";
import type { Client } from "../setup/app";
import { act, batchId, DATA, instanceInState, start, step1 } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { readBuiltInForms } from "~/engine/forms/registry.server";
import { hashDefinition } from "~/engine/forms/hash.server";

const FORM = "expert-basic-info";
const ROUTE = "routes/_app.apply.$id";
type PageForm = { key: string; version: number; data: Record<string, unknown> };
type Page = { steps: { key: string; forms: PageForm[] }[] };

/** The wizard's data (the loader, as the browser gets it) for one form of the application. */
async function formOnPage(client: Client, id: number, key = FORM): Promise<PageForm> {
  const res = await client.get(`/apply/${id}?step=basic-info&${DATA(ROUTE)}`);
  assert.is(res.status, 200);
  const page = (await res.json()) as Page;
  return page.steps.flatMap((s) => s.forms).find((f) => f.key === key)!;
}

const savedRow = (id: number) => db("form_submissions").where({ scope: `application:${id}`, form_key: FORM }).first();

const t = suite("form prefill");

t("a new application's 基本信息 comes with the account's 姓名 and 手机号, in the HTML and the data; nothing is stored until saved", async () => {
  const { client, user } = await signedIn("expert");
  const id = await start(client);
  const form = await formOnPage(client, id);
  assert.is(form.version, 5, "the seeded batch pins 基本信息 v5");
  assert.equal(form.data, { name: user.name, mobile: user.phone });
  assert.equal((await formOnPage(client, id, "expert-education")).data, {}, "a form declaring no prefill gets none");
  // JavaScript off: the server-rendered inputs already hold the values.
  const html = await (await client.get(`/apply/${id}?step=basic-info`)).text();
  assert.match(html, new RegExp(`id="f-${FORM}_name"[^>]*value="${user.name}"|value="${user.name}"[^>]*id="f-${FORM}_name"`));
  assert.match(html, new RegExp(`id="f-${FORM}_mobile"[^>]*value="${user.phone}"|value="${user.phone}"[^>]*id="f-${FORM}_mobile"`));
  assert.is(await savedRow(id), undefined, "showing a prefilled form writes nothing");

  // The server judges the prefilled values as anything typed: 下一步 with them (and the rest) passes.
  const docs = await step1(client);
  const { name: _n, mobile: _m, ...rest } = docs[FORM];
  docs[FORM] = { ...form.data, ...rest };
  const next = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(next.status, 200, JSON.stringify(next.body));
  const row = await savedRow(id);
  assert.is(row.form_version, 5);
  assert.is(JSON.parse(row.data).name, user.name);
  assert.is(JSON.parse(row.data).mobile, user.phone);
});

t("saved values are never overwritten: only what is still empty is filled, and the stored row stays as saved", async () => {
  const { client, user } = await signedIn("expert");
  const id = await start(client);
  const typed = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ [FORM]: { name: "李四", mobile: "13912345678" } }) });
  assert.is(typed.status, 200, JSON.stringify(typed.body));
  assert.equal((await formOnPage(client, id)).data, { name: "李四", mobile: "13912345678" });

  // 手机号 cleared and saved: it is empty again, so the account's fills it on the page, but not in the row.
  const cleared = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ [FORM]: { name: "李四", position: "总工" } }) });
  assert.is(cleared.status, 200, JSON.stringify(cleared.body));
  assert.equal((await formOnPage(client, id)).data, { name: "李四", position: "总工", mobile: user.phone });
  assert.equal(JSON.parse((await savedRow(id)).data), { name: "李四", position: "总工" });

  // What the expert types instead is judged as ever: a wrong 手机号 is refused, even by 暂存, and nothing changes.
  const wrong = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ [FORM]: { name: "李四", mobile: "123" } }) });
  assert.is(wrong.status, 422);
  assert.ok(wrong.body.errors?.[FORM]?.["/mobile"]?.[0].includes("手机号"), JSON.stringify(wrong.body.errors?.[FORM]));
  assert.equal(JSON.parse((await savedRow(id)).data), { name: "李四", position: "总工" });
});

t("no other account fills a form: each expert sees their own, and the wizard is its applicant's alone", async () => {
  const a = await signedIn("expert");
  const b = await signedIn("expert");
  const [idA, idB] = [await start(a.client), await start(b.client)];
  assert.equal((await formOnPage(a.client, idA)).data, { name: a.user.name, mobile: a.user.phone });
  assert.equal((await formOnPage(b.client, idB)).data, { name: b.user.name, mobile: b.user.phone });
  assert.is((await b.client.get(`/apply/${idA}?${DATA(ROUTE)}`)).status, 404, "another expert's application does not exist for them");
  // Sent back to its applicant (editable again): the wizard is the applicant's alone (the administrator
  // and reviewers read it on their task pages, which show what was saved), prefilled from their account.
  const c = await signedIn("expert");
  const returned = await instanceInState({ ownerId: c.user.id, state: "returned", region: "乌鲁木齐市", applicant: c.user.name, workflow: { key: "expert-admission", version: 2 } });
  const admin = await signedIn("admin");
  assert.is((await admin.client.get(`/apply/${returned}?step=basic-info&${DATA(ROUTE)}`)).status, 404);
  assert.equal((await formOnPage(c.client, returned)).data, { name: c.user.name, mobile: c.user.phone });
});

t("the same form filled outside an application (/forms/…) is prefilled the same way, saved values first", async () => {
  const { client, user } = await signedIn("expert");
  const url = `/forms/${FORM}?${DATA("routes/_app.forms.$key")}`;
  const load = async () => ((await (await client.get(url)).json()) as { data: Record<string, unknown> }).data;
  assert.equal(await load(), { name: user.name, mobile: user.phone });
  const saved = await client.post(url, { intent: "save", data: JSON.stringify({ name: "赵六" }) });
  assert.is(saved.status, 200, await saved.clone().text());
  assert.equal(await load(), { name: "赵六", mobile: user.phone });
});

t("a database holding only 基本信息 v1 still starts; its v1 applications render (no prefill) and validate on v1", async () => {
  const v1 = readBuiltInForms().find((d) => d.key === FORM && d.version === 1)!;
  assert.is((await db("form_versions").where({ key: FORM, version: 1 }).first()).hash, hashDefinition(v1), "v1 as stored before is v1 as kept");
  // The state an existing database is in: a batch pinning v1, an application saved on v1, and no v2 yet.
  const seeded = await db("batches").where({ id: await batchId() }).first();
  const { id: _id, ...copy } = seeded;
  const forms = { ...JSON.parse(seeded.form_versions), [FORM]: 1 };
  const [row] = await db("batches").insert({ ...copy, name: "第一版批次", form_versions: JSON.stringify(forms) }).returning("id");
  const oldBatch = typeof row === "object" ? row.id : row;
  const { client, user } = await signedIn("expert");
  const id = await start(client, oldBatch);
  const draft = await act(client, id, { intent: "save", step: "basic-info", data: JSON.stringify({ [FORM]: { position: "总工" } }) });
  assert.is(draft.status, 200, JSON.stringify(draft.body));
  assert.is((await savedRow(id)).form_version, 1);
  await db("form_versions").where({ key: FORM, version: 2 }).delete();

  // Start-up with the new files: v1 matches what is stored, v2 is added; nothing refused.
  await build.entry.module.startup();
  const v2 = await db("form_versions").where({ key: FORM, version: 2 }).first();
  assert.is(v2.hash, hashDefinition(readBuiltInForms().find((d) => d.key === FORM && d.version === 2)));

  // The v1 application renders on v1 with exactly what was saved (v1 declares no prefill).
  const form = await formOnPage(client, id);
  assert.is(form.version, 1);
  assert.equal(form.data, { position: "总工" });
  assert.is((await client.get(`/apply/${id}?step=basic-info`)).status, 200);
  // … and validates on v1: refused while incomplete, accepted complete, still pinned to v1.
  const refused = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify({ [FORM]: form.data }) });
  assert.is(refused.status, 422);
  assert.match(refused.body.errors?.[FORM]?.["/name"]?.[0] ?? "", "姓名 为必填项");
  const docs = await step1(client, user.name);
  const ok = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  const saved = await savedRow(id);
  assert.is(saved.form_version, 1);
  assert.is(saved.form_hash, hashDefinition(v1));
});

t.run();
