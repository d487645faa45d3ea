// The form designer's model of a definition (issue 20): a tree of fields in display order, each keeping
// its own schema keywords and uiSchema entries exactly as written, so a definition loaded and saved back
// without edits is the same definition (canonical JSON), and every edit the designer makes is a small pure
// function of this model. The JSON stays the truth: the designer reads the text into a model and writes
// the model back as text. Fields whose structure lives elsewhere ($ref, a registered widget drawing a
// whole list) are leaves. Browser-safe.
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";
import { readShowWhen, showWhenEntry } from "./show-conditions";
import type { ShowWhen } from "./show-conditions";

/** One field: `schema` and `ui` are its own (children are in `children`), `required` its place in the parent's list. */
export type DesignerField = {
  key: string;
  schema: SchemaNode;
  ui: SchemaNode | undefined;
  required: boolean;
  /** Present for a group (object) or a list of groups (array of objects): its fields in display order. */
  children?: DesignerField[];
  /** The children's container as written: the list's `items` (without properties) and its uiSchema. */
  container?: Container;
  /** 显示条件: shown only while a sibling holds a value (written in the group's allOf; `required` then means while shown). */
  showWhen?: ShowWhen;
};

/** What an object node says besides its properties: other keywords, its required list and ui:order as written. */
type Container = { schema: SchemaNode; ui: SchemaNode | undefined; required: string[] | undefined; order: unknown };

export type DesignerModel = {
  /** The definition's envelope without schema and uiSchema (key, title, rules, …), as written. */
  envelope: SchemaNode;
  root: Container;
  fields: DesignerField[];
};

const MAX_DEPTH = 12;

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
const own = (o: SchemaNode, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** rjsf's display order of `names` under a `ui:order` ("*" stands for the rest). */
export function displayOrder(names: string[], uiOrder: unknown): string[] {
  if (!Array.isArray(uiOrder)) return names;
  const listed = uiOrder.filter((n): n is string => typeof n === "string" && (n === "*" || names.includes(n)));
  const rest = names.filter((n) => !listed.includes(n));
  const star = listed.indexOf("*");
  return star === -1 ? [...listed, ...rest] : [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)];
}

/** A field has children the designer edits when it is an inline group, or a list of inline groups drawn by the theme. */
function childHolder(schema: SchemaNode, ui: SchemaNode | undefined): "object" | "array" | null {
  if (own(schema, "$ref") || (ui && own(ui, "ui:widget"))) return null;
  if (schema.type === "object" && isSchemaNode(schema.properties)) return "object";
  const items = schema.items;
  if (schema.type === "array" && isSchemaNode(items) && !own(items, "$ref") && items.type === "object" && isSchemaNode(items.properties)) return "array";
  return null;
}

function readContainer(node: SchemaNode, ui: SchemaNode | undefined, depth: number): { container: Container; fields: DesignerField[] } {
  const { properties, required, ...rest } = node;
  const props = isSchemaNode(properties) ? properties : {};
  const names = Object.keys(props).filter((n) => isSchemaNode(props[n]));
  const uiRest: SchemaNode | undefined = ui ? Object.fromEntries(Object.entries(ui).filter(([k]) => !names.includes(k) && k !== "ui:order")) : undefined;
  const req = Array.isArray(required) ? (required as string[]) : undefined;
  // 显示条件 of the fields here, taken out of the allOf they are written in (written back by writeContainer).
  const conditions = new Map<string, NonNullable<ReturnType<typeof readShowWhen>>>();
  if (Array.isArray(rest.allOf)) {
    const kept: unknown[] = [];
    for (const entry of rest.allOf) {
      const c = readShowWhen(entry);
      const fits = c && names.includes(c.field) && names.includes(c.showWhen.when) && c.field !== c.showWhen.when && !conditions.has(c.field) && !req?.includes(c.field);
      if (fits) conditions.set(c.field, c);
      else kept.push(entry);
    }
    if (conditions.size) {
      if (kept.length) rest.allOf = kept;
      else delete rest.allOf;
    }
  }
  const fields = displayOrder(names, ui?.["ui:order"]).map((key) => {
    const f = readField(key, props[key] as SchemaNode, ui && isSchemaNode(ui[key]) ? (ui[key] as SchemaNode) : undefined, !!req?.includes(key), depth + 1);
    const c = conditions.get(key);
    return c ? { ...f, showWhen: c.showWhen, required: c.required } : f;
  });
  return { container: { schema: clone(rest), ui: clone(uiRest), required: clone(req), order: clone(ui?.["ui:order"]) }, fields };
}

function readField(key: string, schema: SchemaNode, ui: SchemaNode | undefined, required: boolean, depth: number): DesignerField {
  const holder = depth < MAX_DEPTH ? childHolder(schema, ui) : null;
  if (holder === "object") {
    // A group's own keywords and ui entries are the field's; its container keeps only required and ui:order.
    const { container, fields } = readContainer(schema, ui, depth);
    return { key, schema: container.schema, ui: container.ui, required, children: fields, container: { ...container, schema: {}, ui: undefined } };
  }
  if (holder === "array") {
    const { items, ...rest } = schema;
    const itemsUi = ui && isSchemaNode(ui.items) ? (ui.items as SchemaNode) : undefined;
    const { container, fields } = readContainer(items as SchemaNode, itemsUi, depth);
    const uiRest = ui ? Object.fromEntries(Object.entries(ui).filter(([k]) => k !== "items")) : undefined;
    return { key, schema: clone(rest), ui: clone(uiRest), required, children: fields, container };
  }
  return { key, schema: clone(schema), ui: clone(ui), required };
}

