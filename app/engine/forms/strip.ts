// Removes properties a form's schema does not declare anywhere, before validation (server and browser
// alike), so junk a client adds is neither stored nor reported. "Declared" is read over the whole schema
// that applies to a place in the data, not one subschema at a time: a property named in any branch of
// allOf/anyOf/oneOf/not, in if/then/else, in dependencies/dependentRequired, in required, or matched by
// patternProperties is kept. (Ajv's own removeAdditional works per subschema, so inside an if/then or an
// allOf branch it removed every property that branch did not list: 暂存 of such a form stored {}.)
// Browser-safe.
import { resolveLocalRef } from "./interpret";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const IN_PLACE_ONE = ["not", "if", "then", "else"];
const IN_PLACE_LIST = ["allOf", "anyOf", "oneOf"];

/**
 * The schema objects that apply to one place in the data, found from `schemas` through $ref and the
 * in-place applicators (each object once, so a recursive $ref ends). Boolean schemas declare nothing.
 */
function applicable(root: unknown, schemas: unknown[]): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<object>();
  const add = (raw: unknown) => {
    if (!isSchemaNode(raw) || seen.has(raw)) return;
    seen.add(raw);
    // Draft-07: a $ref stands for its target; its siblings only annotate.
    if (typeof raw.$ref === "string") return add(resolveLocalRef(root, raw.$ref));
    out.push(raw);
    for (const key of IN_PLACE_ONE) if (has(raw, key)) add(raw[key]);
    for (const key of IN_PLACE_LIST) if (Array.isArray(raw[key])) (raw[key] as unknown[]).forEach(add);
    if (isSchemaNode(raw.dependencies)) for (const dep of Object.values(raw.dependencies)) if (!Array.isArray(dep)) add(dep);
  };
  schemas.forEach(add);
  return out;
}

function namesDeclared(s: SchemaNode, key: string): boolean {
  if (isSchemaNode(s.properties) && has(s.properties, key)) return true;
  if (isSchemaNode(s.patternProperties) && Object.keys(s.patternProperties).some((p) => new RegExp(p, "u").test(key))) return true;
  if (Array.isArray(s.required) && s.required.includes(key)) return true;
  for (const keyword of ["dependencies", "dependentRequired"]) {
    const deps = s[keyword];
    if (!isSchemaNode(deps)) continue;
    if (has(deps, key)) return true;
    if (Object.values(deps).some((d) => Array.isArray(d) && d.includes(key))) return true;
  }
  return false;
}

/** The subschemas that describe property `key` of an object described by `s` (none: nothing to strip inside). */
function propertySchemas(s: SchemaNode, key: string): unknown[] {
  const out: unknown[] = [];
  const declared = isSchemaNode(s.properties) && has(s.properties, key);
  if (declared) out.push((s.properties as SchemaNode)[key]);
  let matched = false;
  if (isSchemaNode(s.patternProperties)) {
    for (const [p, schema] of Object.entries(s.patternProperties)) {
      if (new RegExp(p, "u").test(key)) {
        matched = true;
        out.push(schema);
      }
    }
  }
  if (!declared && !matched && s.additionalProperties !== undefined) out.push(s.additionalProperties);
  return out;
}

function itemSchemas(s: SchemaNode, index: number): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(s.items)) out.push(index < s.items.length ? s.items[index] : s.additionalItems);
  else if (s.items !== undefined) out.push(s.items);
  if (s.contains !== undefined) out.push(s.contains);
  return out;
}

/**
 * Deletes, in place, every property of `data` (at any depth) that no applicable part of `schema` declares;
 * `root` resolves $refs (default: `schema`). An object is left whole where the schema says nothing about
 * its properties (no properties/patternProperties/additionalProperties: false anywhere that applies) or
 * admits extra ones (an additionalProperties schema, or true). Throws only on a $ref the checker refuses.
 */
export function stripUndeclared(schema: unknown, data: unknown, root: unknown = schema): void {
  strip(root, [schema], data);
}

function strip(root: unknown, schemas: unknown[], data: unknown): void {
  if (data === null || typeof data !== "object") return;
  const nodes = applicable(root, schemas);
  if (nodes.length === 0) return;
  if (Array.isArray(data)) {
    data.forEach((item, i) => strip(root, nodes.flatMap((s) => itemSchemas(s, i)), item));
    return;
  }
  const obj = data as Record<string, unknown>;
  const closed = nodes.some((s) => isSchemaNode(s.properties) || isSchemaNode(s.patternProperties) || s.additionalProperties === false);
  const admitsExtra = nodes.some((s) => s.additionalProperties !== undefined && s.additionalProperties !== false);
  for (const key of Object.keys(obj)) {
    if (closed && !admitsExtra && !nodes.some((s) => namesDeclared(s, key))) {
      delete obj[key];
      continue;
    }
    strip(root, nodes.flatMap((s) => propertySchemas(s, key)), obj[key]);
  }
}
