// Turns any form definition plus its data into what a printout shows: label/value fields (nested
// objects flattened as "父 / 子") and tables for arrays of objects, in ui:order, labelled by schema
// titles. Driven by the schema alone, so a field an administrator adds is printed with no code.
import { childSchema, isSchemaNode, resolveRef } from "../forms/schema-walk";
import type { SchemaNode } from "../forms/schema-walk";
import type { FormDefinition } from "../forms/validate";

export const EMPTY = "—";
export const UPLOADED = "已上传";

export type PrintValue =
  | { kind: "text"; text: string }
  /** A file reference ("file:<sha256>"); `image` when the field accepts images (so worth loading). */
  | { kind: "file"; ref: string | null; image: boolean };

export interface PrintField {
  /** Top-level property name (the photo is picked out by it). */
  name: string;
  label: string;
  value: PrintValue;
}

export interface PrintTableColumn {
  title: string;
  group?: string;
}

export type PrintBlock =
  | { kind: "fields"; fields: PrintField[] }
  | { kind: "table"; name: string; caption: string; columns: PrintTableColumn[]; rows: string[][] };

export interface PrintSection {
  key: string;
  title: string;
  blocks: PrintBlock[];
}

type Ui = SchemaNode | undefined;

function uiOf(ui: Ui, name: string): Ui {
  const u = ui?.[name];
  return isSchemaNode(u) ? u : undefined;
}

function uiOptions(ui: Ui): SchemaNode {
  const o = ui?.["ui:options"];
  return isSchemaNode(o) ? o : {};
}

/** Property names of an object schema in ui:order (with rjsf's "*" for the rest), else schema order. */
export function orderedProperties(node: SchemaNode, ui: Ui): string[] {
  const props = isSchemaNode(node.properties) ? Object.keys(node.properties) : [];
  const order = ui?.["ui:order"];
  if (!Array.isArray(order)) return props;
  const listed = order.filter((p): p is string => typeof p === "string" && p !== "*" && props.includes(p));
  const rest = props.filter((p) => !listed.includes(p));
  const star = order.indexOf("*");
  // rjsf refuses an order that omits properties without "*": a printout shows them at the end instead.
  return star < 0 ? [...listed, ...rest] : [...listed.slice(0, star), ...rest, ...listed.slice(star)];
}

function typeOf(node: SchemaNode): string | undefined {
  const t = node.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x) => x !== "null") as string | undefined;
  if (isSchemaNode(node.properties)) return "object";
  if (node.items !== undefined) return "array";
  return undefined;
}

function titleOf(node: SchemaNode, fallback: string): string {
  return typeof node.title === "string" && node.title.trim() ? node.title : fallback;
}

function isObjectSchema(node: SchemaNode | null): node is SchemaNode {
  return !!node && typeOf(node) === "object" && isSchemaNode(node.properties);
}

function isFileRef(node: SchemaNode): boolean {
  return node.format === "file-ref";
}

