import "../setup/guard";
// 表单管理 / 流程管理 over HTTP (issue 7, acceptance 2 and 4): an administrator publishes a new form version
// and a new workflow version; malformed definitions (invalid JSON, an unknown widget, a transition to a
// missing state, a duplicate state, a wrong key) are refused with a message at the spot and publish
// nothing; drafts; diffs; audit; experts and reviewers are refused everything. Issue 20: nobody types a
// version number — a publish is latest + 1, a typed version is ignored, and of two administrators
// publishing at once one gets latest + 1 and the other a conflict in Chinese.
import fs from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, db } from "../setup/app";
import { signedIn } from "../setup/factories";

const FORM = "change-avoidance";
const FLOW = "expert-admission";
const t = suite("definition admin");
const ctx = {} as { admin: Client; adminId: number; expert: Client; reviewer: Client; form: Record<string, any>; yamlV1: string; flowVersion: number };

type Answer = { ok: boolean; intent: string; message: string; problems: { line: number; col: number; from: number; to: number; message: string; pointer?: string }[]; version?: number };

const count = async (table: string) => Number((await db(table).count<{ n: number | string }[]>({ n: "*" }))[0].n);
const snapshot = async () => ({
  forms: await count("form_versions"),
  flows: await count("workflow_versions"),
  batches: JSON.stringify(await db("batches").orderBy("id").select()),
});
const routeOf = (url: string) => (url.startsWith("/admin/forms/") ? "routes/_app.admin.forms.$key" : "routes/_app.admin.workflows.$key");
const post = async (c: Client, url: string, intent: string, content: string, extra: Record<string, string> = {}) => {
  // As the editor's fetcher posts: the action's JSON answer, not the page.
  const res = await c.post(`${url}?_data=${encodeURIComponent(routeOf(url))}`, { intent, content, ...extra });
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
  // The latest built-in version (2: 单位名称 takes the org-name format; v1 is kept as change-avoidance.v1.json).
  const row = await db("form_versions").where({ key: FORM, version: 2 }).first();
  ctx.form = JSON.parse(row.definition);
  // The built-in file holds the latest built-in version (2; v1 is kept as expert-admission.v1.yaml).
  ctx.yamlV1 = fs.readFileSync(`workflows/${FLOW}.yaml`, "utf8");
  ctx.flowVersion = Number(/^version: (\d+)$/m.exec(ctx.yamlV1)![1]);
});

/** The latest built-in version (v2) as the editor shows it (no version), changed by `mutate`. */
const formText = (mutate: (d: Record<string, any>) => void = () => undefined) => {
  const d = structuredClone(ctx.form);
  delete d.version;
  mutate(d);
  return JSON.stringify(d, null, 2);
};
const firstField = () => Object.keys(ctx.form.schema.properties)[0];

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

t("an administrator publishes form v3 (the built-in latest is v2): available as a version, audited, draft cleared", async () => {
  const draft = await post(ctx.admin, `/admin/forms/${FORM}`, "draft", formText());
  assert.is(draft.status, 200);
  assert.ok(await db("definition_drafts").where({ kind: "form", key: FORM }).first());
  // The editor shows the draft, not the published text.
  assert.match(await (await ctx.admin.get(`/admin/forms/${FORM}`)).text(), "草稿保存于");
  // The text to edit has no version number, and checks clean without one.
  const data = await (await ctx.admin.get(`/admin/forms/${FORM}?_data=${encodeURIComponent(routeOf("/admin/forms/"))}`)).json();
  assert.is(JSON.parse(data.source).version, undefined);
  assert.equal((await post(ctx.admin, `/admin/forms/${FORM}`, "check", data.source)).body!.problems, []);

  const before = await count("form_versions");
  const text = formText((d) => {
    d.schema.properties.years = { type: "integer", title: "从事评标工作年限", minimum: 0, maximum: 60 };
    d.uiSchema["ui:order"].push("years");
  });
  const r = await post(ctx.admin, `/admin/forms/${FORM}`, "publish", text, { base: "2" });
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.equal([r.body!.ok, r.body!.version], [true, 3]);
  assert.is(await count("form_versions"), before + 1);
  const row = await db("form_versions").where({ key: FORM, version: 3 }).first();
  assert.equal([row.source, row.published_by], ["admin", ctx.adminId]);
  assert.equal(JSON.parse(row.definition).schema.properties.years.title, "从事评标工作年限");
  assert.is(JSON.parse(row.definition).version, 3);
  assert.is(await db("definition_drafts").where({ kind: "form", key: FORM }).first(), undefined);
  const audit = await db("audit_log").where({ action: "form.publish", actor_id: ctx.adminId }).first();
  assert.ok(audit, "the publish is audited");
  assert.equal(JSON.parse(audit.detail), { key: FORM, version: 3 });
  assert.is(audit.target_id, FORM);

  // The diff of v2 and v3 shows the new field as an added line.
  const page = await (await ctx.admin.get(`/admin/forms/${FORM}?from=2&to=3`)).text();
  assert.match(page, "v2 → v3");
  assert.match(page, /class="diff-add"[^>]*>.*从事评标工作年限/);
  assert.not.match(page, /class="diff-(add|del)"[^>]*>(?:(?!<\/td>).)*&quot;version&quot;/, "the version lines are left out of the diff");
  // Above the lines, the change in words.
  assert.match(page, /data-testid="diff-sentences"><li>新增字段「从事评标工作年限」<\/li><\/ul>/);
});

