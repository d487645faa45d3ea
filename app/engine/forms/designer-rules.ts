// The designer's rule builder: common cross-field rules chosen as sentences and written as the JSON Logic
// rules the engine already evaluates (rules.ts), in the same shape the built-in forms use: 「结束日期不早于
// 开始日期」 (two date fields of the form, or of each row of a list), 「合计至少 N 年」 (a number column of a
// list summed, or a 日期范围 column's years counted once), 「至少填写一项」 (a list has a row) and 「年龄不超过
// N 岁」 (a date field's age on the evaluation context's reference date) and 「须有一项<级别>为 X 及以上」 (a list's
// option column, optionally 或填写 another form's list). Each refuses, in Chinese, a choice
// that cannot hold. A rule on a field with a 显示条件 holds only while the field is shown. Browser-safe.
import type { DesignerField, DesignerModel } from "./designer-model";
import { fieldAt, kindOf } from "./designer-ops";
import type { FieldPath } from "./designer-ops";
import { isSchemaNode, resolveRef } from "./schema-walk";

const title = (f: DesignerField) => (typeof f.schema.title === "string" && f.schema.title ? f.schema.title : f.key);

/** The date fields directly in the form ([]) or in the list at `list`: [key, title]. */
export function dateFieldsIn(m: DesignerModel, list: FieldPath): [string, string][] {
  const fields = list.length ? fieldAt(m, list)?.children : m.fields;
  return (fields ?? []).filter((f) => !f.children && f.schema.format === "date").map((f) => [f.key, title(f)]);
}

/** The model with `rule` appended to the definition's rules under a fresh id (`base`, `base-2`, …). */
function withRule(m: DesignerModel, base: string, rule: Record<string, unknown>): DesignerModel {
  const rules = Array.isArray(m.envelope.rules) ? [...(m.envelope.rules as unknown[])] : [];
  const ids = new Set(rules.map((r) => (r && typeof r === "object" ? (r as { id?: unknown }).id : undefined)));
  let id = base;
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  rules.push({ id, ...rule });
  return { ...m, envelope: { ...m.envelope, rules } };
}

/** `logic`, or, when the top-level field `f` has a 显示条件, `logic` only while that condition holds (hidden means absent). */
function whileShown(f: DesignerField, logic: unknown): unknown {
  return f.showWhen ? { or: [{ "!=": [{ var: f.showWhen.when }, f.showWhen.equals] }, logic] } : logic;
}

/**
 * The reference date of 年龄/合计 rules: the evaluation context's `batchDate` where the process has one
 * (applications pass it, applications.server ruleContext), else `today` (always set by evaluateRules).
 * JSON Logic's `or` yields its first truthy operand.
 */
export const REFERENCE_DATE = { or: [{ var: "$context.batchDate" }, { var: "$context.today" }] };

/**
 * Adds 「`end` 不能早于 `start`」 for two date fields of the form (`list` = []) or of each row of the top-level
 * list `list` ([key]). A date left empty or not yet valid is the date field's own problem, not this rule's.
 * Throws (in Chinese) when the fields are not two different date fields there.
 */
export function addDateOrderRule(m: DesignerModel, list: FieldPath, start: string, end: string): DesignerModel {
  if (list.length > 1) throw new Error("规则只能加在表单或最外层的列表上");
  const dates = new Map(dateFieldsIn(m, list));
  if (start === end || !dates.has(start) || !dates.has(end)) throw new Error("请选择两个不同的日期字段");
  const listField = list.length ? fieldAt(m, list)! : null;
  // A group's fields are judged with the form's (a 日期范围 brings its own rule); `each` walks list rows only.
  if (listField && listField.schema.type !== "array") throw new Error("规则只能加在表单或最外层的列表上");
  const sentence = `${dates.get(end)}不能早于${dates.get(start)}`;
  return withRule(m, `${list[0] ?? "form"}-${end}-not-before-${start}`, {
    ...(listField ? { each: `/${list[0]}` } : {}),
    path: `/${end}`,
    message: listField ? `${title(listField)} 第{n}项 ${sentence}` : sentence,
    logic: { or: [{ "!": { date_valid: { var: start } } }, { "!": { date_valid: { var: end } } }, { "<=": [{ var: start }, { var: end }] }] },
  });
}