function acceptsImages(ui: Ui): boolean {
  const accept = uiOptions(ui).accept;
  // No accept list: anything may have been uploaded, so ask the loader whether it is an image.
  if (typeof accept !== "string" || !accept.trim()) return true;
  return accept.split(",").some((a) => a.trim().toLowerCase().startsWith("image/"));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A scalar as printed: enum labels where the schema or uiSchema gives them, booleans as 是/否. */
export function formatScalar(node: SchemaNode, ui: Ui, value: unknown): string {
  if (isEmpty(value)) return EMPTY;
  if (typeof value === "boolean") return value ? "是" : "否";
  if (isFileRef(node)) return UPLOADED;
  for (const key of ["oneOf", "anyOf"]) {
    const options = node[key];
    if (!Array.isArray(options)) continue;
    for (const o of options) if (isSchemaNode(o) && o.const === value && typeof o.title === "string") return o.title;
  }
  const names = ui?.["ui:enumNames"] ?? uiOptions(ui).enumNames;
  if (Array.isArray(node.enum) && Array.isArray(names)) {
    const i = node.enum.indexOf(value);
    if (i >= 0 && typeof names[i] === "string") return names[i] as string;
  }
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Any value as one line of text (used inside table cells, where nothing is embedded). */
function formatAny(root: SchemaNode, node: SchemaNode, ui: Ui, value: unknown): string {
  if (isEmpty(value)) return EMPTY;
  if (Array.isArray(value)) {
    const item = childSchema(root, node, "0") ?? {};
    const itemUi = uiOf(ui, "items");
    return value.map((v) => formatAny(root, item, itemUi, v)).join(isObjectSchema(item) ? "；" : "、");
  }
  if (isObjectSchema(node) && isSchemaNode(value)) {
    return orderedProperties(node, ui)
      .filter((p) => !isEmpty(value[p]))
      .map((p) => {
        const child = childSchema(root, node, p) ?? {};
        return `${titleOf(child, p)}：${formatAny(root, child, uiOf(ui, p), value[p])}`;
      })
      .join("，");
  }
  return formatScalar(node, ui, value);
}

function tableOf(root: SchemaNode, name: string, caption: string, item: SchemaNode, ui: Ui, rows: unknown[]): PrintBlock {
  type Leaf = { column: PrintTableColumn; get: (row: Record<string, unknown>) => string };
  const leaves: Leaf[] = [];
  for (const p of orderedProperties(item, ui)) {
    const child = childSchema(root, item, p);
    if (!child || uiOf(ui, p)?.["ui:widget"] === "hidden" || child.type === "null") continue;
    const childUi = uiOf(ui, p);
    const label = titleOf(child, p);
    if (isObjectSchema(child)) {
      // A nested object (e.g. 起止时间 → 开始日期, 结束日期) becomes a group of columns.
      for (const q of orderedProperties(child, childUi)) {
        const grand = childSchema(root, child, q);
        if (!grand) continue;
        const grandUi = uiOf(childUi, q);
        leaves.push({
          column: { title: titleOf(grand, q), group: label },
          get: (row) => {
            const obj = row[p];
            return formatAny(root, grand, grandUi, isSchemaNode(obj) ? obj[q] : undefined);
          },
        });
      }
    } else {
      leaves.push({ column: { title: label }, get: (row) => formatAny(root, child, childUi, row[p]) });
    }
  }
  return {
    kind: "table",
    name,
    caption,
    columns: leaves.map((l) => l.column),
    rows: rows.map((r) => {
      const row = isSchemaNode(r) ? r : {};
      return leaves.map((l) => l.get(row));
    }),
  };
}

/** A `specialty` widget's value ([{ code, main }]) as one line: names, the main one marked. */
function specialtyText(value: unknown[], names: Record<string, string>): string {
  const text = value
    .map((c) => (isSchemaNode(c) && typeof c.code === "string" ? `${Object.hasOwn(names, c.code) ? names[c.code] : c.code}${c.main === true ? "（主专业）" : ""}` : ""))
    .filter(Boolean)
    .join("、");
  return text || EMPTY;
}

/**
 * The printable content of one form: its fields and tables, in order. `specialtyNames` (code → name)
 * names the choices of `specialty` widgets, which store catalog codes.
 */
export function printSection(definition: FormDefinition, data: unknown, specialtyNames: Record<string, string> = {}): PrintSection {
  const root = definition.schema;
  const node = resolveRef(root, root);
  const ui = definition.uiSchema;
  const doc = isSchemaNode(data) ? data : {};
  const title = definition.title || titleOf(node, definition.key);
  const blocks: PrintBlock[] = [];
  let fields: PrintField[] = [];
  const flush = () => {
    if (fields.length) blocks.push({ kind: "fields", fields });
    fields = [];
  };

  const visit = (name: string, schema: SchemaNode, u: Ui, value: unknown, label: string) => {
    // A field of type null (the designer's 说明文字) is text for whoever fills the form in, not an answer.
    if (u?.["ui:widget"] === "hidden" || schema.type === "null") return;
    if (isObjectSchema(schema)) {
      const obj = isSchemaNode(value) ? value : {};
      for (const p of orderedProperties(schema, u)) {
        const child = childSchema(root, schema, p);
        if (child) visit(name, child, uiOf(u, p), obj[p], `${label} / ${titleOf(child, p)}`);
      }
      return;
    }
    if (u?.["ui:widget"] === "specialty" && Array.isArray(value)) {
      fields.push({ name, label, value: { kind: "text", text: specialtyText(value, specialtyNames) } });
      return;
    }
    if (typeOf(schema) === "array") {
      const item = childSchema(root, schema, "0");
      if (isObjectSchema(item)) {
        flush();
        // A section holding a single list (教育经历 → 教育经历) needs no second caption.
        blocks.push(tableOf(root, name, label === title ? "" : label, item, uiOf(u, "items"), Array.isArray(value) ? value : []));
        return;
      }
      fields.push({ name, label, value: { kind: "text", text: formatAny(root, schema, u, value) } });
      return;
    }
    if (isFileRef(schema)) {
      fields.push({ name, label, value: { kind: "file", ref: typeof value === "string" && value ? value : null, image: acceptsImages(u) } });
      return;
    }
    fields.push({ name, label, value: { kind: "text", text: formatScalar(schema, u, value) } });
  };

  for (const p of orderedProperties(node, ui)) {
    const child = childSchema(root, node, p);
    if (child) visit(p, child, uiOf(ui, p), doc[p], titleOf(child, p));
  }
  flush();
  return { key: definition.key, title, blocks };
}