t("acceptance 2: malformed form definitions are refused at the spot; nothing is published", async () => {
  const before = await snapshot();
  const url = `/admin/forms/${FORM}`;

  // Invalid JSON: line and column of the problem.
  const broken = '{\n  "key": "change-avoidance",\n  "version": 4,\n  "title": }\n';
  const a = await post(ctx.admin, url, "publish", broken);
  assert.is(a.status, 422);
  assert.equal([a.body!.problems[0].line, a.body!.problems[0].col], [4, 12]);
  assert.match(a.body!.problems[0].message, "JSON 语法错误（第4行第12列）");

  // An unknown widget: the JSON pointer, and the line and column of that value in the text.
  const widgetText = formText((d) => {
    d.uiSchema[firstField()] = { ...(d.uiSchema[firstField()] ?? {}), "ui:widget": "fancy-picker" };
  });
  const b = await post(ctx.admin, url, "publish", widgetText);
  assert.is(b.status, 422);
  const p = b.body!.problems.find((x) => /fancy-picker/.test(x.message))!;
  assert.ok(p, JSON.stringify(b.body));
  assert.is(p.pointer, `/uiSchema/${firstField()}/ui:widget`);
  assert.match(p.message, "未知的控件「fancy-picker」");
  assert.equal({ line: p.line, col: p.col }, spotOf(widgetText, '"ui:widget": "fancy-picker"'));

  // A version typed anyway is not the text's to say: no problem. The key must be this form's, the schema must compile.
  const c = await post(ctx.admin, url, "check", formText((d) => (d.version = 5)));
  assert.equal([c.status, c.body!.problems], [200, []]);
  const d = await post(ctx.admin, url, "publish", formText((x) => (x.key = "profile")));
  assert.ok(d.body!.problems.some((x) => x.pointer === "/key"));
  const e = await post(ctx.admin, url, "publish", formText((x) => (x.schema.properties[firstField()].format = "nope")));
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
  // The built-in version the editor starts from (the file's), and the one this publish becomes.
  const cur = ctx.flowVersion;
  const next = cur + 1;
  const versionLine = new RegExp(`^version: ${cur}\n`, "m");
  const typed = ctx.yamlV1.replace(/^title: 专家入库申请$/m, "title: 专家入库申请\ndescription: 第二版：仅增加说明");
  // The editor's text has no version line; the server numbers the publish and puts the line back in the stored YAML.
  const data = await (await ctx.admin.get(`/admin/workflows/${FLOW}?_data=${encodeURIComponent(routeOf("/admin/workflows/"))}`)).json();
  assert.is(data.source, ctx.yamlV1.replace(versionLine, ""));
  const text = typed.replace(versionLine, "");
  const r = await post(ctx.admin, `/admin/workflows/${FLOW}`, "publish", text, { base: String(cur) });
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body!.version, next);
  assert.is(await count("workflow_versions"), before + 1);
  const row = await db("workflow_versions").where({ key: FLOW, version: next }).first();
  assert.equal([row.source, row.published_by, row.source_text], ["admin", ctx.adminId, typed.replace(`version: ${cur}\n`, `version: ${next}\n`)]);
  const audit = await db("audit_log").where({ action: "workflow.publish", actor_id: ctx.adminId }).first();
  assert.equal(JSON.parse(audit.detail), { key: FLOW, version: next });
  const page = await (await ctx.admin.get(`/admin/workflows/${FLOW}?from=${cur}&to=${next}`)).text();
  assert.match(page, /class="diff-add"[^>]*>.*第二版：仅增加说明/);
  assert.match(page, /data-testid="diff-sentences"><li>流程说明改为「第二版：仅增加说明」<\/li><\/ul>/);
});

