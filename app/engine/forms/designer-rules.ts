// The designer's rule builder: common cross-field rules chosen as sentences and written as the JSON Logic
// rules the engine already evaluates (rules.ts), in the same shape the built-in forms use. For now:
// 「结束日期不早于开始日期」 between two date fields of the form, or of each row of a list. Browser-safe.
import type { DesignerField, DesignerModel } from "./designer-model";
import { fieldAt } from "./designer-ops";
import type { FieldPath } from "./designer-ops";

const title = (f: DesignerField) => (typeof f.schema.title === "string" && f.schema.title ? f.schema.title : f.key);

/** The date fields directly in the form ([]) or in the list at `list`: [key, title]. */
export function dateFieldsIn(m: DesignerModel, list: FieldPath): [string, string][] {
  const fields = list.length ? fieldAt(m, list)?.children : m.fields;
  return (fields ?? []).filter((f) => !f.children && f.schema.format === "date").map((f) => [f.key, title(f)]);
}

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
  const rules = Array.isArray(m.envelope.rules) ? [...(m.envelope.rules as unknown[])] : [];
  const base = `${list[0] ?? "form"}-${end}-not-before-${start}`;
  const ids = new Set(rules.map((r) => (r && typeof r === "object" ? (r as { id?: unknown }).id : undefined)));
  let id = base;
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  const sentence = `${dates.get(end)}不能早于${dates.get(start)}`;
  rules.push({
    id,
    ...(listField ? { each: `/${list[0]}` } : {}),
    path: `/${end}`,
    message: listField ? `${title(listField)} 第{n}项 ${sentence}` : sentence,
    logic: { or: [{ "!": { date_valid: { var: start } } }, { "!": { date_valid: { var: end } } }, { "<=": [{ var: start }, { var: end }] }] },
  });
  return { ...m, envelope: { ...m.envelope, rules } };
}
