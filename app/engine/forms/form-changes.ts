// What changed between two versions of a form, as sentences an administrator reads above the JSON diff
// (issue 20): 新增字段「…」（必填）, 删除字段「…」, 字段「…」标题改为「…」, 字段「…」改为必填, 选项新增「…」/删除「…」,
// other settings by their Chinese names (field-labels), the order of fields, the form's rules. A field is
// known by its data path (property names; a list's columns under the list), so renaming its key reads as
// one field removed and another added; nested fields are named by their path of titles (「工作经历 › 单位」).
// Pure and browser-safe; reads whatever the definitions hold without assuming they pass the checker.
import { canonicalJson } from "./canonical-json";
import { FORMAT_LABEL, PREFILL_LABEL, SETTING_LABEL, TYPE_LABEL, WIDGET_LABEL } from "./field-labels";
import { isSchemaNode, resolveRef } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

export type FormChangeKind = "form" | "added" | "removed" | "changed" | "order" | "rule";
/** One sentence; `field` is the data path of the field it is about (`list[]/column` for a list's columns). */
export type FormChange = { kind: FormChangeKind; text: string; field?: string };

type Field = { id: string; title: string; name: string; required: boolean; options: unknown[] | null; settings: Record<string, unknown> };
type Container = { name: string; order: string[] };
type Collected = { fields: Field[]; byId: Map<string, Field>; containers: Map<string, Container> };

/** Keywords read elsewhere (title, required, options, children) or saying nothing about the field itself. */
const NOT_SETTINGS = new Set(["title", "properties", "required", "enum", "items", "$defs", "definitions", "$schema", "$id", "$comment"]);
const MAX_DEPTH = 12;
const SEP = " › ";

const obj = (v: unknown): SchemaNode => (isSchemaNode(v) ? v : {});

/** The order rjsf shows `names` in under `ui:order` ("*" stands for the rest). */
function displayOrder(names: string[], uiOrder: unknown): string[] {
  if (!Array.isArray(uiOrder)) return names;
  const listed = uiOrder.filter((n): n is string => typeof n === "string" && (n === "*" || names.includes(n)));
  const rest = names.filter((n) => !listed.includes(n));
  const star = listed.indexOf("*");
  return star === -1 ? [...listed, ...rest] : [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)];
}

function collect(def: unknown): Collected {
  const root = obj(obj(def).schema);
  const out: Collected = { fields: [], byId: new Map(), containers: new Map() };

  const visitObject = (node: SchemaNode, id: string, titles: string[], ui: SchemaNode, depth: number) => {
    const props = obj(node.properties);
    const required = Array.isArray(node.required) ? node.required : [];
    const order = displayOrder(Object.keys(props).filter((n) => isSchemaNode(props[n])), ui["ui:order"]);
    out.containers.set(id, { name: titles.join(SEP), order });
    if (depth > MAX_DEPTH) return;
    for (const key of order) {
      const n = resolveRef(root, props[key] as SchemaNode);
      const title = typeof n.title === "string" && n.title ? n.title : key;
      visitField(n, id ? `${id}/${key}` : key, [...titles, title], obj(ui[key]), required.includes(key), depth);
    }
  };

  const visitField = (n: SchemaNode, id: string, titles: string[], ui: SchemaNode, required: boolean, depth: number) => {
    const items = isSchemaNode(n.items) ? resolveRef(root, n.items) : null;
    const settings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) if (!NOT_SETTINGS.has(k)) settings[k] = v;
    // A list of plain values (多选): its options are the items' enum; anything else about the items is a setting.
    if (items && items.type !== "object") {
      const { enum: _options, title: _title, ...rest } = items;
      if (Object.keys(rest).length) settings.items = rest;
    }
    for (const [k, v] of Object.entries(ui)) {
      if (!k.startsWith("ui:") || k === "ui:order") continue;
      // Each control option is a setting of its own, so a changed option is named, not shown as JSON.
      if (k === "ui:options" && isSchemaNode(v)) for (const [o, ov] of Object.entries(v)) settings[`ui:options.${o}`] = ov;
      else settings[k] = v;
    }
    const options = Array.isArray(n.enum) ? n.enum : items && Array.isArray(items.enum) ? items.enum : null;
    const field: Field = { id, title: titles[titles.length - 1], name: titles.join(SEP), required, options, settings };
    out.fields.push(field);
    out.byId.set(id, field);
    if (n.type === "object") visitObject(n, id, titles, ui, depth + 1);
    else if (items?.type === "object") visitObject(items, `${id}[]`, titles, obj(ui.items), depth + 1);
  };

  visitObject(root, "", [], obj(obj(def).uiSchema), 0);
  return out;
}

const quote = (s: string) => `「${s}」`;
const quoteAll = (values: unknown[]) => values.map((v) => quote(typeof v === "string" ? v : canonicalJson(v))).join("、");