t("acceptance 2: malformed workflows are refused at their line; nothing is published", async () => {
  const before = await snapshot();
  const url = `/admin/workflows/${FLOW}`;
  const v3 = ctx.yamlV1.replace(/^version: \d+\n/m, "");

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

  // YAML that does not parse; a version typed anyway is ignored (no problem).
  const c = await post(ctx.admin, url, "publish", v3.replace("initial: draft", "initial: [draft"));
  assert.is(c.status, 422);
  assert.match(c.body!.problems[0].message, "YAML 语法错误");
  const d = await post(ctx.admin, url, "check", ctx.yamlV1);
  assert.equal([d.status, d.body!.problems], [200, []]);

  // The check answers the same, and a YAML draft that does not parse is not saved.
  const e = await post(ctx.admin, url, "check", missing);
  assert.ok(e.body!.problems.some((x) => /aproved/.test(x.message)));
  assert.is((await post(ctx.admin, url, "draft", "a: [")).status, 422);
  assert.is((await post(ctx.admin, url, "draft", missing)).status, 200);
  assert.is((await db("definition_drafts").where({ kind: "workflow", key: FLOW }).first()).content, missing);

  assert.equal({ ...(await snapshot()) }, before);
});

t("two administrators publish at once: one gets latest + 1, the other a conflict in Chinese; no duplicate", async () => {
  const other = (await signedIn("admin")).client;
  for (const [url, table, key, content] of [
    [`/admin/forms/${FORM}`, "form_versions", FORM, formText((d) => (d.title = d.schema.title = "回避信息变更（并发）"))],
    [`/admin/workflows/${FLOW}`, "workflow_versions", FLOW, ctx.yamlV1.replace(/^version: \d+\n/m, "").replace(/^title: 专家入库申请$/m, "title: 专家入库申请（并发）")],
  ] as const) {
    const latest = Number((await db(table).where({ key }).max<{ v: number }[]>({ v: "version" }))[0].v);
    const before = await count(table);
    // The same text from both, each from the latest version their editor opened with.
    const answers = await Promise.all([ctx.admin, other].map((c) => post(c, url, "publish", content, { base: String(latest) })));
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses, [200, 409], JSON.stringify(answers.map((a) => a.body)));
    const won = answers.find((a) => a.status === 200)!;
    const lost = answers.find((a) => a.status === 409)!;
    assert.is(won.body!.version, latest + 1);
    assert.match(lost.body!.message, `另一位管理员刚刚发布了第 ${latest + 1} 版，本次未发布`);
    assert.is(await count(table), before + 1);
    // An editor opened before that publish is refused too, rather than overwriting it unseen.
    const stale = await post(other, url, "publish", content, { base: String(latest) });
    assert.is(stale.status, 409);
    assert.is(await count(table), before + 1);
    const audits = await db("audit_log").where({ action: table === "form_versions" ? "form.publish" : "workflow.publish" }).whereRaw("detail like ?", [`%"version":${latest + 1}%`]);
    assert.is(audits.filter((a: { detail: string }) => JSON.parse(a.detail).key === key).length, 1, "one publish audited");
  }
  assert.is((await post(ctx.admin, `/admin/forms/${FORM}`, "publish", formText(), { base: "x" })).status, 400);
});

t("acceptance 4: experts and reviewers are refused every route and action; nothing changes", async () => {
  const before = await snapshot();
  for (const c of [ctx.expert, ctx.reviewer]) {
    for (const url of ["/admin/forms", "/admin/workflows", `/admin/forms/${FORM}`, `/admin/workflows/${FLOW}`, `/admin/forms/${FORM}?from=1&to=2`]) {
      assert.is((await c.get(url)).status, 403, `GET ${url}`);
    }
    for (const [url, content] of [[`/admin/forms/${FORM}`, formText()], [`/admin/workflows/${FLOW}`, ctx.yamlV1]]) {
      for (const intent of ["draft", "publish", "check"]) assert.is((await post(c, url, intent, content)).status, 403, `POST ${intent} ${url}`);
    }
  }
  assert.equal(await snapshot(), before);
  assert.is(await db("definition_drafts").where({ kind: "form" }).first(), undefined);
});

t.run();
