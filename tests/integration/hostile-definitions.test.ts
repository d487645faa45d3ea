import "../setup/guard";
// Issue 14 §1 over HTTP: an administrator publishes patterns and rules; nothing they publish can stall the
// server on an expert's answer. A catastrophic pattern is published and answers in linear time; a pattern
// RE2 cannot express, a rule naming a misspelt field and a rule of loops nested too deep are refused at
// publish in Chinese at their place; a rule that passes the caps but runs out of its step budget refuses
// the save (4xx, Chinese, nothing stored); a batch's eligibility rule naming a missing field is refused.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RULE_BUDGET_MESSAGE } from "~/engine/forms/rules";
import type { Client } from "../setup/app";
import { db } from "../setup/app";
import { DATA } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("hostile definitions");
const KEY = "hostile-patterns";
const ctx = {} as { admin: Client; expert: Client; expertId: number };
type Problems = { message: string; problems: { pointer?: string; message: string }[] };

const definition = (over: { pattern?: string; rules?: unknown[]; version?: number } = {}) => ({
  key: KEY, version: over.version ?? 1, title: "对抗测试", uiSchema: {},
  schema: {
    type: "object", title: "对抗测试",
    properties: {
      code: { type: "string", title: "代码", maxLength: 40, pattern: over.pattern ?? "^(a+)+$" },
      age: { type: "integer", title: "年龄" },
    },
  },
  rules: over.rules ?? [],
});
const publish = async (def: unknown) => {
  const res = await ctx.admin.post(`/admin/forms/${KEY}?${DATA("routes/_app.admin.forms.$key")}`, { intent: "publish", content: JSON.stringify(def, null, 2) });
  return { status: res.status, body: (await res.json()) as Problems };
};
const published = async () => Number((await db("form_versions").where({ key: KEY }).count<{ n: number | string }[]>({ n: "*" }))[0].n);
const save = async (intent: "save" | "submit", data: unknown) => {
  const t0 = performance.now();
  const res = await ctx.expert.post(`/forms/${KEY}?${DATA("routes/_app.forms.$key")}`, { intent, data: JSON.stringify(data) });
  return { status: res.status, ms: performance.now() - t0, body: (await res.json()) as { errors: Record<string, string[]>; message: string } };
};
const stored = async () => (await db("form_submissions").where({ owner_id: ctx.expertId, form_key: KEY }).first()) ?? null;

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  const created = await ctx.admin.post(`/admin/forms?index&${DATA("routes/_app.admin.forms._index")}`, { intent: "create", key: KEY, title: "对抗测试" });
  assert.is(created.status, 204, "新建表单");
  const e = await signedIn("expert");
  ctx.expert = e.client;
  ctx.expertId = e.user.id;
});

t("refused at publish, at the place, in Chinese: backreference, lookahead, misspelt variable, loops too deep", async () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [definition({ pattern: "^(a)\\1$" }), "/schema/properties/code/pattern", /字段「代码」.*反向引用/],
    [definition({ pattern: "^(?!admin)a+$" }), "/schema/properties/code/pattern", /字段「代码」.*前瞻或后顾/],
    [definition({ rules: [{ id: "age", logic: { "<=": [{ var: "agee" }, 60] }, message: "年龄过大", path: "/age" }] }), "/rules/0", /第1条规则：变量「agee」不是表单中的字段/],
    [definition({ rules: [{ id: "loops", logic: { some: [[1, 2], { some: [[1, 2], { some: [[1, 2], { "==": [1, 2] }] }] }] }, message: "不满足条件", path: "/age" }] }), "/rules/0", /循环.*嵌套超过 2 层/],
    [definition({ rules: [{ id: "built", logic: { "==": [{ var: { cat: ["a", "ge"] } }, 1] }, message: "不满足条件", path: "/age" }] }), "/rules/0", /变量名必须直接写出/],
  ];
  for (const [def, pointer, text] of cases) {
    const r = await publish(def);
    assert.is(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.problems.some((p) => p.pointer === pointer && text.test(p.message)), JSON.stringify(r.body.problems));
  }
  assert.is(await published(), 0, "nothing was published");
});

t("a catastrophic pattern publishes, and a 29-character answer is refused at once", async () => {
  // 300×300 literal items: within the publish caps (two loop levels, under 4000 characters), but about
  // 360 000 steps, beyond the evaluation budget.
  const many = Array.from({ length: 300 }, (_, i) => i % 10);
  const rules = [{ id: "heavy", logic: { some: [many, { some: [many, { "==": [{ var: "" }, 11] }] }] }, message: "不满足条件", path: "/age" }];
  const r = await publish(definition({ rules }));
  assert.is(r.status, 200, JSON.stringify(r.body));
  const hostile = await save("save", { code: `${"a".repeat(28)}!` });
  assert.is(hostile.status, 422);
  assert.ok(hostile.ms < 1000, `answered in ${hostile.ms} ms`);
  assert.match(hostile.body.errors["/code"]?.[0] ?? "", /代码/);
  assert.is(await stored(), null, "nothing stored");
});

t("a rule beyond its step budget refuses the save with a Chinese message, and nothing is stored", async () => {
  const r = await save("submit", { code: "aaa", age: 30 });
  assert.ok(r.ms < 1000, `answered in ${r.ms} ms`);
  assert.is(r.status, 422);
  assert.equal(r.body.errors["/age"], [RULE_BUDGET_MESSAGE]);
  assert.is(await stored(), null);
});

t("a batch's eligibility rule naming a field its form lacks is refused in Chinese, nothing saved", async () => {
  const first = await db("batches").where({ name: "2025年第一批" }).first();
  const rules = JSON.parse(first.eligibility_rules) as Record<string, unknown>[];
  const form = String(rules[0].form);
  const bad = [...rules, { id: "typo", form, logic: { "<=": [{ var: "birthDat" }, "2000-01-01"] }, message: "年龄不符", path: "/birthDate" }];
  const forms = JSON.parse(first.form_versions) as Record<string, number>;
  const ts = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
  const fields = {
    name: "2026年第二批", opensAt: ts(Date.now() - 3600_000), closesAt: ts(Date.now() + 30 * 86_400_000), batchDate: "2026-03-01",
    workflow: `${first.workflow_key}@${first.workflow_version}`, ...Object.fromEntries(Object.entries(forms).map(([k, v]) => [`forms.${k}`, String(v)])),
    eligibilityRules: JSON.stringify(bad), pledgeText: first.pledge_text, applicationTypes: ["新增"], numberFormat: "XJ{year}{seq:4}",
    feeYuan: "300", paymentInstructions: "扫码缴费", paymentWorkingDays: "10", certificateYears: "2",
  };
  const before = Number((await db("batches").count<{ n: number | string }[]>({ n: "*" }))[0].n);
  const res = await ctx.admin.post(`/admin/batches/new?${DATA("routes/_app.admin.batches.$id")}`, fields);
  assert.is(res.status, 400);
  const { errors } = (await res.json()) as { errors: Record<string, string> };
  assert.match(errors.eligibilityRules ?? "", new RegExp(`第${bad.length}条规则：变量「birthDat」不是表单中的字段`));
  assert.is(Number((await db("batches").count<{ n: number | string }[]>({ n: "*" }))[0].n), before);
  // The same list without the misspelt rule is accepted: the seeded rules name real fields.
  const ok = await ctx.admin.post(`/admin/batches/new?${DATA("routes/_app.admin.batches.$id")}`, { ...fields, eligibilityRules: JSON.stringify(rules) });
  assert.ok(ok.status < 400, `status ${ok.status}`);
});

t.run();
