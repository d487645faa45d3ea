// Rules of a process (e.g. a batch's 资格规则) read as sentences with parameters and written back: each
// sentence is one of the designer's rule builders (designer-rules.ts) on one form of the process, and a rule
// is recognised only when rebuilding its sentence gives the same logic, so what the editor shows is what
// the engine evaluates. Anything else stays as written (the caller shows it read-only). Browser-safe.
import { canonicalJson } from "./canonical-json";
import type { DesignerModel } from "./designer-model";
import {
  REFERENCE_DATE, addAtLeastOneRule, addMaxAgeRule, addMinLevelRule, addSumAtLeastRule, levelColumnsIn, listsIn, sumColumnsIn,
} from "./designer-rules";
import type { Rule } from "./rules";

/** A form of the process: its key, its title and its definition read by the designer (toDesigner). */
export type RuleForm = { key: string; title: string; model: DesignerModel };

/** A rule of a process: a form rule plus the key of the form it runs against. */
export type FormRule = Rule & { form: string };

/** A sentence and its parameters; `form` is a RuleForm key, the other keys name fields of that form. */
export type Sentence =
  | { kind: "max-age"; form: string; field: string; years: number }
  | { kind: "sum-at-least"; form: string; list: string; column: string; years: number }
  | { kind: "at-least-one"; form: string; list: string }
  | { kind: "min-level"; form: string; list: string; column: string; level: string; orForm?: string; orList?: string };

/** The reference date as messages name it unless the caller names it (e.g. the process's own word for it). */
const ON = "基准日";

const formOf = (forms: readonly RuleForm[], key: string): RuleForm => {
  const f = forms.find((x) => x.key === key);
  if (!f) throw new Error(`表单「${key}」不在本流程中`);
  return f;
};

/** The designer model without the form's own rules, so a built rule's id is not bent by theirs. */
const bare = (m: DesignerModel): DesignerModel => ({ ...m, envelope: { ...m.envelope, rules: [] } });

/** The title of the top-level field `key` of `f` (its key when untitled, or when there is no such field). */
export const fieldTitle = (f: RuleForm, key: string): string => {
  const field = f.model.fields.find((x) => x.key === key);
  return typeof field?.schema.title === "string" && field.schema.title ? field.schema.title : key;
};

/**
 * The rule `s` stands for, with the id and message its builder writes and `form` set; `on` names the
 * reference date in an age rule's message (基准日 by default). Throws (in Chinese,
 * the builder's words) when the sentence cannot hold on its form: a field that is not there, a number out
 * of range, a level that is not an option, an 或填写 list that is not another form's list.
 */
export function buildSentence(s: Sentence, forms: readonly RuleForm[], on = ON): FormRule {
  const f = formOf(forms, s.form);
  const m = bare(f.model);
  let out: DesignerModel;
  if (s.kind === "max-age") out = addMaxAgeRule(m, s.field, s.years, on);
  else if (s.kind === "sum-at-least") out = addSumAtLeastRule(m, s.list, s.column, s.years);
  else if (s.kind === "at-least-one") out = addAtLeastOneRule(m, s.list);
  else {
    let or;
    if (s.orForm || s.orList) {
      const other = formOf(forms, s.orForm ?? "");
      if (other.key === f.key || !listsIn(other.model).some(([k]) => k === s.orList)) throw new Error("「或填写」须是本流程另一表单中的列表");
      or = { form: other.key, list: s.orList!, title: fieldTitle(other, s.orList!) };
    }
    out = addMinLevelRule(m, s.list, s.column, s.level, or);
  }
  const rule = (out.envelope.rules as Rule[])[0];
  return { form: f.key, ...rule };
}

/** Logic with the builders' reference date (the process's reference date, else today) read as `$context.batchDate`, canonical. */
function normalised(logic: unknown): string {
  return canonicalJson(logic).split(canonicalJson(REFERENCE_DATE)).join(canonicalJson({ var: "$context.batchDate" }));
}