/** The model of a definition (anything object-shaped; a half-typed one gives what it has). */
export function toDesigner(def: unknown): DesignerModel {
  const d = isSchemaNode(def) ? def : {};
  const { schema, uiSchema, ...envelope } = d;
  const root = readContainer(isSchemaNode(schema) ? schema : { type: "object", properties: {} }, isSchemaNode(uiSchema) ? uiSchema : undefined, 0);
  return { envelope: clone(envelope), root: root.container, fields: root.fields };
}

/** The required list: names still required in the order first written, then newly required ones in display order. */
function requiredList(before: string[] | undefined, fields: DesignerField[]): string[] | undefined {
  // A conditional field's 必填 is written in its condition (required while shown), not here.
  const now = fields.filter((f) => f.required && !f.showWhen).map((f) => f.key);
  const kept = (before ?? []).filter((n) => now.includes(n));
  const out = [...kept, ...now.filter((n) => !kept.includes(n))];
  return out.length || before !== undefined ? out : undefined;
}

/** ui:order: as written while it still gives the same order, else the fields listed in display order. */
function orderEntry(before: unknown, fields: DesignerField[]): unknown {
  const keys = fields.map((f) => f.key);
  // Without ui:order the properties' own order shows, and they are written in display order.
  if (!Array.isArray(before)) return before === undefined ? undefined : keys;
  const valid = before.every((n) => n === "*" || keys.includes(n)) && (before.includes("*") || keys.every((k) => before.includes(k)));
  return valid && displayOrder(keys, before).join("\n") === keys.join("\n") ? before : keys;
}

function writeContainer(c: Container, fields: DesignerField[]): { schema: SchemaNode; ui: SchemaNode | undefined } {
  const schema: SchemaNode = { ...clone(c.schema), properties: {} };
  const props = schema.properties as SchemaNode;
  let ui: SchemaNode | undefined = c.ui ? clone(c.ui) : undefined;
  const order = orderEntry(c.order, fields);
  if (order !== undefined) ui = { ...(ui ?? {}), "ui:order": order };
  for (const f of fields) {
    const w = writeField(f);
    props[f.key] = w.schema;
    if (w.ui !== undefined) ui = { ...(ui ?? {}), [f.key]: w.ui };
  }
  const req = requiredList(c.required, fields);
  if (req !== undefined) schema.required = req;
  const conditions = fields.filter((f) => f.showWhen).map((f) => showWhenEntry(f.key, f.showWhen!, f.required));
  if (conditions.length) schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...conditions];
  return { schema, ui };
}

function writeField(f: DesignerField): { schema: SchemaNode; ui: SchemaNode | undefined } {
  if (!f.children || !f.container) return { schema: clone(f.schema), ui: clone(f.ui) };
  const inner = writeContainer(f.container, f.children);
  if (f.schema.type !== "array") {
    const ui = f.ui === undefined && inner.ui === undefined ? undefined : { ...clone(f.ui ?? {}), ...(inner.ui ?? {}) };
    const schema = { ...clone(f.schema), ...inner.schema };
    // A group's own allOf entries are its field's; its children's 显示条件 follow them.
    if (Array.isArray(f.schema.allOf) && Array.isArray(inner.schema.allOf)) schema.allOf = [...clone(f.schema.allOf), ...inner.schema.allOf];
    return { schema, ui };
  }
  const ui = inner.ui !== undefined ? { ...clone(f.ui ?? {}), items: inner.ui } : clone(f.ui);
  return { schema: { ...clone(f.schema), items: inner.schema }, ui };
}

/** The definition the model stands for: envelope, schema and uiSchema (an empty uiSchema is written `{}`). */
export function fromDesigner(m: DesignerModel): SchemaNode {
  const { schema, ui } = writeContainer(m.root, m.fields);
  return { ...clone(m.envelope), schema, uiSchema: ui ?? {} };
}

/**
 * `next` with its members in the order `before` wrote them, at every depth: members both have keep
 * `before`'s order, new members follow in `next`'s order. The members of a `properties` object keep
 * `next`'s order (without ui:order it is the order fields show in, which the designer may have changed);
 * array elements are never reordered (their order is meaning), only the members inside them. So an edit
 * in the designer changes only the lines it is about, and a version diff shows just those.
 */
export function inOrderOf(before: unknown, next: unknown, parentKey = ""): unknown {
  if (Array.isArray(next)) return next.map((v, i) => inOrderOf(Array.isArray(before) ? before[i] : undefined, v));
  if (!isSchemaNode(next)) return next;
  const prior: SchemaNode = isSchemaNode(before) ? before : {};
  const keys = parentKey === "properties" ? Object.keys(next) : [...Object.keys(prior).filter((k) => own(next, k)), ...Object.keys(next).filter((k) => !own(prior, k))];
  const out: SchemaNode = {};
  for (const k of keys) out[k] = inOrderOf(prior[k], next[k], k);
  return out;
}

/** The definition text the designer writes for `model`, in the member order of `before` (the text it read), 2-space JSON. */
export function designerText(before: unknown, model: DesignerModel): string {
  return JSON.stringify(inOrderOf(before, fromDesigner(model)), null, 2);
}
