import "../setup/guard";
// 新建表单 / 新建流程 and 以此版本为草稿 over HTTP (issue 7): a new key starts as a draft that publishes as
// v1; bad and taken keys are refused in Chinese and create nothing; an old version restored into the
// draft is renumbered latest + 1 and publishes as such; experts and reviewers are refused; all audited.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, db } from "../setup/app";
import { DATA } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("definition create and restore");
const ctx = {} as { admin: Client };
type Answer = { ok: boolean; message: string; problems: unknown[]; content?: string; version?: number };
const drafts = async () => Number((await db("definition_drafts").count({ n: "*" }))[0].n);

const create = (c: Client, base: "forms" | "workflows", fields: Record<string, string>) =>
  c.post(`/admin/${base}?index&${DATA(`routes/_app.admin.${base}._index`)}`, { intent: "create", ...fields });
const editor = async (c: Client, base: "forms" | "workflows", key: string, fields: Record<string, string>) => {
  const res = await c.post(`/admin/${base}/${key}?${DATA(`routes/_app.admin.${base}.$key`)}`, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
const editorData = async (base: "forms" | "workflows", key: string) =>
  (await (await ctx.admin.get(`/admin/${base}/${key}?${DATA(`routes/_app.admin.${base}.$key`)}`)).json()) as { latest: number; source: string; title: string; draft: unknown };

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
});

t("新建表单: a draft with a minimal definition, listed as unpublished, published as v1", async () => {
  const res = await create(ctx.admin, "forms", { key: "training-feedback", title: "培训反馈" });
  // Remix answers a data request's redirect with 204 and X-Remix-Redirect.
  assert.is(res.status, 204);
  assert.is(res.headers.get("x-remix-redirect"), "/admin/forms/training-feedback");
  const list = await (await ctx.admin.get("/admin/forms")).text();
  assert.match(list, "training-feedback");
  assert.match(list, "未发布");
  const page = await editorData("forms", "training-feedback");
  assert.is(page.latest, 0);
  assert.is(page.title, "培训反馈");
  assert.is(JSON.parse(page.source).version, undefined, "nobody types a version number");
  const pub = await editor(ctx.admin, "forms", "training-feedback", { intent: "publish", content: page.source });
  assert.is(pub.status, 200, pub.body.message);
  assert.is(pub.body.version, 1);
  assert.is((await db("form_versions").where({ key: "training-feedback" }).first()).version, 1);
  assert.not.ok(await db("definition_drafts").where({ kind: "form", key: "training-feedback" }).first(), "draft cleared");
  assert.ok(await db("audit_log").where({ action: "definition.create", target_id: "training-feedback" }).first());
});

t("新建流程: the skeleton YAML publishes as v1", async () => {
  const res = await ctx.admin.post("/admin/workflows?index", { intent: "create", key: "annual-check", title: "年度考核: 'A' #1" });
  assert.is(res.status, 302);
  assert.is(res.headers.get("location"), "/admin/workflows/annual-check");
  const page = await editorData("workflows", "annual-check");
  assert.is(page.title, "年度考核: 'A' #1");
  assert.not.match(page.source, /^version:/m);
  const pub = await editor(ctx.admin, "workflows", "annual-check", { intent: "publish", content: page.source });
  assert.is(pub.status, 200, JSON.stringify(pub.body.problems));
  // The stored YAML (kept for the editor and diffs) says which version it is.
  const row = await db("workflow_versions").where({ key: "annual-check", version: 1 }).first();
  assert.is(row.source_text, page.source.replace("key: annual-check\n", "key: annual-check\nversion: 1\n"));
});

