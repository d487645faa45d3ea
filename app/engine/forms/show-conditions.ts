// 显示条件 (issue 20): a field shown only while another field of the same group holds a value. Written in
// the definition as plain JSON Schema, so both validators judge it without anything of ours: an entry of
// the group's `allOf`
//   { "if":   { "properties": { "<when>": { "const": <value> } }, "required": ["<when>"] },
//     "then": { "required": ["<field>"] }        (or {} when the field is optional while shown)
//     "else": { "not": { "required": ["<field>"] } } }
// — while the condition holds the field may be (or must be) filled; otherwise it must be absent. The form
// hides a field whose `else` says so while its `if` fails (templates.tsx), and the server drops such a
// hidden field's value before judging (dropHidden, called by validateDocument), so a value typed before
// the condition changed is neither refused nor kept. Any `if` works for hiding and dropping; the designer
// reads and writes only the one-field-equals-value shape above. Browser-safe.
import { interpretSchema } from "./interpret";
import { isSchemaNode, resolveRef } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

/** The designer's view of one condition: `field` is shown when sibling `when` equals `equals`. */
export type ShowWhen = { when: string; equals: string | number | boolean };

const MAX_DEPTH = 32;
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The names an allOf entry hides while its `if` fails (its `else` is `{ not: { required: [...] } }`), else []. */
export function hiddenUnless(entry: unknown): string[] {
  if (!isSchemaNode(entry) || !isSchemaNode(entry.if) || !isSchemaNode(entry.else)) return [];
  const { not, ...rest } = entry.else;
  if (Object.keys(rest).length || !isSchemaNode(not) || Object.keys(not).length !== 1 || !Array.isArray(not.required)) return [];
  return not.required.filter((n): n is string => typeof n === "string");
}

/**
 * The properties of the object described by `node` (resolved) that are hidden for `value` (that object's
 * data): each conditional field whose condition fails. `root` resolves $refs inside the conditions.
 */
export function hiddenFields(root: unknown, node: SchemaNode, value: unknown): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(node.allOf)) return out;
  for (const entry of node.allOf) {
    const names = hiddenUnless(entry);
    if (names.length && interpretSchema(root, value ?? {}, (entry as SchemaNode).if).length) names.forEach((n) => out.add(n));
  }
  return out;
}

/**
 * Removes, in place, the value of every field hidden by a failing 显示条件, at any depth of `data` (groups
 * and list rows; $refs resolved against `schema`, 32 levels at most). Returns `data`.
 */
export function dropHidden<T>(schema: unknown, data: T): T {
  const visit = (node: unknown, value: unknown, depth: number) => {
    if (depth > MAX_DEPTH || !isSchemaNode(node) || value === null || typeof value !== "object") return;
    const n = resolveRef(schema, node);
    if (Array.isArray(value)) {
      if (isSchemaNode(n.items)) for (const item of value) visit(n.items, item, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    for (const name of hiddenFields(schema, n, obj)) delete obj[name];
    const props = isSchemaNode(n.properties) ? n.properties : {};
    for (const key of Object.keys(obj)) if (own(props, key)) visit(props[key], obj[key], depth + 1);
  };
  visit(schema, data, 0);
  return data;
}

/** The allOf entry for 「show `field` when `when` equals `equals`」, requiring `field` while shown when `required`. */
export function showWhenEntry(field: string, c: ShowWhen, required: boolean): SchemaNode {
  return {
    if: { properties: { [c.when]: { const: c.equals } }, required: [c.when] },
    then: required ? { required: [field] } : {},
    else: { not: { required: [field] } },
  };
}

/** The designer's reading of an allOf entry written by showWhenEntry: the field, its condition and whether it is required; else null. */
export function readShowWhen(entry: unknown): { field: string; showWhen: ShowWhen; required: boolean } | null {
  const hidden = hiddenUnless(entry);
  if (hidden.length !== 1 || !isSchemaNode(entry)) return null;
  const cond = entry.if as SchemaNode;
  const props = cond.properties;
  if (Object.keys(cond).length !== 2 || !isSchemaNode(props) || Object.keys(props).length !== 1) return null;
  const when = Object.keys(props)[0];
  const test = props[when];
  if (!isSchemaNode(test) || Object.keys(test).length !== 1 || !own(test, "const")) return null;
  const equals = test.const;
  if (typeof equals !== "string" && typeof equals !== "number" && typeof equals !== "boolean") return null;
  if (!Array.isArray(cond.required) || cond.required.length !== 1 || cond.required[0] !== when) return null;
  const then = entry.then;
  if (Object.keys(entry).length !== 3 || !isSchemaNode(then)) return null;
  const field = hidden[0];
  const required = Object.keys(then).length === 1 && Array.isArray(then.required) && then.required.length === 1 && then.required[0] === field;
  if (!required && Object.keys(then).length) return null;
  return { field, showWhen: { when, equals }, required };
}
