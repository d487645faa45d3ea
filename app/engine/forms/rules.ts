// Cross-field and eligibility rules as data: JSON Logic expressions plus a few registered date,
// duration and 身份证号 operations, each rule with a Chinese message and the field it attaches to.
// Browser-safe; evaluated on the server.
import * as jsonLogicModule from "json-logic-js";
import type { RulesLogic, AdditionalOperation } from "json-logic-js";
import { daysInMonth, isIsoDate, parseCnIdCard, todayInShanghai, utcDayNumber } from "./formats";
import { addFieldError } from "./messages";
import type { FieldErrors } from "./messages";
import { getByPointer, isPointer, joinPointer } from "./json-pointer";
import { schemasAlong } from "./schema-walk";

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

/** Null, undefined and "" are a field nobody filled in. */
const isMissing = (v: unknown) => v === null || v === undefined || v === "";

/**
 * JSON Logic's ordering comparisons, except that a missing operand fails the comparison. JSON Logic reads
 * null as 0 (so `null <= 60` holds) and "" likewise: every upper-bound rule admitted whoever left the
 * field empty, or whose rule named a misspelt field (issue 14 §1). `<` and `<=` keep their three-operand
 * "between" form. Which field must be filled in is `required`'s job, not the comparison's.
 */
const ORDERING: Record<string, (...args: unknown[]) => boolean> = {
  "<": (...a) => !a.some(isMissing) && (a.length === 3 ? (a[0] as number) < (a[1] as number) && (a[1] as number) < (a[2] as number) : (a[0] as number) < (a[1] as number)),
  "<=": (...a) => !a.some(isMissing) && (a.length === 3 ? (a[0] as number) <= (a[1] as number) && (a[1] as number) <= (a[2] as number) : (a[0] as number) <= (a[1] as number)),
  ">": (...a) => !a.some(isMissing) && (a[0] as number) > (a[1] as number),
  ">=": (...a) => !a.some(isMissing) && (a[0] as number) >= (a[1] as number),
};

for (const [name, op] of Object.entries({ ...RULE_OPERATIONS, ...ORDERING })) jsonLogic.add_operation(name, op);
// "log" would let a definition print applicants' data into the server log.
jsonLogic.rm_operation("log");

const STANDARD_OPERATIONS = [
  "var", "missing", "missing_some", "if", "?:", "==", "===", "!=", "!==", "!", "!!", "or", "and",
  ">", ">=", "<", "<=", "max", "min", "+", "-", "*", "/", "%", "map", "filter", "reduce", "all",
  "none", "some", "merge", "in", "cat", "substr",
];
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...Object.keys(RULE_OPERATIONS)]);

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

// ---- budgets (issue 14 §1: a 1.8 KB rule of nested loops blocked the server 1.1 s per save) ------------

/** Longest rule, in characters of its `logic` as JSON. The forms we ship stay under 1 KB per rule. */
export const MAX_RULE_CHARS = 4000;
/** Deepest nesting of operations in one rule. */
export const MAX_RULE_DEPTH = 16;
/** Loops (map, filter, reduce, all, some, none) inside loops: two levels read "each item's each entry". */
export const MAX_LOOP_NESTING = 2;
/**
 * Operations one evaluateRules call may perform (every JSON Logic step counts, across all its rules).
 * At most 10–50 ms of CPU (adversarial bench); a 50-item list checked by a few per-item rules needs a few thousand.
 */
export const MAX_RULE_STEPS = 50_000;
const LOOPS = new Set(["map", "filter", "reduce", "all", "some", "none"]);

class RuleBudgetExceeded extends Error {}

// Every step of json-logic-js, its own recursion included, goes through `jsonLogic.apply`, so counting
// there counts them all. Evaluation is synchronous: one counter serves one evaluateRules call at a time.
let stepsLeft: number | null = null;
const uncountedApply = jsonLogic.apply;
jsonLogic.apply = ((logic: RulesLogic<AdditionalOperation>, data?: unknown) => {
  if (stepsLeft !== null && --stepsLeft < 0) throw new RuleBudgetExceeded();
  return uncountedApply(logic, data);
}) as typeof jsonLogic.apply;
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
    else {
      const size = JSON.stringify(r.logic).length;
      if (size > MAX_RULE_CHARS) problems.push(`${where}过长（${size} 个字符，最多 ${MAX_RULE_CHARS}），请拆成几条规则`);
      else checkLogic(r.logic, `${where}`, problems, { depth: 0, loops: 0 });
    }
  });
  return problems;
}

const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