t("bad and taken keys are refused in Chinese; nothing is created", async () => {
  const before = await drafts();
  const cases: [string, Record<string, string>, number, string][] = [
    ["forms", { key: "Bad_Key", title: "x" }, 400, "key"],
    ["forms", { key: "-x", title: "x" }, 400, "key"],
    ["forms", { key: "a--b", title: "x" }, 400, "key"],
    ["forms", { key: "x".repeat(81), title: "x" }, 400, "key"],
    ["forms", { key: "ok-key", title: "" }, 400, "title"],
    ["forms", { key: "expert-basic-info", title: "撞名" }, 409, "key"],
    ["forms", { key: "training-feedback", title: "撞名" }, 409, "key"],
    ["workflows", { key: "expert-admission", title: "撞名" }, 409, "key"],
  ];
  for (const [base, fields, status, at] of cases) {
    const res = await create(ctx.admin, base as "forms", fields);
    assert.is(res.status, status, JSON.stringify(fields));
    const { errors } = (await res.json()) as { errors: Record<string, string> };
    assert.match(errors[at] ?? "", /[\u4e00-\u9fa5]/, `${JSON.stringify(fields)} → ${at}`);
  }
  // A draft of a new key taken by another admin a moment before counts as taken, too.
  assert.is((await create(ctx.admin, "forms", { key: "pending-one", title: "甲" })).status, 204);
  assert.is((await create(ctx.admin, "forms", { key: "pending-one", title: "乙" })).status, 409);
  assert.is((await create(ctx.admin, "forms", { intent: "nope" } as never)).status, 400);
  assert.is(await drafts(), before + 1);
  for (const role of ["expert", "reviewer"] as const) {
    const { client } = await signedIn(role);
    assert.is((await client.post("/admin/forms?index", { intent: "create", key: "sneaky", title: "x" })).status, 403, role);
  }
  assert.not.ok(await db("definition_drafts").where({ key: "sneaky" }).first());
});

t("以此版本为草稿: v1 is loaded into the draft and publishes as the next version", async () => {
  const key = "training-feedback";
  const v1 = (await editorData("forms", key)).source;
  const v2 = JSON.parse(v1);
  v2.title = v2.schema.title = "培训反馈（第二版）";
  const p2 = await editor(ctx.admin, "forms", key, { intent: "publish", content: JSON.stringify(v2, null, 2) });
  assert.is(p2.status, 200, JSON.stringify(p2.body));
  const r = await editor(ctx.admin, "forms", key, { intent: "restore", version: "1" });
  assert.is(r.status, 200, r.body.message);
  assert.match(r.body.message, "发布为第 3 版");
  const restored = JSON.parse(r.body.content!);
  assert.is(restored.version, undefined);
  assert.is(restored.title, "培训反馈");
  const page = await editorData("forms", key);
  assert.ok(page.draft, "the draft is saved");
  assert.is(page.source, r.body.content);
  const pub = await editor(ctx.admin, "forms", key, { intent: "publish", content: page.source });
  assert.is(pub.body.version, 3);
  const [a, b] = await Promise.all([1, 3].map(async (version) => JSON.parse((await db("form_versions").where({ key, version }).first()).definition)));
  assert.equal({ ...a, version: 0 }, { ...b, version: 0 }, "v3 is v1 again");
  assert.ok(await db("audit_log").where({ action: "definition.restore", target_id: key }).whereRaw("detail like ?", ['%"from":1%']).first());

  // Workflows: the YAML as typed (without its version line).
  const flow = "annual-check";
  const yaml1 = (await editorData("workflows", flow)).source;
  assert.is((await editor(ctx.admin, "workflows", flow, { intent: "publish", content: yaml1.replace("title: 提交\n    from", "title: 提交考核\n    from") })).status, 200);
  const w = await editor(ctx.admin, "workflows", flow, { intent: "restore", version: "1" });
  assert.is(w.body.content, yaml1);

  for (const [fields, status] of [[{ intent: "restore", version: "9" }, 404], [{ intent: "restore", version: "x" }, 400], [{ intent: "restore" }, 400]] as const) {
    const before = (await editorData("forms", key)).source;
    const res = await ctx.admin.post(`/admin/forms/${key}`, fields as Record<string, string>);
    assert.is(res.status, status, JSON.stringify(fields));
    assert.is((await editorData("forms", key)).source, before, "draft untouched");
  }
  const { client: reviewer } = await signedIn("reviewer");
  assert.is((await reviewer.post(`/admin/forms/${key}`, { intent: "restore", version: "1" })).status, 403);
});

t.run();
