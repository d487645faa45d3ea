// Cross-field and eligibility rules as data: JSON Logic expressions plus a few registered date,
// duration and 身份证号 operations, each rule with a Chinese message and the field it attaches to.
// Browser-safe; evaluated on the server.
import * as jsonLogicModule from "json-logic-js";
import type { RulesLogic, AdditionalOperation } from "json-logic-js";
import { daysInMonth, isIsoDate, parseCnIdCard, todayInShanghai, utcDayNumber } from "./formats";
import { addFieldError } from "./messages";
import type { FieldErrors } from "./messages";
import { getByPointer, isPointer, joinPointer } from "./json-pointer";

// json-logic-js is a UMD bundle: under Node's ESM loader the API sits on `default`, under bundlers on the namespace.
const jsonLogic: typeof jsonLogicModule =
  (jsonLogicModule as unknown as { default?: typeof jsonLogicModule }).default ?? jsonLogicModule;

/**
 * A rule passes when `logic` evaluates truthy. Inside `logic`, `{"var": "x"}` reads the document and
 * `{"var": "$context.batchDate"}` the evaluation context. With `each` (a pointer to a list) the rule
 * runs once per item: `var` reads the item, `$root` the document, `$index` the position, `path` is
 * relative to the item, and `{n}` in the message becomes the item's number (1-based).
 */
export interface Rule {
  id: string;
  logic: unknown;
  message: string;
  path: string;
  each?: string;
}

/** Facts a rule may need besides the document; `today` defaults to the current date in Asia/Shanghai. */
export interface RuleContext {
  batchDate?: string;
  today?: string;
  [key: string]: unknown;
}

// ---- registered operations: total functions, null (never a throw) for input they cannot use ------

function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return utcDayNumber(y, m, d);
}

function daysBetween(from: unknown, to: unknown): number | null {
  return isIsoDate(from) && isIsoDate(to) ? dayNumber(to) - dayNumber(from) : null;
}

