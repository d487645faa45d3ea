import "../setup/guard";
// 表单管理 / 流程管理 over HTTP (issue 7, acceptance 2 and 4): an administrator publishes a new form version
// and a new workflow version; malformed definitions (invalid JSON, an unknown widget, a transition to a
// missing state, a duplicate state, a wrong version or key) are refused with a message at the spot and
// publish nothing; drafts; diffs; audit; experts and reviewers are refused everything.
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, db } from "../setup/app";
import { signedIn } from "../setup/factories";

const FORM = "change-avoidance";
const FLOW = "expert-admission";
const t = suite("definition admin");
const ctx = {} as { admin: Client; adminId: number; expert: Client; reviewer: Client; formV1: Record<string, any>; yamlV1: string };

type Answer = { ok: boolean; intent: string; message: string; problems: { line: number; col: number; from: number; to: number; message: string; pointer?: string }[]; version?: number };

const count = async (table: string) => Number((await db(table).count<{ n: number | string }[]>({ n: "*" }))[0].n);
const snapshot = async () => ({
  forms: await count("form_versions"),
  flows: await count("workflow_versions"),
  batches: JSON.stringify(await db("batches").orderBy("id").select()),
});
const post = async (c: Client, url: string, intent: string, content: string) => {
  // As the editor's fetcher posts: the action's JSON answer, not the page.
  const route = url.startsWith("/admin/forms/") ? "routes/_app.admin.forms.$key" : "routes/_app.admin.workflows.$key";
  const res = await c.post(`${url}?_data=${encodeURIComponent(route)}`, { intent, content });
  const body = res.headers.get("content-type")?.includes("json") ? ((await res.json()) as Answer) : null;
  return { status: res.status, body };
};
/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
const spotOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in the text`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
};

t.before(async () => {
  const a = await signedIn("admin");
  ctx.admin = a.client;
  ctx.adminId = a.user.id;
  ctx.expert = (await signedIn("expert")).client;
  ctx.reviewer = (await signedIn("reviewer")).client;
  const row = await db("form_versions").where({ key: FORM, version: 1 }).first();
  ctx.formV1 = JSON.parse(row.definition);
  // The built-in file holds the latest built-in version (2; v1 is kept as expert-admission.v1.yaml).
  ctx.yamlV1 = fs.readFileSync(`workflows/${FLOW}.yaml`, "utf8");
});

const formText = (mutate: (d: Record<string, any>) => void = () => undefined) => {
  const d = structuredClone(ctx.formV1);
  mutate(d);
  return JSON.stringify(d, null, 2);
};
const firstField = () => Object.keys(ctx.formV1.schema.properties)[0];

t("the lists and editors open for an administrator", async () => {
  const forms = await (await ctx.admin.get("/admin/forms")).text();
  assert.match(forms, "表单管理");
  assert.match(forms, `/admin/forms/${FORM}`);
  const flows = await (await ctx.admin.get("/admin/workflows")).text();
  assert.match(flows, `/admin/workflows/${FLOW}`);
  const editor = await ctx.admin.get(`/admin/forms/${FORM}`);
  assert.is(editor.status, 200);
  assert.match(await editor.text(), "发布新版本");
  assert.is((await ctx.admin.get("/admin/forms/no-such-form")).status, 404);
  assert.is((await ctx.admin.get("/admin/workflows/no-such-flow")).status, 404);
});

t("an administrator publishes form v2: available as a version, audited, draft cleared", async () => {
  const draft = await post(ctx.admin, `/admin/forms/${FORM}`, "draft", formText((d) => (d.version = 2)));
  assert.is(draft.status, 200);
  assert.ok(await db("definition_drafts").where({ kind: "form", key: FORM }).first());
  // The editor shows the draft, not the published text.
  assert.match(await (await ctx.admin.get(`/admin/forms/${FORM}`)).text(), "草稿保存于");

  const before = await count("form_versions");
  const text = formText((d) => {
    d.version = 2;
    d.schema.properties.years = { type: "integer", title: "从事评标工作年限", minimum: 0, maximum: 60 };
    d.uiSchema["ui:order"].push("years");
  });
  const r = await post(ctx.admin, `/admin/forms/${FORM}`, "publish", text);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.equal([r.body!.ok, r.body!.version], [true, 2]);
  assert.is(await count("form_versions"), before + 1);
  const row = await db("form_versions").where({ key: FORM, version: 2 }).first();
  assert.equal([row.source, row.published_by], ["admin", ctx.adminId]);
  assert.equal(JSON.parse(row.definition).schema.properties.years.title, "从事评标工作年限");
  assert.is(await db("definition_drafts").where({ kind: "form", key: FORM }).first(), undefined);
  const audit = await db("audit_log").where({ action: "form.publish", actor_id: ctx.adminId }).first();
  assert.ok(audit, "the publish is audited");
  assert.equal(JSON.parse(audit.detail), { key: FORM, version: 2 });
  assert.is(audit.target_id, FORM);

  // The diff of v1 and v2 shows the new field as an added line.
  const page = await (await ctx.admin.get(`/admin/forms/${FORM}?from=1&to=2`)).text();
  assert.match(page, "v1 → v2");
  assert.match(page, /class="diff-add"[^>]*>.*从事评标工作年限/);
});

t("acceptance 2: malformed form definitions are refused at the spot; nothing is published", async () => {
  const before = await snapshot();
  const url = `/admin/forms/${FORM}`;

  // Invalid JSON: line and column of the problem.
  const broken = '{\n  "key": "change-avoidance",\n  "version": 3,\n  "title": }\n';
  const a = await post(ctx.admin, url, "publish", broken);
  assert.is(a.status, 422);
  assert.equal([a.body!.problems[0].line, a.body!.problems[0].col], [4, 12]);
  assert.match(a.body!.problems[0].message, "JSON 语法错误（第4行第12列）");

  // An unknown widget: the JSON pointer, and the line and column of that value in the text.
  const widgetText = formText((d) => {
    d.version = 3;
    d.uiSchema[firstField()] = { ...(d.uiSchema[firstField()] ?? {}), "ui:widget": "fancy-picker" };
  });
  const b = await post(ctx.admin, url, "publish", widgetText);
  assert.is(b.status, 422);
  const p = b.body!.problems.find((x) => /fancy-picker/.test(x.message))!;
  assert.ok(p, JSON.stringify(b.body));
  assert.is(p.pointer, `/uiSchema/${firstField()}/ui:widget`);
  assert.match(p.message, "未知的控件「fancy-picker」");
  assert.equal({ line: p.line, col: p.col }, spotOf(widgetText, '"ui:widget": "fancy-picker"'));

  // Other refusals: the version must be latest + 1, the key must be this form's, the schema must compile.
  const c = await post(ctx.admin, url, "publish", formText((d) => (d.version = 5)));
  assert.is(c.status, 422);
  assert.ok(c.body!.problems.some((x) => x.pointer === "/version" && /必须是 3/.test(x.message)));
  const d = await post(ctx.admin, url, "publish", formText((x) => ((x.version = 3), (x.key = "profile"))));
  assert.ok(d.body!.problems.some((x) => x.pointer === "/key"));
  const e = await post(ctx.admin, url, "publish", formText((x) => ((x.version = 3), (x.schema.properties[firstField()].format = "nope"))));
  assert.ok(e.body!.problems.some((x) => x.pointer === `/schema/properties/${firstField()}/format` && /未知的格式/.test(x.message)), JSON.stringify(e.body));

  // A draft must at least be JSON; a draft may be incomplete otherwise.
  const f = await post(ctx.admin, url, "draft", broken);
  assert.is(f.status, 422);
  assert.is(await db("definition_drafts").where({ kind: "form", key: FORM }).first(), undefined);

  // check answers the same problems without publishing anything.
  const g = await post(ctx.admin, url, "check", widgetText);
  assert.is(g.status, 200);
  assert.ok(g.body!.problems.some((x) => /fancy-picker/.test(x.message)));

  assert.equal(await snapshot(), before);
});

t("an administrator publishes the next workflow version; its YAML is kept for the editor and diffs", async () => {
  const before = await count("workflow_versions");
  const text = ctx.yamlV1.replace(/^version: 2$/m, "version: 3").replace(/^title: 专家入库申请$/m, "title: 专家入库申请\ndescription: 第二版：仅增加说明");
  const r = await post(ctx.admin, `/admin/workflows/${FLOW}`, "publish", text);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body!.version, 3);
  assert.is(await count("workflow_versions"), before + 1);
  const row = await db("workflow_versions").where({ key: FLOW, version: 3 }).first();
  assert.equal([row.source, row.published_by, row.source_text], ["admin", ctx.adminId, text]);
  const audit = await db("audit_log").where({ action: "workflow.publish", actor_id: ctx.adminId }).first();
  assert.equal(JSON.parse(audit.detail), { key: FLOW, version: 3 });
  const page = await (await ctx.admin.get(`/admin/workflows/${FLOW}?from=2&to=3`)).text();
  assert.match(page, /class="diff-add"[^>]*>.*第二版：仅增加说明/);
});

t("acceptance 2: malformed workflows are refused at their line; nothing is published", async () => {
  const before = await snapshot();
  const url = `/admin/workflows/${FLOW}`;
  const v3 = ctx.yamlV1.replace(/^version: 2$/m, "version: 4");

  // A transition to a missing state.
  const missing = v3.replace("to: approved", "to: aproved");
  const a = await post(ctx.admin, url, "publish", missing);
  assert.is(a.status, 422);
  const pa = a.body!.problems.find((x) => /aproved/.test(x.message))!;
  assert.ok(pa, JSON.stringify(a.body));
  assert.match(pa.message, '目标状态 "aproved" 未定义');
  assert.is(pa.line, spotOf(missing, "to: aproved").line);

  // A duplicate state.
  const dup = v3.replace("  returned:  { title: 已退回, editable: true }", "  returned:  { title: 已退回, editable: true }\n  draft:     { title: 又一个草稿 }");
  const b = await post(ctx.admin, url, "publish", dup);
  assert.is(b.status, 422);
  assert.ok(b.body!.problems.some((x) => /重复/.test(x.message) && x.line === spotOf(dup, "  draft:     { title: 又一个草稿 }").line), JSON.stringify(b.body));

  // YAML that does not parse, and a version that is not latest + 1.
  const c = await post(ctx.admin, url, "publish", v3.replace("initial: draft", "initial: [draft"));
  assert.is(c.status, 422);
  assert.match(c.body!.problems[0].message, "YAML 语法错误");
  const d = await post(ctx.admin, url, "publish", ctx.yamlV1);
  assert.ok(d.body!.problems.some((x) => /version 必须是 4/.test(x.message) && x.line === spotOf(ctx.yamlV1, "version: 2").line));

  // The check answers the same, and a YAML draft that does not parse is not saved.
  const e = await post(ctx.admin, url, "check", missing);
  assert.ok(e.body!.problems.some((x) => /aproved/.test(x.message)));
  assert.is((await post(ctx.admin, url, "draft", "a: [")).status, 422);
  assert.is((await post(ctx.admin, url, "draft", missing)).status, 200);
  assert.is((await db("definition_drafts").where({ kind: "workflow", key: FLOW }).first()).content, missing);

  assert.equal({ ...(await snapshot()) }, before);
});

t("acceptance 4: experts and reviewers are refused every route and action; nothing changes", async () => {
  const before = await snapshot();
  for (const c of [ctx.expert, ctx.reviewer]) {
    for (const url of ["/admin/forms", "/admin/workflows", `/admin/forms/${FORM}`, `/admin/workflows/${FLOW}`, `/admin/forms/${FORM}?from=1&to=2`]) {
      assert.is((await c.get(url)).status, 403, `GET ${url}`);
    }
    for (const [url, content] of [[`/admin/forms/${FORM}`, formText((d) => (d.version = 3))], [`/admin/workflows/${FLOW}`, ctx.yamlV1.replace(/^version: 2$/m, "version: 4")]]) {
      for (const intent of ["draft", "publish", "check"]) assert.is((await post(c, url, intent, content)).status, 403, `POST ${intent} ${url}`);
    }
  }
  assert.equal(await snapshot(), before);
  assert.is(await db("definition_drafts").where({ kind: "form" }).first(), undefined);
});

t.run();