function valueText(key: string, v: unknown): string {
  if (typeof v === "boolean") return v ? "是" : "否";
  if (key === "ui:options.openYearsAgo" && typeof v === "number") return `${v}年前`;
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    const named = key === "format" ? FORMAT_LABEL[v] : key === "ui:widget" ? WIDGET_LABEL[v] : key === "type" ? TYPE_LABEL[v] : key === "ui:options.prefill" ? PREFILL_LABEL[v] : undefined;
    return quote(named ?? v);
  }
  const json = canonicalJson(v);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

function settingChanges(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const parts: string[] = [];
  for (const k of keys) {
    if (canonicalJson(a[k]) === canonicalJson(b[k])) continue;
    const label = SETTING_LABEL[k] ?? (k.startsWith("ui:options.") ? `控件选项 ${k.slice("ui:options.".length)} ` : k);
    if (a[k] === undefined) parts.push(`${label}设为${valueText(k, b[k])}`);
    else if (b[k] === undefined) parts.push(`取消${label}（原为${valueText(k, a[k])}）`);
    else parts.push(`${label}由${valueText(k, a[k])}改为${valueText(k, b[k])}`);
  }
  return parts;
}

function fieldChanges(a: Field, b: Field): FormChange[] {
  const out: FormChange[] = [];
  const say = (text: string) => out.push({ kind: "changed", field: b.id, text });
  const name = quote(a.name);
  if (a.title !== b.title) say(`字段${name}标题改为${quote(b.title)}`);
  if (a.required !== b.required) say(`字段${quote(b.name)}改为${b.required ? "必填" : "选填"}`);
  const before = (a.options ?? []).map(canonicalJson);
  const after = (b.options ?? []).map(canonicalJson);
  const added = (b.options ?? []).filter((_v, i) => !before.includes(after[i]));
  const removed = (a.options ?? []).filter((_v, i) => !after.includes(before[i]));
  if (added.length) say(`字段${quote(b.name)}选项新增${quoteAll(added)}`);
  if (removed.length) say(`字段${quote(b.name)}选项删除${quoteAll(removed)}`);
  const kept = (xs: string[], ys: string[]) => xs.filter((x) => ys.includes(x));
  if (!added.length && !removed.length && kept(before, after).join() !== kept(after, before).join()) say(`字段${quote(b.name)}选项顺序有调整`);
  const parts = settingChanges(a.settings, b.settings);
  if (parts.length) say(`字段${quote(b.name)}${parts.join("，")}`);
  return out;
}

function ruleChanges(a: unknown, b: unknown): FormChange[] {
  const rules = (v: unknown) => new Map((Array.isArray(v) ? v : []).filter(isSchemaNode).map((r) => [String(r.id), r] as const));
  const [before, after] = [rules(a), rules(b)];
  const message = (r: SchemaNode) => (typeof r.message === "string" ? r.message.replace(/\{n\}/g, "N") : String(r.id));
  const out: FormChange[] = [];
  for (const [id, r] of after) {
    const old = before.get(id);
    if (!old) out.push({ kind: "rule", text: `新增规则：${message(r)}` });
    else if (canonicalJson(old) !== canonicalJson(r)) out.push({ kind: "rule", text: `规则「${message(old)}」改为：${message(r)}` });
  }
  for (const [id, r] of before) if (!after.has(id)) out.push({ kind: "rule", text: `删除规则：${message(r)}` });
  return out;
}

/**
 * The changes from form definition `before` to `after`, in the order the new version shows its fields
 * (removed fields after, in the old order), then the order of fields, then rules. Empty when nothing an
 * administrator would notice changed (the version number, key order and whitespace are not changes).
 */
export function describeFormChanges(before: unknown, after: unknown): FormChange[] {
  const a = collect(before);
  const b = collect(after);
  const out: FormChange[] = [];
  const [ta, tb] = [obj(before).title, obj(after).title];
  if (ta !== tb && typeof tb === "string") out.push({ kind: "form", text: `表单标题改为${quote(tb)}` });
  for (const f of b.fields) {
    const old = a.byId.get(f.id);
    if (!old) out.push({ kind: "added", field: f.id, text: `新增字段${quote(f.name)}${f.required ? "（必填）" : ""}` });
    else out.push(...fieldChanges(old, f));
  }
  for (const f of a.fields) if (!b.byId.has(f.id)) out.push({ kind: "removed", field: f.id, text: `删除字段${quote(f.name)}` });
  for (const [id, cb] of b.containers) {
    const ca = a.containers.get(id);
    if (!ca) continue;
    const common = (xs: string[], ys: string[]) => xs.filter((x) => ys.includes(x)).join("\n");
    if (common(ca.order, cb.order) !== common(cb.order, ca.order)) {
      out.push({ kind: "order", field: id || undefined, text: id ? `${quote(cb.name)}中的字段顺序有调整` : "字段顺序有调整" });
    }
  }
  out.push(...ruleChanges(obj(before).rules, obj(after).rules));
  return out;
}