/** Every object node of a JSON Logic tree, depth first. */
function nodes(logic: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(logic)) logic.forEach((x) => nodes(x, out));
  else if (logic && typeof logic === "object") {
    out.push(logic as Record<string, unknown>);
    Object.values(logic).forEach((x) => nodes(x, out));
  }
  return out;
}

const varName = (v: unknown): string | null => {
  const name = v && typeof v === "object" && !Array.isArray(v) ? (v as { var?: unknown }).var : undefined;
  const first = Array.isArray(name) ? name[0] : name;
  return typeof first === "string" ? first : null;
};
const args = (node: Record<string, unknown>, op: string): unknown[] | null => {
  const a = node[op];
  return Object.keys(node).length === 1 && Array.isArray(a) ? a : null;
};

/** Sentences a rule's logic could be, read from the shapes the builders write (checked by rebuilding after). */
function candidates(rule: FormRule): Sentence[] {
  const form = rule.form;
  const out: Sentence[] = [];
  for (const n of nodes(rule.logic)) {
    const le = args(n, "<=");
    const age = le?.[0] && typeof le[0] === "object" ? args(le[0] as Record<string, unknown>, "age_on") : null;
    if (age && typeof le![1] === "number" && varName(age[0])) out.push({ kind: "max-age", form, field: varName(age[0])!, years: le![1] });
    const ge = args(n, ">=");
    if (ge && typeof ge[1] === "number" && ge[0] && typeof ge[0] === "object") {
      const total = ge[0] as Record<string, unknown>;
      const sum = args(total, "sum_years");
      const reduce = args(total, "reduce");
      if (sum && varName(sum[0]) && typeof sum[1] === "string") out.push({ kind: "sum-at-least", form, list: varName(sum[0])!, column: sum[1], years: ge[1] });
      const cell = reduce?.[1] && typeof reduce[1] === "object" ? args(reduce[1] as Record<string, unknown>, "+")?.[1] : undefined;
      if (reduce && varName(reduce[0]) && varName(cell)?.startsWith("current.")) {
        out.push({ kind: "sum-at-least", form, list: varName(reduce[0])!, column: varName(cell)!.slice("current.".length), years: ge[1] });
      }
    }
    const list = varName(n["!!"]);
    if (Object.keys(n).length === 1 && list && !list.startsWith("$context.")) out.push({ kind: "at-least-one", form, list });
    const some = args(n, "some");
    const inside = some?.[1] && typeof some[1] === "object" ? args(some[1] as Record<string, unknown>, "in") : null;
    if (some && varName(some[0]) && inside && varName(inside[0]) && Array.isArray(inside[1]) && typeof inside[1][0] === "string") {
      const base = { kind: "min-level" as const, form, list: varName(some[0])!, column: varName(inside[0])!, level: inside[1][0] as string };
      out.push(base);
      for (const o of nodes(rule.logic)) {
        const other = /^\$context\.forms\.([^.]+)\.([^.]+)$/.exec(varName(Array.isArray(o["!!"]) ? o["!!"][0] : o["!!"]) ?? "");
        if (other) out.push({ ...base, orForm: other[1], orList: other[2] });
      }
    }
  }
  return out;
}

/**
 * The sentence `rule` is, or null when it is none of them (or names a form not among `forms`): its logic
 * must be exactly what the sentence's builder writes (the reference date written as `$context.batchDate`
 * or as the builders' reference-date-else-today counts the same), on the same `path`, with no `each`. The
 * message and id are free text and not compared.
 */
export function readSentence(rule: unknown, forms: readonly RuleForm[]): Sentence | null {
  if (!rule || typeof rule !== "object" || Array.isArray(rule)) return null;
  const r = rule as FormRule;
  if (typeof r.form !== "string" || r.each !== undefined || !forms.some((f) => f.key === r.form)) return null;
  const want = normalised(r.logic);
  for (const s of candidates(r)) {
    try {
      const built = buildSentence(s, forms);
      if (built.path === r.path && normalised(built.logic) === want) return s;
    } catch {
      // Not this sentence: its fields are not on the form (or not of that kind).
    }
  }
  return null;
}

