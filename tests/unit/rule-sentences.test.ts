import "../setup/guard";
// A batch's 资格规则 read as sentences and written back (engine/forms/rule-sentences): the seeded rules are
// recognised with their numbers; every sentence the built-in forms can hold round-trips (built → read →
// the same sentence), passes the rule checker and the variable check against its form; changing a number
// rewrites logic, message and id; a rule of another shape is not recognised.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { toDesigner } from "~/engine/forms/designer-model";
import { buildSentence, followSentence, orListChoices, readSentence, sentenceChoices } from "~/engine/forms/rule-sentences";
import type { FormRule, RuleForm, Sentence } from "~/engine/forms/rule-sentences";
import { checkRules, evaluateRules, ruleVariableProblems } from "~/engine/forms/rules";

const def = (file: string) => JSON.parse(fs.readFileSync(`forms/${file}.json`, "utf8"));
const KEYS = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];
const forms: RuleForm[] = KEYS.map((k) => { const d = def(k); return { key: k, title: d.title, model: toDesigner(d) }; });
const seeded = JSON.parse(fs.readFileSync("db/seeds/batch-2025-1.json", "utf8")).eligibilityRules as FormRule[];

test("the seeded rules are read as their sentences, numbers and level included", () => {
  assert.equal(readSentence(seeded[0], forms), { kind: "max-age", form: "expert-basic-info", field: "birthDate", years: 70 });
  assert.equal(readSentence(seeded[1], forms), { kind: "sum-at-least", form: "expert-work-history", list: "workHistory", column: "period", years: 8 });
  assert.equal(readSentence(seeded[2], forms), {
    kind: "min-level", form: "expert-titles", list: "titles", column: "level", level: "副高级", orForm: "expert-qualifications", orList: "qualifications",
  });
});

test("every sentence the forms can hold round-trips and passes the checkers", () => {
  const choices = sentenceChoices(forms);
  assert.ok(choices.some((s) => s.kind === "max-age") && choices.some((s) => s.kind === "sum-at-least") && choices.some((s) => s.kind === "at-least-one") && choices.some((s) => s.kind === "min-level"));
  const withOr: Sentence[] = choices.filter((s) => s.kind === "min-level").flatMap((s) => orListChoices(forms, s.form).map(([orForm, orList]) => ({ ...s, orForm, orList })));
  for (const s of [...choices, ...withOr]) {
    const rule = buildSentence(s, forms);
    assert.equal(readSentence(rule, forms), s, JSON.stringify(s));
    const { form, ...plain } = rule;
    assert.equal(checkRules([plain]), [], rule.id);
    const schema = (k: string) => def(k).schema;
    assert.equal(ruleVariableProblems([plain], schema(form), schema), [], rule.id);
  }
});

test("70 → 65: the logic holds 65 and refuses 66 on the batch date; the seeded message and id follow the number", () => {
  const was = readSentence(seeded[0], forms)!;
  const next = { ...was, years: 65 } as Sentence;
  const r = followSentence(seeded[0], was, next, forms, { otherIds: seeded.slice(1).map((x) => x.id) });
  assert.is(r.message, "出生日期 按本批次规定，申请人在本批次基准日的年龄不得超过65周岁");
  assert.is(r.id, "age-at-most-65");
  assert.equal(readSentence(r, forms), next);
  const { form: _f, ...plain } = r;
  const ctx = { batchDate: "2025-03-01" };

  assert.ok(Object.keys(evaluateRules([plain], { birthDate: "1959-01-01" }, ctx)).length > 0, "66 refused");
  assert.equal(Object.keys(evaluateRules([plain], { birthDate: "1960-03-01" }, ctx)), [], "65 accepted");
});

test("a builder's own message follows it; an edited message without the number, or kept on request, stays", () => {
  const s: Sentence = { kind: "sum-at-least", form: "expert-work-history", list: "workHistory", column: "period", years: 8 };
  const built = buildSentence(s, forms);
  const ten = { ...s, years: 10 };
  assert.is(followSentence(built, s, ten, forms).message, buildSentence(ten, forms).message);
  const age: Sentence = { kind: "max-age", form: "expert-basic-info", field: "birthDate", years: 70 };
  const on = { on: "批次基准日" };
  assert.match(followSentence(buildSentence(age, forms, on.on), age, { ...age, years: 65 }, forms, on).message, /按批次基准日计算，年龄不得超过 65 周岁/);
  assert.is(followSentence({ ...built, message: "工作年限不够" }, s, ten, forms).message, "工作年限不够");
  assert.is(followSentence({ ...built, message: "须满8年" }, s, ten, forms, { keepMessage: true }).message, "须满8年");
  assert.is(followSentence({ ...built, message: "须满8年，不是18年" }, s, ten, forms).message, "须满10年，不是18年");
  const level: Sentence = { kind: "min-level", form: "expert-titles", list: "titles", column: "level", level: "副高级" };
  const up = followSentence(buildSentence(level, forms), level, { ...level, level: "正高级" }, forms);
  assert.ok(up.message.includes("正高级") && !up.message.includes("及以上"), up.message);
  assert.is(followSentence(buildSentence(level, forms), level, { ...level, level: "中级" }, forms, { otherIds: [buildSentence({ ...level, level: "中级" }, forms).id] }).id.endsWith("-2"), true);
});

test("rules of other shapes, other forms, or changed beyond the builder's shape are not recognised", () => {
  assert.is(readSentence({ ...seeded[0], logic: { "<=": [{ age_on: [{ var: "birthDate" }, { var: "$context.batchDate" }] }, 70] } }, forms), null);
  assert.is(readSentence({ ...seeded[0], form: "unknown-form" }, forms), null);
  assert.is(readSentence({ ...seeded[0], path: "/name" }, forms), null);
  assert.is(readSentence({ ...seeded[2], logic: { some: [{ var: "titles" }, { in: [{ var: "level" }, ["副高级"]] }] } }, forms), null);
  assert.is(readSentence({ form: "expert-basic-info", id: "x", path: "/name", message: "姓名", logic: { "!!": { var: "name" } } }, forms), null);
  assert.is(readSentence("not a rule", forms), null);
  assert.throws(() => buildSentence({ kind: "max-age", form: "expert-basic-info", field: "birthDate", years: 0 }, forms), /1 到 150/);
});

test.run();
