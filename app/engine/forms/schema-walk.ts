// Schema-aware traversal of JSON Schema documents: visit or rewrite every subschema (never a property
// that merely happens to be called "required"), follow local $refs, and find the subschema a data
// pointer lands on. Browser-safe.
import { escapePointerSegment, parsePointer } from "./json-pointer";
import { matchesPattern } from "./patterns";

export type SchemaNode = { [keyword: string]: unknown };

// Keywords whose value is one schema, a map of name → schema, or a list of schemas (draft-07 + 2020-12).
const ONE = ["additionalProperties", "items", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

export function isSchemaNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Rewrites every schema object bottom-up with `fn`; the input is left untouched. */
export function mapSchema(schema: unknown, fn: (node: SchemaNode) => SchemaNode): unknown {
  if (!isSchemaNode(schema)) return schema;
  const out: SchemaNode = { ...schema };
  for (const key of ONE) if (isSchemaNode(out[key])) out[key] = mapSchema(out[key], fn);
  for (const key of LIST) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => mapSchema(s, fn));
  for (const key of MAP) {
    const map = out[key];
    if (!isSchemaNode(map)) continue;
    // `dependencies` may map to a list of property names rather than a schema: mapSchema leaves those.
    out[key] = Object.fromEntries(Object.entries(map).map(([name, s]) => [name, mapSchema(s, fn)]));
  }
  return fn(out);
}

/** Calls `visit` for every schema object, with its location as a JSON pointer into the schema. */
export function forEachSchema(schema: unknown, visit: (node: SchemaNode, at: string) => void, at = ""): void {
  if (!isSchemaNode(schema)) return;
  visit(schema, at);
  for (const key of ONE) forEachSchema(schema[key], visit, `${at}/${key}`);
  for (const key of LIST) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => forEachSchema(s, visit, `${at}/${key}/${i}`));
  }
  for (const key of MAP) {
    const map = schema[key];
    if (isSchemaNode(map)) for (const [name, s] of Object.entries(map)) forEachSchema(s, visit, `${at}/${key}/${escapePointerSegment(name)}`);
  }
}

/**
 * Follows a local `$ref` ("#/$defs/x") and merges the referring node's own keywords over the target,
 * as Ajv 8 and rjsf both apply $ref siblings (a `title` next to a $ref wins). Non-local refs stay put.
 */
export function resolveRef(root: unknown, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === "string" && hops < 32; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#")) break;
    let target: unknown = root;
    for (const seg of parsePointer(decodeURIComponent(ref.slice(1)))) {
      target = isSchemaNode(target) && Object.prototype.hasOwnProperty.call(target, seg) ? target[seg] : undefined;
    }
    if (!isSchemaNode(target)) break;
    const { $ref: _ignored, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

/**
 * The resolved subschemas a data pointer passes through, one per segment (the root's not included),
 * or null where the schema does not describe that location.
 */
export function schemasAlong(root: unknown, pointer: string): SchemaNode[] | null {
  if (!isSchemaNode(root)) return null;
  let node = resolveRef(root, root);
  const trail: SchemaNode[] = [];
  for (const seg of parsePointer(pointer)) {
    const next = childSchema(root, node, seg);
    if (!next) return null;
    node = next;
    trail.push(node);
  }
  return trail;
}

/** The resolved subschema describing child `seg` of data described by `node`, or null. */
export function childSchema(root: unknown, node: SchemaNode, seg: string): SchemaNode | null {
  const pick = (s: unknown) => (isSchemaNode(s) ? resolveRef(root, s) : null);
  const props = node.properties;
  if (isSchemaNode(props) && Object.prototype.hasOwnProperty.call(props, seg)) return pick(props[seg]);
  if (/^(0|[1-9]\d*)$/.test(seg)) {
    const i = Number(seg);
    if (Array.isArray(node.prefixItems)) return pick(node.prefixItems[i]) ?? pick(node.items);
    if (Array.isArray(node.items)) return pick(node.items[i]) ?? pick(node.additionalItems);
    if (isSchemaNode(node.items)) return pick(node.items);
  }
  // A property described only inside a branch: combinators, if/then/else, schema dependencies.
  const branches: unknown[] = [];
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(node[key])) branches.push(...(node[key] as unknown[]));
  for (const key of ["if", "then", "else"]) if (node[key] !== undefined) branches.push(node[key]);
  if (isSchemaNode(node.dependencies)) branches.push(...Object.values(node.dependencies).filter((d) => !Array.isArray(d)));
  for (const b of branches) {
    const found = isSchemaNode(b) ? childSchema(root, resolveRef(root, b), seg) : null;
    if (found) return found;
  }
  if (isSchemaNode(node.patternProperties)) {
    for (const [p, s] of Object.entries(node.patternProperties)) if (matchesPattern(p, seg)) return pick(s);
  }
  return isSchemaNode(node.additionalProperties) ? pick(node.additionalProperties) : null;
}
