import "../setup/guard";
// Issue 14 §1 "Rules without budgets" and "Rules that name fields that do not exist": caps at publish
// (size, depth, nested loops, literal var names), a step budget during evaluation, every variable a
// declared field, and ordering comparisons that fail on a missing value.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { checkRules, evaluateRules, MAX_RULE_CHARS, RULE_BUDGET_MESSAGE, ruleVariableProblems } from "~/engine/forms/rules";
import type { Rule } from "~/engine/forms/rules";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";

// Not a speed target (those live in bench/): a ceiling no catastrophic case can meet (29 characters took
// 2.6–4.9 s and each further one ×1.5; these inputs are thousands long) that a busy machine never hits.
const CEILING_MS = 2000;

const rule = (logic: unknown, extra: Partial<Rule> = {}): Rule => ({ id: "r", logic, message: "不满足条件", path: "/age", ...extra });

/** The adversarial bench's rule: `some` over 20 items nested `levels` deep, 20^levels evaluations. */
function nestedLoops(levels: number): unknown {
  const items = Array.from({ length: 20 }, (_, i) => i);
  let logic: unknown = { "==": [1, 2] };
  for (let depth = 0; depth < levels; depth++) logic = { some: [items, logic] };
  return logic;
}

const schema = {
  type: "object", title: "测试",
  properties: {
    age: { type: "integer", title: "年龄" },
    name: { type: "string", title: "姓名", maxLength: 10 },
    jobs: { type: "array", title: "经历", maxItems: 20, items: { type: "object", properties: { years: { type: "number", title: "年限" }, unit: { type: "string", title: "单位", maxLength: 10 } } } },
  },
};

test("checkRules refuses a rule above the size cap, in Chinese with its place", () => {
  const big = { in: ["x", Array.from({ length: 800 }, (_, i) => `选项${i}`)] };
  assert.ok(JSON.stringify(big).length > MAX_RULE_CHARS);
  const problems = checkRules([rule(true), rule(big, { id: "big" })]);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^第2条规则过长/);
});

test("checkRules refuses nesting deeper than the cap and loops inside loops inside loops", () => {
  let deep: unknown = { var: "age" };
  for (let i = 0; i < 20; i++) deep = { "!": deep };
  assert.match(checkRules([rule(deep)]).join(), /第1条规则：运算嵌套超过 16 层/);
  assert.match(checkRules([rule(nestedLoops(3))]).join(), /第1条规则：循环.*嵌套超过 2 层/);
  assert.equal(checkRules([rule(nestedLoops(2))]), [], "a loop over each item's entries stays possible");
  assert.match(checkRules([rule(nestedLoops(5))]).join(), /循环/);
});

test("checkRules accepts only literal var names and defaults", () => {
  const built = { var: { cat: ["__pro", "to__.x"] } };
  assert.match(checkRules([rule({ "==": [built, 1] })]).join(), /第1条规则：变量名必须直接写出/);
  assert.match(checkRules([rule({ var: ["age", { var: "name" }] })]).join(), /变量名必须直接写出/);
  assert.equal(checkRules([rule({ var: ["age", 0] }), rule({ var: "jobs.0.years" }, { id: "b" }), rule({ var: 1 }, { id: "c" })]), []);
});

test("evaluation has a step budget: the 20^5 rule is refused at once with a Chinese message", () => {
  const t0 = performance.now();
  const errors = evaluateRules([rule(nestedLoops(5))], { age: 1 });
  const took = performance.now() - t0;
  assert.equal(errors, { "/age": [RULE_BUDGET_MESSAGE] });
  assert.ok(took < CEILING_MS, `took ${took} ms`);
  // And the next evaluation has its full budget again.
  assert.equal(evaluateRules([rule({ "<=": [{ var: "age" }, 60] })], { age: 30 }), {});
});

test("a document whose rules run out of budget is refused (nothing to save)", () => {
  const def = { schema, rules: [rule(nestedLoops(5))] } as unknown as FormDefinition;
  const result = validateDocument(def, { age: 30 });
  assert.is(result.ok, false);
  assert.equal(result.errors["/age"], [RULE_BUDGET_MESSAGE]);
});

