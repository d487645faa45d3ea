import "../setup/guard";
// The designer's rule builder sentences beyond 结束日期不早于开始日期 (issue 20): 合计至少 N 年, 至少填写一项
// and 年龄不超过 N 岁. Each produced rule is checked by the definition checker, survives the designer's round
// trip, and is evaluated by the engine's rule evaluator on data that passes and data that fails.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalJson } from "~/engine/forms/canonical-json";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { fromDesigner, toDesigner } from "~/engine/forms/designer-model";
import type { DesignerModel } from "~/engine/forms/designer-model";
import { addField, updateField } from "~/engine/forms/designer-ops";
import { addAtLeastOneRule, addMaxAgeRule, addSumAtLeastRule, listsIn, sumColumnsIn } from "~/engine/forms/designer-rules";
import { evaluateRules } from "~/engine/forms/rules";
import type { Rule } from "~/engine/forms/rules";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";

const form = (file: string) => JSON.parse(fs.readFileSync(`forms/${file}`, "utf8"));
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const empty = () => toDesigner({ key: "t", version: 1, title: "测试", schema: { type: "object", title: "测试", properties: {} }, uiSchema: {} });

/** The definition of `m`, checked by the definition checker and kept by a round trip; and its rules. */
function definition(m: DesignerModel): FormDefinition & { rules: Rule[] } {
  const def = fromDesigner(m) as unknown as FormDefinition & { rules: Rule[] };
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.ok(same(fromDesigner(toDesigner(def)), def), "round trip");
  return def;
}

/** A form with a list 培训经历 (field1) whose rows hold a name (item1) and a number 年限 (field1). */
function listWithNumber(): DesignerModel {
  const list = addField(empty(), [], "list");
  let m = updateField(list.model, list.path, { title: "培训经历" });
  const n = addField(m, list.path, "number");
  m = updateField(n.model, n.path, { title: "年限" });
  return m;
}

test("合计至少 N 年 over a number column: the rows' values summed, an empty cell counting 0, an empty list failing", () => {
  const m = listWithNumber();
  assert.equal(listsIn(m), [["field1", "培训经历"]]);
  assert.equal(sumColumnsIn(m, "field1"), [{ key: "field1", title: "年限", kind: "number" }]);
  const def = definition(addSumAtLeastRule(m, "field1", "field1", 8));
  assert.is(def.rules.length, 1);
  const rows = (...ns: (number | undefined)[]) => ({ field1: ns.map((n) => (n === undefined ? { item1: "某项" } : { item1: "某项", field1: n })) });
  assert.equal(evaluateRules(def.rules, rows(3, 5)), {});
  assert.equal(evaluateRules(def.rules, rows(8, undefined)), {}, "an empty cell counts 0");
  const message = ["培训经历：年限合计至少 8 年"];
  assert.equal(evaluateRules(def.rules, rows(3, 4)), { "/field1": message });
  assert.equal(evaluateRules(def.rules, rows()), { "/field1": message });
  assert.equal(evaluateRules(def.rules, {}), { "/field1": message }, "no list at all sums to 0");
  // Through the server's whole check (下一步), as an application saves it.
  assert.equal(validateDocument(def, rows(2), { mode: "full" }).errors, { "/field1": message });
  assert.ok(validateDocument(def, rows(2, 6.5), { mode: "full" }).ok === false, "年限 is an integer: the schema refuses 6.5 before the rule");
  assert.ok(validateDocument(def, rows(2, 6), { mode: "full" }).ok);
  // Refusals in Chinese.
  assert.throws(() => addSumAtLeastRule(m, "field1", "item1", 8), /请选择列表中的一个数字或日期范围字段/);
  assert.throws(() => addSumAtLeastRule(m, "field1", "field1", 0), /年数必须大于 0/);
  assert.throws(() => addSumAtLeastRule(m, "field1", "field1", Number.NaN), /年数必须大于 0/);
  assert.throws(() => addSumAtLeastRule(m, "nothing", "field1", 8), /请选择表单最外层的一个列表/);
});