/** The value of `s` an administrator edits, as text (a number of years, or a level); null for none. */
const shownValue = (s: Sentence): string | null => (s.kind === "at-least-one" ? null : s.kind === "min-level" ? s.level : String(s.years));

/** `text` with the only standalone occurrence of `from` replaced by `to` (digits next to a number do not count); null when not exactly once. */
function swapOnce(text: string, from: string, to: string): string | null {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(/^\d/.test(from) ? `(?<![\\d.])${escaped}(?![\\d.])` : escaped, "g");
  const hits = text.match(re)?.length ?? 0;
  return hits === 1 ? text.replace(re, to) : null;
}

/** How followSentence writes: ids of the other rules, whether the message is kept as it is, the reference date's name. */
export type FollowOptions = { otherIds?: readonly string[]; keepMessage?: boolean; on?: string };

/**
 * `before` (a rule read as `was`) rewritten as `next`: the logic and path `next`'s builder writes, and a
 * message and id that follow the change — the builder's own when `before` had the builder's for `was`,
 * else `before`'s with the one changed number or level swapped when it appears exactly once, else kept
 * (`keepMessage` keeps the message as it is, e.g. after the administrator edited it). The id stays unique
 * among `otherIds` (a -2, -3 … suffix). Throws as buildSentence does.
 */
export function followSentence(before: FormRule, was: Sentence, next: Sentence, forms: readonly RuleForm[], opts: FollowOptions = {}): FormRule {
  const { otherIds = [], keepMessage = false, on = ON } = opts;
  const old = buildSentence(was, forms, on);
  const built = buildSentence(next, forms, on);
  const from = shownValue(was);
  const to = shownValue(next);
  const follow = (text: string, builderText: string, newText: string) =>
    text === builderText ? newText : from !== null && to !== null && from !== to ? swapOnce(text, from, to) ?? text : text;
  const message = keepMessage ? before.message : follow(before.message, old.message, built.message);
  return { ...built, id: uniqueId(follow(before.id, old.id, built.id), otherIds), message };
}

/** `id`, or `id-2`, `id-3` … : the first not among `taken`. */
export function uniqueId(id: string, taken: readonly string[]): string {
  let out = id;
  for (let i = 2; taken.includes(out); i++) out = `${id}-${i}`;
  return out;
}

/** Default numbers of a new sentence: the common 70 岁 and 8 年. */
const NEW_AGE = 70;
const NEW_YEARS = 8;

/**
 * Every sentence the forms can hold, with default parameters, in form order: 年龄不超过 70 岁 for each
 * top-level date field, 合计满 8 年 for each summable column of a top-level list, 至少填写一项 for each
 * list, and 须有一项<列>为<第二高的选项>及以上 for each option column (without 或填写).
 */
export function sentenceChoices(forms: readonly RuleForm[]): Sentence[] {
  return forms.flatMap((f): Sentence[] => {
    const m = f.model;
    const dates = m.fields.filter((x) => !x.children && x.schema.format === "date");
    const lists = listsIn(m).map(([k]) => k);
    return [
      ...dates.map((d): Sentence => ({ kind: "max-age", form: f.key, field: d.key, years: NEW_AGE })),
      ...lists.flatMap((l) => sumColumnsIn(m, l).map((c): Sentence => ({ kind: "sum-at-least", form: f.key, list: l, column: c.key, years: NEW_YEARS }))),
      ...lists.map((l): Sentence => ({ kind: "at-least-one", form: f.key, list: l })),
      ...lists.flatMap((l) => levelColumnsIn(m, l).map((c): Sentence => ({ kind: "min-level", form: f.key, list: l, column: c.key, level: c.levels[Math.max(0, c.levels.length - 2)] }))),
    ];
  });
}

/** Lists of forms other than `form` that may stand in for a level (「或填写」): [form key, list key, label (the list's title, with its form's when they differ)]. */
export function orListChoices(forms: readonly RuleForm[], form: string): [string, string, string][] {
  return forms.filter((f) => f.key !== form).flatMap((f) => listsIn(f.model).map(([k, t]): [string, string, string] => [f.key, k, t === f.title ? t : `「${f.title}」${t}`]));
}