test("ordering comparisons with a missing value fail instead of passing", () => {
  const upper = rule({ "<=": [{ var: "age" }, 60] });
  assert.equal(evaluateRules([upper], { age: 50 }), {});
  assert.equal(evaluateRules([upper], { age: 61 }), { "/age": ["不满足条件"] });
  for (const missing of [{}, { age: null }, { age: "" }]) {
    assert.equal(evaluateRules([upper], missing), { "/age": ["不满足条件"] }, JSON.stringify(missing));
  }
  assert.equal(evaluateRules([rule({ "<": [{ var: "nosuch" }, 60] })], { age: 1 }), { "/age": ["不满足条件"] });
  assert.equal(evaluateRules([rule({ ">=": [{ var: "age" }, 18] })], {}), { "/age": ["不满足条件"] });
  assert.equal(evaluateRules([rule({ "<": [18, { var: "age" }, 60] })], { age: 30 }), {}, "between keeps working");
  assert.equal(evaluateRules([rule({ "<": [18, { var: "age" }, 60] })], {}), { "/age": ["不满足条件"] });
  assert.equal(evaluateRules([rule({ "<": ["2020-01-01", { var: "d" }] })], { d: "2021-01-01" }), {}, "dates still compare as strings");
});

test("ruleVariableProblems: a misspelt variable is named with its rule; every scope resolves", () => {
  const rules = [
    rule({ "<=": [{ var: "agee" }, 60] }),
    rule({ all: [{ var: "jobs" }, { ">": [{ var: "years" }, 0] }] }, { id: "b" }),
    rule({ some: [{ var: "jobs" }, { "==": [{ var: "unti" }, "x"] }] }, { id: "c" }),
    rule({ reduce: [{ var: "jobs" }, { "+": [{ var: "accumulator" }, { var: "current.years" }] }, 0] }, { id: "d" }),
    rule({ reduce: [{ var: "jobs" }, { "+": [{ var: "accumulator" }, { var: "current.yeras" }] }, 0] }, { id: "e" }),
    rule({ and: [{ var: "years" }, { var: "$root.name" }, { var: "$index" }, { var: "$context.today" }] }, { id: "f", each: "/jobs", path: "/years" }),
    rule({ "==": [{ var: "$root.nmae" }, { var: "$context.todya" }] }, { id: "g", each: "/jobs", path: "/years" }),
    rule({ missing: ["age", "nmae"] }, { id: "h" }),
    rule({ var: "jobs.0.years" }, { id: "i" }),
  ];
  assert.equal(ruleVariableProblems(rules, schema), [
    "第1条规则：变量「agee」不是表单中的字段（请检查拼写）",
    "第3条规则：变量「unti」不是表单中的字段（请检查拼写）",
    "第5条规则：变量「current.yeras」不是表单中的字段（请检查拼写）",
    "第7条规则：变量「$root.nmae」不是表单中的字段（请检查拼写）",
    "第7条规则：变量「$context.todya」不是表单中的字段（请检查拼写）",
    "第8条规则：变量「nmae」不是表单中的字段（请检查拼写）",
  ]);
  const other = (key: string) => (key === "profile" ? { type: "object", properties: { phone: { type: "string" } } } : undefined);
  assert.equal(ruleVariableProblems([rule({ var: "$context.forms.profile.phone" })], schema, other), []);
  assert.equal(ruleVariableProblems([rule({ var: "$context.forms.profile.phnoe" })], schema, other).length, 1);
});

test("checkFormDefinition refuses a rule naming a field the schema lacks, at the rule's place", () => {
  const def = {
    key: "t", version: 1, title: "测试", uiSchema: {}, schema,
    rules: [{ id: "ok", logic: { ">=": [{ var: "age" }, 18] }, message: "年龄不足", path: "/age" }, { id: "bad", logic: { "<=": [{ var: "agee" }, 60] }, message: "年龄过大", path: "/age" }],
  };
  assert.equal(checkFormDefinition(def), [{ pointer: "/rules/1", message: "第2条规则：变量「agee」不是表单中的字段（请检查拼写）" }]);
});

test.run();