/** The lists (repeatable groups of fields) directly in the form: [key, title]. */
export function listsIn(m: DesignerModel): [string, string][] {
  return m.fields.filter((f) => f.children && f.schema.type === "array").map((f) => [f.key, title(f)]);
}

/** A column 「合计至少 N 年」 can sum: a number field of each row, or a 日期范围 whose years are counted. */
export type SumColumn = { key: string; title: string; kind: "number" | "date-range" };

/** The columns of the top-level list `list` that 「合计至少 N 年」 can add up ([] when `list` is no such list). */
export function sumColumnsIn(m: DesignerModel, list: string): SumColumn[] {
  const f = m.fields.find((x) => x.key === list);
  if (!f?.children || f.schema.type !== "array") return [];
  return f.children.flatMap((c): SumColumn[] => {
    if (!c.children && (c.schema.type === "integer" || c.schema.type === "number")) return [{ key: c.key, title: title(c), kind: "number" }];
    if (kindOf(c)?.kind === "date-range" || isRangeRef(m, c)) return [{ key: c.key, title: title(c), kind: "date-range" }];
    return [];
  });
}

/** A leaf naming (by $ref into the form's own definitions) a group of the two dates `start` and `end`. */
function isRangeRef(m: DesignerModel, f: DesignerField): boolean {
  if (f.children || typeof f.schema.$ref !== "string") return false;
  const target = resolveRef(m.root.schema, f.schema);
  const props = isSchemaNode(target.properties) ? target.properties : {};
  const date = (k: string) => isSchemaNode(props[k]) && (props[k] as { format?: unknown }).format === "date";
  return target.type === "object" && date("start") && date("end");
}

const topList = (m: DesignerModel, list: string): DesignerField => {
  const f = m.fields.find((x) => x.key === list);
  if (!f?.children || f.schema.type !== "array") throw new Error("请选择表单最外层的一个列表");
  return f;
};

/**
 * Adds 「<列表>：<列>合计至少 `years` 年」 on the top-level list `list`: a number column's values summed over
 * the rows (an empty cell counts 0), or a 日期范围 column's years with overlaps counted once and an empty
 * end date read as the reference date (REFERENCE_DATE; the built-in `sum_years`). An empty list sums to 0
 * and fails. The error stands on the list. Throws (in Chinese) for another place, a column that is
 * neither, or a number of years that is not positive (at most 100).
 */
export function addSumAtLeastRule(m: DesignerModel, list: string, column: string, years: number): DesignerModel {
  const f = topList(m, list);
  const col = sumColumnsIn(m, list).find((c) => c.key === column);
  if (!col) throw new Error("请选择列表中的一个数字或日期范围字段");
  if (typeof years !== "number" || !Number.isFinite(years) || years <= 0 || years > 100) throw new Error("年数必须大于 0，且不超过 100");
  const total = col.kind === "number"
    ? { reduce: [{ var: list }, { "+": [{ var: "accumulator" }, { var: [`current.${column}`, 0] }] }, 0] }
    : { sum_years: [{ var: list }, column, REFERENCE_DATE] };
  return withRule(m, `${list}-${column}-sum-at-least-${years}`, {
    path: `/${list}`,
    message: `${title(f)}：${col.title}合计至少 ${years} 年`,
    logic: whileShown(f, { ">=": [total, years] }),
  });
}

/**
 * Adds 「<列表> 至少填写一项」 on the top-level list `list` (the built-in forms' pattern, `!!` of the list:
 * an empty or absent list fails), held only while the list is shown when it has a 显示条件. Throws (in
 * Chinese) when `list` is not such a list.
 */