/** The day number of `from`'s anniversary `years` later; 2月29日 falls on 2月28日 in a common year. */
function anniversary(from: string, years: number): number {
  const [y, m, d] = from.split("-").map(Number);
  return utcDayNumber(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

/**
 * Years from `from` to `to`: whole anniversaries plus the fraction of the year in progress, so an exact
 * anniversary gives an exact integer (the 8th anniversary is 8, not 7.99).
 */
function yearsBetween(from: unknown, to: unknown): number | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return null;
  if (to < from) return -(yearsBetween(to, from) as number);
  const target = dayNumber(to);
  let whole = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (anniversary(from, whole) > target) whole -= 1;
  const last = anniversary(from, whole);
  return whole + (target - last) / (anniversary(from, whole + 1) - last);
}

/** Completed years of age on `on`. */
function ageOn(birth: unknown, on: unknown): number | null {
  const years = yearsBetween(birth, on);
  return years === null ? null : Math.floor(years);
}

function readPath(item: unknown, dotted: string): unknown {
  let node = item;
  for (const key of dotted ? dotted.split(".") : []) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Total years covered by the date ranges `{start, end}` found at `rangeKey` (dotted; "" = the item
 * itself) in each list item, counting overlaps once. An empty `end` means 至今 and uses `openEnd`.
 * Rounded to 2 decimals, which absorbs the leap-day difference between 365-day years and 365.25.
 */
function sumYears(list: unknown, rangeKey: unknown = "", openEnd: unknown = null): number {
  if (!Array.isArray(list)) return 0;
  const spans: Array<[number, number]> = [];
  for (const item of list) {
    const range = readPath(item, typeof rangeKey === "string" ? rangeKey : "");
    const start = readPath(range, "start");
    const rawEnd = readPath(range, "end");
    const end = rawEnd === undefined || rawEnd === null || rawEnd === "" ? openEnd : rawEnd;
    if (isIsoDate(start) && isIsoDate(end) && end > start) spans.push([dayNumber(start), dayNumber(end)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let days = 0;
  let reach = -Infinity;
  for (const [s, e] of spans) {
    if (e <= reach) continue;
    days += e - Math.max(s, reach);
    reach = e;
  }
  return Math.round((days / 365.25) * 100) / 100;
}

/** True when no two items share the same (non-empty) value at the dotted `key`. */
function uniqueBy(list: unknown, key: unknown): boolean {
  if (!Array.isArray(list)) return true;
  const seen = new Set<string>();
  for (const item of list) {
    const v = readPath(item, typeof key === "string" ? key : "");
    if (v === undefined || v === null || v === "") continue;
    const k = JSON.stringify(v);
    if (seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

export const RULE_OPERATIONS: Record<string, (...args: unknown[]) => unknown> = {
  date_valid: (s) => isIsoDate(s),
  days_between: daysBetween,
  years_between: yearsBetween,
  age_on: ageOn,
  sum_years: sumYears,
  unique_by: uniqueBy,
  id_card_birth: (s) => parseCnIdCard(s)?.birthDate ?? null,
  id_card_sex: (s) => parseCnIdCard(s)?.sex ?? null,
};

for (const [name, op] of Object.entries(RULE_OPERATIONS)) jsonLogic.add_operation(name, op);
// "log" would let a definition print applicants' data into the server log.
jsonLogic.rm_operation("log");

const STANDARD_OPERATIONS = [
  "var", "missing", "missing_some", "if", "?:", "==", "===", "!=", "!==", "!", "!!", "or", "and",
  ">", ">=", "<", "<=", "max", "min", "+", "-", "*", "/", "%", "map", "filter", "reduce", "all",
  "none", "some", "merge", "in", "cat", "substr",
];
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...Object.keys(RULE_OPERATIONS)]);

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
const HAS_CHINESE = /[\u4e00-\u9fa5]/;

// ---- checking rule definitions -----------------------------------------------------------------

/** Problems (in Chinese) with a list of rule definitions; empty when it is usable. */
export function checkRules(rules: unknown): string[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) return ["规则必须是一个列表"];
  const problems: string[] = [];
  const ids = new Set<string>();
  rules.forEach((rule: unknown, i) => {
    const where = `第${i + 1}条规则`;
    if (rule === null || typeof rule !== "object" || Array.isArray(rule)) {
      problems.push(`${where}必须是对象`);
      return;
    }
    const r = rule as Partial<Record<keyof Rule, unknown>>;
    if (typeof r.id !== "string" || !r.id) problems.push(`${where}缺少 id`);
    else if (ids.has(r.id)) problems.push(`${where}的 id「${r.id}」重复`);
    else ids.add(r.id);
    if (typeof r.message !== "string" || !HAS_CHINESE.test(r.message)) problems.push(`${where}的 message 必须是中文提示`);
    if (!isPointer(r.path)) problems.push(`${where}的 path 必须是 JSON 指针（如 /birthDate）`);
    if (r.each !== undefined && !isPointer(r.each)) problems.push(`${where}的 each 必须是 JSON 指针（如 /education）`);
    if (r.logic === undefined) problems.push(`${where}缺少 logic`);
    else checkLogic(r.logic, `${where}`, problems);
  });
  return problems;
}

function checkLogic(logic: unknown, where: string, problems: string[]): void {
  if (Array.isArray(logic)) {
    for (const item of logic) checkLogic(item, where, problems);
    return;
  }
  if (logic === null || typeof logic !== "object") return;
  const keys = Object.keys(logic);
  if (keys.length !== 1) {
    problems.push(`${where}：每个逻辑对象只能有一个运算符`);
    return;
  }
  const op = keys[0];
  const args = (logic as Record<string, unknown>)[op];
  if (!KNOWN_OPERATIONS.has(op)) problems.push(`${where}：未知的运算「${op}」`);
  if (op === "var") {
    const name = Array.isArray(args) ? args[0] : args;
    if (typeof name === "string" && name.split(".").some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      problems.push(`${where}：变量名「${name}」不允许`);
    }
  }
  checkLogic(args, where, problems);
}

// ---- evaluation --------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A passing result is truthy in JSON Logic's sense (so [] and "0" fail, as the rule author expects). */
function passes(logic: unknown, scope: Record<string, unknown>): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(logic as RulesLogic<AdditionalOperation>, scope));
  } catch {
    // The registered operations never throw, so this is a malformed document: the rule cannot hold.
    return false;
  }
}

/** Evaluates `rules` against `data`; failing rules put their message at their path. */
export function evaluateRules(rules: readonly Rule[] | undefined, data: unknown, context: RuleContext = {}): FieldErrors {
  const errors: FieldErrors = {};
  const $context = { ...context, today: isIsoDate(context.today) ? context.today : todayInShanghai() };
  // A null-prototype scope keeps {"var": "constructor"} from reaching Object's internals.
  const scopeOf = (obj: unknown, extra: Record<string, unknown>) =>
    Object.assign(Object.create(null) as Record<string, unknown>, isPlainObject(obj) ? obj : {}, extra);

  for (const rule of rules ?? []) {
    if (rule.each === undefined) {
      if (!passes(rule.logic, scopeOf(data, { $context }))) addFieldError(errors, rule.path, rule.message);
      continue;
    }
    const list = getByPointer(data, rule.each);
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      // A non-object item is a schema error already reported by Ajv; a rule cannot say more about it.
      if (!isPlainObject(item)) return;
      if (!passes(rule.logic, scopeOf(item, { $root: data, $index: index, $context }))) {
        const message = rule.message.replace(/\{n\}/g, String(index + 1));
        addFieldError(errors, joinPointer(rule.each as string, index) + rule.path, message);
      }
    });
  }
  return errors;
}