function checkLogic(logic: unknown, where: string, problems: string[], nest: { depth: number; loops: number }): void {
  if (Array.isArray(logic)) {
    for (const item of logic) checkLogic(item, where, problems, nest);
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
  if (nest.depth + 1 > MAX_RULE_DEPTH) {
    problems.push(`${where}：运算嵌套超过 ${MAX_RULE_DEPTH} 层，请简化或拆成几条规则`);
    return;
  }
  if (op === "var") {
    // A name computed at run time ({"var": {"cat": …}}) could not be checked here against the schema or
    // the forbidden names: only a literal name, and a literal default, are accepted.
    const [name, fallback, ...rest] = Array.isArray(args) ? args : [args];
    if (!(name === undefined || name === null || typeof name === "string" || typeof name === "number") || !isScalar(fallback ?? null) || rest.length) {
      problems.push(`${where}：变量名必须直接写出（如 {"var": "birthDate"}），不能由运算得出`);
      return;
    }
    if (typeof name === "string" && name.split(".").some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      problems.push(`${where}：变量名「${name}」不允许`);
    }
    return;
  }
  if (LOOPS.has(op) && Array.isArray(args)) {
    // The list is read where the loop stands; the per-item logic runs once per item, a loop deeper.
    checkLogic(args[0], where, problems, { depth: nest.depth + 1, loops: nest.loops });
    if (nest.loops + 1 > MAX_LOOP_NESTING) {
      problems.push(`${where}：循环（map、filter、reduce、all、some、none）嵌套超过 ${MAX_LOOP_NESTING} 层，计算量会成倍增长，请简化`);
      return;
    }
    for (const item of args.slice(1)) checkLogic(item, where, problems, { depth: nest.depth + 1, loops: nest.loops + 1 });
    return;
  }
  checkLogic(args, where, problems, { depth: nest.depth + 1, loops: nest.loops });
}

// ---- every variable a rule reads is a field the schema declares ------------------------------------

/**
 * Where a `var` name is read: `base` is the JSON pointer (list positions as 0) of the object the name is
 * relative to, or null where that object's shape is unknown (a list built by `map` or `merge`); `reduce`
 * marks the {current, accumulator} scope of a reduce, whose items sit at `base`.
 */
type VarScope = { base: string | null; reduce?: boolean; each?: boolean };

/** Context facts a rule may read ($context.…): the ones evaluateRules and the application pass. */
const CONTEXT_FACTS = new Set(["today", "batchDate", "forms"]);

/**
 * Every `var` (and `missing`/`missing_some` name) in `rules` that names nothing the form's `schema`
 * declares, as a Chinese problem naming the rule (第n条规则) and the name. A misspelt name reads null,
 * which used to pass every upper bound. Names are resolved as evaluateRules resolves them: against the
 * document, or the list item with `each` ($root for the document, $index for the position), inside
 * map/filter/all/some/none against the item, inside reduce as current.… / accumulator; `$context.today`,
 * `$context.batchDate` and `$context.forms.<表单>.…` (another form of the step, checked by `otherForm`
 * when given) are facts, not fields.
 */
export function ruleVariableProblems(rules: unknown, schema: unknown, otherForm?: (key: string) => unknown): string[] {
  if (!Array.isArray(rules)) return [];
  const problems: string[] = [];
  rules.forEach((rule: unknown, i) => {
    if (!isPlainObject(rule) || rule.logic === undefined) return;
    const each = typeof rule.each === "string" && isPointer(rule.each) ? rule.each : undefined;
    if (each !== undefined && !schemasAlong(schema, joinPointer(each, 0))) return; // the rule's path check says so
    const where = `第${i + 1}条规则`;
    const unknown = new Set<string>();
    const declared = (base: string, name: string) => name === "" || schemasAlong(schema, joinPointer(base, ...name.split("."))) !== null;
    const check = (raw: unknown, scope: VarScope) => {
      if (raw === null || raw === undefined || raw === "") return;
      const name = String(raw);
      const [head, ...tail] = name.split(".");
      if (head === "$context") {
        const [fact, formKey, ...field] = tail;
        if (!CONTEXT_FACTS.has(fact ?? "")) unknown.add(name);
        else if (fact === "forms" && formKey && field.length && otherForm) {
          const other = otherForm(formKey);
          if (!other || !schemasAlong(other, joinPointer("", ...field.join(".").split(".")))) unknown.add(name);
        }
        return;
      }
      if (scope.each && head === "$index" && !tail.length) return;
      if (scope.each && head === "$root") {
        if (!declared("", tail.join("."))) unknown.add(name);
        return;
      }
      if (scope.base === null) return;
      if (scope.reduce) {
        if (head === "accumulator") return;
        if (head !== "current" || !declared(scope.base, tail.join("."))) unknown.add(name);
        return;
      }
      if (!declared(scope.base, name)) unknown.add(name);
    };
    /** The pointer of the items of the list `expr` yields, or null when that is not known. */
    const itemsOf = (expr: unknown, scope: VarScope): string | null => {
      if (!isPlainObject(expr)) return null;
      const [op] = Object.keys(expr);
      const args = expr[op];
      if (op === "var" && scope.base !== null && !scope.reduce) {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name !== "string" && typeof name !== "number") return null;
        const text = String(name);
        if (scope.each && text.startsWith("$root.")) return joinPointer("", ...text.slice(6).split("."), "0");
        return text.startsWith("$") ? null : joinPointer(scope.base, ...(text === "" ? [] : text.split(".")), "0");
      }
      if (op === "filter" && Array.isArray(args)) return itemsOf(args[0], scope);
      return null;
    };
    const visit = (logic: unknown, scope: VarScope) => {
      if (Array.isArray(logic)) return logic.forEach((l) => visit(l, scope));
      if (!isPlainObject(logic)) return;
      const [op] = Object.keys(logic);
      const args = logic[op];
      if (op === "var") return check(Array.isArray(args) ? args[0] : args, scope);
      if (op === "missing" || op === "missing_some") {
        const names = op === "missing" ? (Array.isArray(args) ? args : [args]) : Array.isArray(args) ? args[1] : [];
        if (!Array.isArray(names)) visit(names, scope);
        else for (const n of names) if (typeof n === "string") check(n, scope);
        return;
      }
      if (LOOPS.has(op) && Array.isArray(args)) {
        visit(args[0], scope);
        const items = itemsOf(args[0], scope);
        const inner: VarScope = op === "reduce" ? { base: items, reduce: true } : { base: items };
        visit(args[1], inner);
        if (args.length > 2) visit(args.slice(2), scope);
        return;
      }
      visit(args, scope);
    };
    visit(rule.logic, each === undefined ? { base: "" } : { base: joinPointer(each, 0), each: true });
    for (const name of unknown) problems.push(`${where}：变量「${name}」不是表单中的字段（请检查拼写）`);
  });
  return problems;
}