export function addAtLeastOneRule(m: DesignerModel, list: string): DesignerModel {
  const f = topList(m, list);
  return withRule(m, `${list}-at-least-one`, {
    path: `/${list}`,
    message: `${title(f)} 请至少填写一项`,
    logic: whileShown(f, { "!!": { var: list } }),
  });
}

/**
 * Adds 「<日期字段> 对应的年龄不超过 `years` 岁（按`on`计算）」 for the top-level date field `field` (a birth
 * date): its completed years of age (`age_on`) on the reference date (REFERENCE_DATE: the process's
 * reference date, else today) are at most `years`. A date left empty or invalid is the field's own
 * problem. `on` names the reference date in the message (the caller's words for it). Throws (in Chinese)
 * for a field that is not a date at the top of the form, or an age that is not a whole number 1–150.
 */
export function addMaxAgeRule(m: DesignerModel, field: string, years: number, on = "基准日"): DesignerModel {
  const f = m.fields.find((x) => x.key === field);
  if (!f || f.children || f.schema.format !== "date") throw new Error("请选择表单最外层的一个日期字段");
  if (!Number.isInteger(years) || years < 1 || years > 150) throw new Error("年龄必须是 1 到 150 之间的整数");
  const date = { var: field };
  return withRule(m, `${field}-age-at-most-${years}`, {
    path: `/${field}`,
    message: `${title(f)} 按${on}计算，年龄不得超过 ${years} 周岁`,
    logic: whileShown(f, { or: [{ "!": { date_valid: date } }, { "<=": [{ age_on: [date, REFERENCE_DATE] }, years] }] }),
  });
}

/** A column of a list's rows holding one of a fixed, ordered set of options (e.g. 级别: 初级 … 正高级). */
export type LevelColumn = { key: string; title: string; levels: string[] };

/** The option columns (a string with two or more `enum` values, lowest first) of the top-level list `list`. */
export function levelColumnsIn(m: DesignerModel, list: string): LevelColumn[] {
  const f = m.fields.find((x) => x.key === list);
  if (!f?.children || f.schema.type !== "array") return [];
  return f.children.flatMap((c): LevelColumn[] => {
    const values = c.schema.enum;
    return !c.children && c.schema.type === "string" && Array.isArray(values) && values.length >= 2 && values.every((v) => typeof v === "string")
      ? [{ key: c.key, title: title(c), levels: values as string[] }] : [];
  });
}

/** Another form's top-level list that may stand in for a 级别 (「或填写<它>」): its form key, list key and title. */
export type OrList = { form: string; list: string; title: string };

/**
 * Adds 「<列表>：须有一项<列>为 `level` 及以上」 on the top-level list `list`: some row's option column holds
 * `level` or an option after it in the column's `enum` (listed lowest first). With `or`, the rule also holds
 * when another form of the same process has a row in its list `or.list` (`$context.forms.<form>.<list>`):
 * 「…，或填写<or.title>」. The error stands on the list. Throws (in Chinese) for another place, a column that
 * is not an option column, or a level that is not one of its options.
 */
export function addMinLevelRule(m: DesignerModel, list: string, column: string, level: string, or?: OrList): DesignerModel {
  const f = topList(m, list);
  const col = levelColumnsIn(m, list).find((c) => c.key === column);
  if (!col) throw new Error("请选择列表中的一个选项字段");
  const at = col.levels.indexOf(level);
  if (at < 0) throw new Error(`请选择${col.title}的一个选项`);
  const some = { some: [{ var: list }, { in: [{ var: column }, col.levels.slice(at)] }] };
  const last = at === col.levels.length - 1;
  return withRule(m, `${list}-${column}-level-${at + 1}${or ? `-or-${or.list}` : ""}`, {
    path: `/${list}`,
    message: `${title(f)}：须有一项${col.title}为${level}${last ? "" : "及以上"}${or ? `，或填写${or.title}` : ""}`,
    logic: whileShown(f, or ? { or: [some, { "!!": [{ var: `$context.forms.${or.form}.${or.list}` }] }] } : some),
  });
}
