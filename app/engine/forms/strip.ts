// Removes properties a form's schema does not declare anywhere, before validation (server and browser
// alike), so junk a client adds is neither stored nor reported. "Declared" is read over the whole schema
// that applies to a place in the data, not one subschema at a time: a property named in any branch of
// allOf/anyOf/oneOf/not, in if/then/else, in dependencies/dependentRequired, in required, or matched by
// patternProperties is kept. (Ajv's own removeAdditional works per subschema, so inside an if/then or an
// allOf branch it removed every property that branch did not list: 暂存 of such a form stored {}.)
// Browser-safe.
import { resolveLocalRef } from "./interpret";
import { patternVerdict } from "./patterns";
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

/**
 * The property names the nodes declare outright, and the patterns that declare more. A pattern whose
 * verdict is not known yet (a browser still loading re2js) counts as declaring: stripping keeps, never loses.
 */
function declarations(nodes: SchemaNode[]): { names: Set<string>; patterns: string[] } {
  const names = new Set<string>();
  const patterns: string[] = [];
  for (const s of nodes) {
    if (isSchemaNode(s.properties)) for (const k of Object.keys(s.properties)) names.add(k);
    if (isSchemaNode(s.patternProperties)) for (const p of Object.keys(s.patternProperties)) patterns.push(p);
    if (Array.isArray(s.required)) for (const k of s.required) if (typeof k === "string") names.add(k);
    for (const keyword of ["dependencies", "dependentRequired"]) {
      const deps = s[keyword];
      if (!isSchemaNode(deps)) continue;
      for (const [k, d] of Object.entries(deps)) {
        names.add(k);
        if (Array.isArray(d)) for (const n of d) if (typeof n === "string") names.add(n);
      }
    }
  }
  return { names, patterns };
}