// ---- evaluation --------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A passing result is truthy in JSON Logic's sense (so [] and "0" fail, as the rule author expects). */
function passes(logic: unknown, scope: Record<string, unknown>): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(logic as RulesLogic<AdditionalOperation>, scope));
  } catch (e) {
    if (e instanceof RuleBudgetExceeded) throw e;
    // The registered operations never throw, so this is a malformed document: the rule cannot hold.
    return false;
  }
}

/** What the applicant is told when the rules ran out of budget: nothing they typed is at fault. */
export const RULE_BUDGET_MESSAGE = "表单规则计算量超出上限，无法完成检查，本次未保存；请联系管理员简化规则";

/**
 * Evaluates `rules` against `data`; failing rules put their message at their path. All of them together
 * may take MAX_RULE_STEPS steps: past that, evaluation stops and RULE_BUDGET_MESSAGE stands at the path
 * of the rule that ran out (so the document is refused, 4xx, and nothing is saved).
 */
export function evaluateRules(rules: readonly Rule[] | undefined, data: unknown, context: RuleContext = {}): FieldErrors {
  const errors: FieldErrors = {};
  stepsLeft = MAX_RULE_STEPS;
  let current: Rule | undefined;
  try {
    for (const rule of rules ?? []) {
      current = rule;
      evaluateRule(rule, data, context, errors);
    }
  } catch (e) {
    if (!(e instanceof RuleBudgetExceeded)) throw e;
    addFieldError(errors, current?.each ?? current?.path ?? "", RULE_BUDGET_MESSAGE);
  } finally {
    stepsLeft = null;
  }
  return errors;
}

function evaluateRule(rule: Rule, data: unknown, context: RuleContext, errors: FieldErrors): void {
  const $context = { ...context, today: isIsoDate(context.today) ? context.today : todayInShanghai() };
  // A null-prototype scope keeps {"var": "constructor"} from reaching Object's internals.
  const scopeOf = (obj: unknown, extra: Record<string, unknown>) =>
    Object.assign(Object.create(null) as Record<string, unknown>, isPlainObject(obj) ? obj : {}, extra);

  if (rule.each === undefined) {
    if (!passes(rule.logic, scopeOf(data, { $context }))) addFieldError(errors, rule.path, rule.message);
    return;
  }
  const list = getByPointer(data, rule.each);
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    // A non-object item is a schema error already reported by Ajv; a rule cannot say more about it.
    if (!isPlainObject(item)) return;
    if (!passes(rule.logic, scopeOf(item, { $root: data, $index: index, $context }))) {
      const message = rule.message.replace(/\{n\}/g, String(index + 1));
      addFieldError(errors, joinPointer(rule.each as string, index) + rule.path, message);
    }
  });
}
