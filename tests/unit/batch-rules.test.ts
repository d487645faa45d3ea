// The seeded batch's eligibility rules (data, not code): well-formed, and they pass or fail as the
// batch's policy says — age on the batch date, years of work, title level or a qualification.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkRules, evaluateRules, ruleVariableProblems } from "~/engine/forms/rules";
import type { Rule } from "~/engine/forms/rules";
import seed from "../../db/seeds/batch-2025-1.json";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const rulesFor = (form: string) => seed.eligibilityRules.filter((r) => r.form === form).map(({ form: _f, ...r }) => r as Rule);
const context = (forms: Record<string, unknown> = VALID_SAMPLES) => ({ batchDate: seed.batchDate, forms });
const run = (form: string, data: unknown, ctx = context()) => evaluateRules(rulesFor(form), data, ctx);

test("the seeded rules are well-formed and name forms of the batch", () => {
  assert.equal(checkRules(seed.eligibilityRules.map(({ form: _f, ...r }) => r)), []);
  for (const r of seed.eligibilityRules) assert.ok(r.form in seed.forms, r.form);
});

test("every variable of the seeded rules is a field of its form (as batch-admin checks at save)", () => {
  const schemas = new Map(loadFormFiles().map((f) => [f.definition.key, f.definition.schema as unknown]));
  for (const form of Object.keys(seed.forms)) {
    assert.equal(ruleVariableProblems(rulesFor(form), schemas.get(form), (key) => schemas.get(key)), [], form);
  }
  const misspelt = [{ id: "x", logic: { "<=": [{ var: "birthDat" }, "2000-01-01"] }, message: "年龄不符", path: "/birthDate" }];
  assert.equal(ruleVariableProblems(misspelt, schemas.get("expert-basic-info")), ["第1条规则：变量「birthDat」不是表单中的字段（请检查拼写）"]);
});

test("the valid samples meet every rule", () => {
  for (const form of Object.keys(seed.forms)) assert.equal(run(form, VALID_SAMPLES[form]), {}, form);
});

test("age on the batch date: 70 passes, 71 fails", () => {
  assert.equal(run("expert-basic-info", { birthDate: "1955-03-01" }), {});
  assert.ok(run("expert-basic-info", { birthDate: "1954-02-28" })["/birthDate"]?.[0].includes("70周岁"));
});

test("work history: under 8 years fails on the list, overlapping spans count once", () => {
  const short = { workHistory: [{ period: { start: "2020-01-01", end: "2024-01-01" } }, { period: { start: "2021-01-01", end: "2023-01-01" } }] };
  assert.ok(run("expert-work-history", short)["/workHistory"]?.[0].includes("8年"));
  const open = { workHistory: [{ period: { start: "2017-03-01" } }] }; // 至今 counts to the batch date
  assert.equal(run("expert-work-history", open), {});
});

test("title: 中级 alone fails; 中级 with a qualification or 副高级 passes", () => {
  const mid = { titles: [{ name: "工程师", level: "中级" }] };
  const noQual = context({ ...VALID_SAMPLES, "expert-qualifications": { qualifications: [] } });
  assert.ok(run("expert-titles", mid, noQual)["/titles"]?.[0].includes("副高级"));
  assert.equal(run("expert-titles", mid, context()), {});
  assert.equal(run("expert-titles", { titles: [{ level: "正高级" }] }, noQual), {});
});

test.run();