test("合计至少 N 年 over a 日期范围 column: years counted once where periods overlap, an open end at the reference date", () => {
  // 工作经历's 起止时间 is a $ref to the form's own dateRange.
  const m = toDesigner(form("expert-work-history.json"));
  assert.equal(sumColumnsIn(m, "workHistory"), [{ key: "period", title: "起止时间", kind: "date-range" }]);
  const def = definition(addSumAtLeastRule(m, "workHistory", "period", 8));
  const rules = def.rules.slice(-1);
  const work = (...periods: [string, string?][]) => ({ workHistory: periods.map(([start, end]) => ({ period: end ? { start, end } : { start } })) });
  const message = { "/workHistory": ["工作经历：起止时间合计至少 8 年"] };
  const context = { batchDate: "2025-03-01" };
  assert.equal(evaluateRules(rules, work(["2010-01-01", "2015-01-01"], ["2015-01-01", "2018-01-01"]), context), {});
  assert.equal(evaluateRules(rules, work(["2010-01-01", "2015-01-01"], ["2012-01-01", "2016-01-01"]), context), message, "overlap counted once: 6 years");
  assert.equal(evaluateRules(rules, work(["2017-03-01"]), context), {}, "至今: 8 years on the reference date");
  assert.equal(evaluateRules(rules, work(["2017-06-01"]), context), message, "至今 from June 2017: under 8 years");
  // Without a reference date (a process outside any batch) the open end is today.
  assert.equal(evaluateRules(rules, work(["2017-06-01"]), { today: "2030-01-01" }), {});
});

test("至少填写一项: a list with no row fails; while the list is hidden by its 显示条件 the rule holds", () => {
  let m = listWithNumber();
  assert.equal(definition(addAtLeastOneRule(m, "field1")).rules[0].logic, { "!!": { var: "field1" } }, "the built-in forms' pattern");
  // Shown only when 有无培训经历 (field2) is 有: moved first, asked before the list.
  const a = addField(m, [], "radio", 0);
  m = updateField(a.model, a.path, { title: "有无培训经历", options: ["有", "无"], required: true });
  m = updateField(m, ["field1"], { showWhen: { when: "field2", equals: "有" } });
  const def = definition(addAtLeastOneRule(m, "field1"));
  const message = { "/field1": ["培训经历 请至少填写一项"] };
  assert.equal(evaluateRules(def.rules, { field2: "有" }), message);
  assert.equal(evaluateRules(def.rules, { field2: "有", field1: [] }), message);
  assert.equal(evaluateRules(def.rules, { field2: "有", field1: [{ item1: "某项" }] }), {});
  assert.equal(evaluateRules(def.rules, { field2: "无" }), {});
  assert.ok(validateDocument(def, { field2: "无", field1: [] }, { mode: "full" }).ok, "hidden: its value dropped, the rule holds");
  assert.equal(validateDocument(def, { field2: "有" }, { mode: "full" }).errors, message);
  assert.throws(() => addAtLeastOneRule(m, "field2"), /请选择表单最外层的一个列表/);
});

test("年龄不超过 N 岁: completed years on the batch's reference date ($context.batchDate), else today", () => {
  const m = toDesigner(form("expert-basic-info.json"));
  const def = definition(addMaxAgeRule(m, "birthDate", 60, "批次基准日"));
  const rule = def.rules.slice(-1);
  assert.is(rule[0].path, "/birthDate");
  const message = { "/birthDate": ["出生日期 按批次基准日计算，年龄不得超过 60 周岁"] };
  const context = { batchDate: "2025-03-01" };
  assert.equal(evaluateRules(rule, { birthDate: "1965-03-01" }, context), {}, "60 on the day");
  assert.equal(evaluateRules(rule, { birthDate: "1965-03-02" }, context), {});
  assert.equal(evaluateRules(rule, { birthDate: "1965-02-28" }, context), {});
  assert.equal(evaluateRules(rule, { birthDate: "1965-02-28" }, { batchDate: "2026-03-01" }), message, "61 on a later batch's date");
  assert.equal(evaluateRules(rule, { birthDate: "1964-03-01" }, context), message);
  assert.equal(evaluateRules(rule, {}, context), {}, "an empty date is the field's own problem (必填)");
  // Outside any batch, today stands in.
  assert.equal(evaluateRules(rule, { birthDate: "1965-03-01" }, { today: "2025-03-01" }), {});
  assert.equal(evaluateRules(rule, { birthDate: "1965-03-01" }, { today: "2026-03-01" }), message);
  // The message names the reference date as the caller words it; the engine's default is generic.
  assert.match(JSON.stringify(fromDesigner(addMaxAgeRule(m, "birthDate", 70))), /按基准日计算，年龄不得超过 70 周岁/);
  assert.throws(() => addMaxAgeRule(m, "name", 60), /请选择表单最外层的一个日期字段/);
  assert.throws(() => addMaxAgeRule(m, "birthDate", 0), /年龄必须是 1 到 150 之间的整数/);
  assert.throws(() => addMaxAgeRule(m, "birthDate", 60.5), /年龄必须是 1 到 150 之间的整数/);
});

test("the same sentence twice gets its own id", () => {
  const m = addMaxAgeRule(addMaxAgeRule(toDesigner(form("expert-basic-info.json")), "birthDate", 60), "birthDate", 60);
  const ids = (fromDesigner(m).rules as Rule[]).map((r) => r.id);
  assert.is(new Set(ids).size, ids.length);
  assert.ok(ids.includes("birthDate-age-at-most-60-2"));
});

test.run();
