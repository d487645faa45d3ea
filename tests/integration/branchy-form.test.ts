import "../setup/guard";
// A form with if/then/else, oneOf, anyOf, dependencies and dependentRequired, published by an
// administrator and filled over HTTP (issue 14 §6 item 3, issue 13 acceptance 5): 暂存 keeps every field
// some branch declares (it used to answer 已暂存 and store {}), drops only what nothing declares, and the
// server's Chinese messages for a bad document are the ones the browser's validator gives.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { toFieldErrors } from "~/engine/forms/messages";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { stripUndeclared } from "~/engine/forms/strip";
import { compileSchema, relaxSchema } from "~/engine/forms/validate";
import type { Client } from "../setup/app";
import { db } from "../setup/app";
import { DATA } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { BRANCHY_FORM, BRANCHY_VALID } from "../fixtures/keyword-fixtures";

const t = suite("a published form with branches");
const KEY = BRANCHY_FORM.key;
const ctx = {} as { expert: Client; expertId: number };
type Answer = { ok: boolean; errors: Record<string, string[]>; message: string };

const save = async (client: Client, intent: "save" | "submit", data: unknown) => {
  const res = await client.post(`/forms/${KEY}?${DATA("routes/_app.forms.$key")}`, { intent, data: JSON.stringify(data) });
  return { status: res.status, body: (await res.json()) as Answer };
};
const stored = async () => {
  const row = await db("form_submissions").where({ owner_id: ctx.expertId, form_key: KEY, scope: "self" }).first();
  return row ? { status: row.status as string, data: JSON.parse(row.data) as Record<string, unknown> } : null;
};
/** What the browser's validator (the walker) says about `doc` in `mode`, as field messages. */
const inBrowser = (doc: unknown, mode: "draft" | "full") => {
  const schema = BRANCHY_FORM.schema as SchemaNode;
  const data = structuredClone(doc);
  stripUndeclared(schema, data);
  const v = compileSchema(mode === "draft" ? relaxSchema(schema) : schema, true);
  return v(data) ? {} : toFieldErrors(v.errors, schema);
};

t.before(async () => {
  const admin = (await signedIn("admin")).client;
  const created = await admin.post(`/admin/forms?index&${DATA("routes/_app.admin.forms._index")}`, { intent: "create", key: KEY, title: BRANCHY_FORM.title });
  assert.is(created.status, 204, "新建表单");
  const res = await admin.post(`/admin/forms/${KEY}?${DATA("routes/_app.admin.forms.$key")}`, { intent: "publish", content: JSON.stringify(BRANCHY_FORM, null, 2) });
  const body = (await res.json()) as { message: string; problems: unknown[] };
  assert.is(res.status, 200, `${body.message} ${JSON.stringify(body.problems)}`);
  const e = await signedIn("expert");
  ctx.expert = e.client;
  ctx.expertId = e.user.id;
});

t("暂存 keeps every field a branch declares and drops only undeclared junk", async () => {
  const r = await save(ctx.expert, "save", { ...BRANCHY_VALID, junk: "不应保存" });
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.message, "已暂存");
  assert.equal(await stored(), { status: "draft", data: BRANCHY_VALID });
});

t("暂存 of a half-filled form keeps what is there (the else branch's 姓名, the other oneOf branch)", async () => {
  const half = { kind: "个人", name: "张三", mail: "a@b" };
  const r = await save(ctx.expert, "save", half);
  assert.is(r.status, 422, "a wrong email is a type-level error even in a draft");
  assert.equal(r.body.errors, inBrowser(half, "draft"));
  assert.equal(r.body.errors, { "/mail": ["邮箱 格式不正确，应为有效的电子邮箱地址"] });
  const fixed = { ...half, mail: "zhang@example.com" };
  const ok = await save(ctx.expert, "save", fixed);
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(await stored(), { status: "draft", data: fixed });
});

t("保存 refuses an incomplete document with the browser's own messages, and changes nothing", async () => {
  const before = await stored();
  const bad = { kind: "单位", idCard: "12345", backupPhone: "13900139000", hasTitle: true };
  const r = await save(ctx.expert, "submit", bad);
  assert.is(r.status, 422);
  assert.equal(r.body.errors, inBrowser(bad, "full"));
  assert.equal(r.body.errors["/unit"], ["单位名称 为必填项"]);
  assert.equal(r.body.errors["/backupOwner"], ["机主姓名 为必填项（已填写「备用电话」）"]);
  assert.equal(r.body.errors["/jobTitle"], ["职称 为必填项"]);
  assert.equal(await stored(), before);
});

t("保存 of a complete document stores every field", async () => {
  const r = await save(ctx.expert, "submit", BRANCHY_VALID);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.equal(await stored(), { status: "complete", data: BRANCHY_VALID });
});

t.run();