/** The subschemas that describe property `key` of an object described by `s` (none: nothing to strip inside). */
function propertySchemas(s: SchemaNode, key: string): unknown[] {
  const out: unknown[] = [];
  const declared = isSchemaNode(s.properties) && has(s.properties, key);
  if (declared) out.push((s.properties as SchemaNode)[key]);
  let matched = false;
  if (isSchemaNode(s.patternProperties)) {
    for (const [p, schema] of Object.entries(s.patternProperties)) {
      const verdict = patternVerdict(p, key);
      if (verdict !== false) matched = true;
      if (verdict === true) out.push(schema);
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

/** What one place in the data needs to know, worked out once per (root, schema) and reused on every save. */
type Level = { nodes: SchemaNode[]; strips: boolean; names: Set<string>; patterns: string[] };
const levels = new WeakMap<object, WeakMap<object, Level>>();

function levelOf(root: unknown, schemas: unknown[]): Level {
  const make = (): Level => {
    const nodes = applicable(root, schemas);
    const closed = nodes.some((s) => isSchemaNode(s.properties) || isSchemaNode(s.patternProperties) || s.additionalProperties === false);
    const admitsExtra = nodes.some((s) => s.additionalProperties !== undefined && s.additionalProperties !== false);
    return { nodes, strips: closed && !admitsExtra, ...declarations(nodes) };
  };
  // Most places are described by one schema object: cache those (schemas are immutable once published).
  const only = schemas.length === 1 && isSchemaNode(schemas[0]) && isSchemaNode(root) ? schemas[0] : null;
  if (!only) return make();
  let perRoot = levels.get(root as object);
  if (!perRoot) levels.set(root as object, (perRoot = new WeakMap()));
  let level = perRoot.get(only);
  if (!level) perRoot.set(only, (level = make()));
  return level;
}

function strip(root: unknown, schemas: unknown[], data: unknown): void {
  if (data === null || typeof data !== "object") return;
  const { nodes, strips, names, patterns } = levelOf(root, schemas);
  if (nodes.length === 0) return;
  if (Array.isArray(data)) {
    data.forEach((item, i) => strip(root, nodes.length === 1 ? itemSchemas(nodes[0], i) : nodes.flatMap((s) => itemSchemas(s, i)), item));
    return;
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (strips && !names.has(key) && !patterns.some((p) => patternVerdict(p, key) !== false)) {
      delete obj[key];
      continue;
    }
    strip(root, nodes.length === 1 ? propertySchemas(nodes[0], key) : nodes.flatMap((s) => propertySchemas(s, key)), obj[key]);
  }
}

/**
 * Names that a `required`, `dependentRequired` or `dependencies` list asks for at a place in the data where
 * no applicable part of the schema declares them (so no field is ever shown for them and the form could
 * never be completed, or stripUndeclared would remove what was typed). Each as the JSON pointer of the list
 * entry in the schema and the name. Read over the whole schema at each place, like stripUndeclared, so a
 * oneOf branch may require a field its parent declares. Follows local $refs; unreferenced $defs are not read.
 */
export function undeclaredRequiredNames(root: unknown): Array<{ pointer: string; name: string }> {
  const out: Array<{ pointer: string; name: string }> = [];
  const seenLevels = new Set<string>();
  const level = (entries: Array<{ node: unknown; at: string }>): void => {
    // Expand in-place applicators (and $ref) keeping each node's schema pointer.
    const nodes: Array<{ node: SchemaNode; at: string }> = [];
    const seen = new Set<object>();
    const add = (raw: unknown, at: string) => {
      if (!isSchemaNode(raw) || seen.has(raw)) return;
      seen.add(raw);
      if (typeof raw.$ref === "string") {
        const ref = raw.$ref;
        let target: unknown;
        try {
          target = resolveLocalRef(root, ref);
        } catch {
          return; // the checker reports unresolvable references on its own
        }
        return add(target, decodeURIComponent(ref.slice(1)));
      }
      nodes.push({ node: raw, at });
      for (const key of IN_PLACE_ONE) if (has(raw, key)) add(raw[key], `${at}/${key}`);
      for (const key of IN_PLACE_LIST) if (Array.isArray(raw[key])) (raw[key] as unknown[]).forEach((s, i) => add(s, `${at}/${key}/${i}`));
      if (isSchemaNode(raw.dependencies)) for (const [k, dep] of Object.entries(raw.dependencies)) if (!Array.isArray(dep)) add(dep, `${at}/dependencies/${escape(k)}`);
    };
    entries.forEach((e) => add(e.node, e.at));
    const key = nodes.map((n) => n.at).sort().join("|");
    if (nodes.length === 0 || seenLevels.has(key)) return;
    seenLevels.add(key);

    const admitsExtra = nodes.some(({ node }) => node.additionalProperties !== undefined && node.additionalProperties !== false);
    const declared = (name: string) =>
      admitsExtra ||
      nodes.some(({ node }) => (isSchemaNode(node.properties) && has(node.properties, name)) || (isSchemaNode(node.patternProperties) && Object.keys(node.patternProperties).some((p) => patternVerdict(p, name) !== false)));
    for (const { node, at } of nodes) {
      if (Array.isArray(node.required)) node.required.forEach((name, i) => typeof name === "string" && !declared(name) && out.push({ pointer: `${at}/required/${i}`, name }));
      for (const keyword of ["dependentRequired", "dependencies"]) {
        const deps = node[keyword];
        if (!isSchemaNode(deps)) continue;
        for (const [prop, list] of Object.entries(deps)) {
          if (!Array.isArray(list)) continue;
          if (!declared(prop)) out.push({ pointer: `${at}/${keyword}/${escape(prop)}`, name: prop });
          list.forEach((name, i) => typeof name === "string" && !declared(name) && out.push({ pointer: `${at}/${keyword}/${escape(prop)}/${i}`, name }));
        }
      }
    }
    // The places below this one: each property, the items, the extra properties.
    const byName = new Map<string, Array<{ node: unknown; at: string }>>();
    const items: Array<{ node: unknown; at: string }> = [];
    for (const { node, at } of nodes) {
      if (isSchemaNode(node.properties)) for (const [name, s] of Object.entries(node.properties)) byName.set(name, [...(byName.get(name) ?? []), { node: s, at: `${at}/properties/${escape(name)}` }]);
      if (isSchemaNode(node.patternProperties)) for (const [p, s] of Object.entries(node.patternProperties)) level([{ node: s, at: `${at}/patternProperties/${escape(p)}` }]);
      if (isSchemaNode(node.additionalProperties)) level([{ node: node.additionalProperties, at: `${at}/additionalProperties` }]);
      if (Array.isArray(node.items)) node.items.forEach((s, i) => level([{ node: s, at: `${at}/items/${i}` }]));
      else if (node.items !== undefined) items.push({ node: node.items, at: `${at}/items` });
      if (node.additionalItems !== undefined) level([{ node: node.additionalItems, at: `${at}/additionalItems` }]);
      if (node.contains !== undefined) items.push({ node: node.contains, at: `${at}/contains` });
    }
    for (const group of byName.values()) level(group);
    if (items.length) level(items);
  };
  level([{ node: root, at: "" }]);
  return out;
}

const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
