// Removes properties a form's schema does not declare anywhere, before validation (server and browser
// alike), so junk a client adds is neither stored nor reported. "Declared" is read over the whole schema
// that applies to a place in the data, not one subschema at a time: a property named in any branch of
// allOf/anyOf/oneOf/not, in if/then/else, in dependencies/dependentRequired, in required, or matched by
// patternProperties is kept. (Ajv's own removeAdditional works per subschema, so inside an if/then or an
// allOf branch it removed every property that branch did not list: 暂存 of such a form stored {}.)
// Browser-safe.
import { applicableSchemas, itemSchemas, locateApplicable, propertySchemas } from "./applicable";
import { escapePointerSegment } from "./json-pointer";
import { patternVerdict } from "./patterns";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

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

/**
 * Deletes, in place, every property of `data` (at any depth) that no applicable part of `schema` declares;
 * `root` resolves $refs (default: `schema`). An object is left whole where the schema says nothing about
 * its properties (no properties/patternProperties/additionalProperties: false anywhere that applies) or
 * admits extra ones (an additionalProperties schema, or true). Never throws: where a $ref does not resolve,
 * its node declares nothing and so removes nothing (the checker and Ajv refuse such a schema anyway).
 */
export function stripUndeclared(schema: unknown, data: unknown, root: unknown = schema): void {
  strip(root, [schema], data);
}

/** What one place in the data needs to know, worked out once per set of applicable schemas. */
type Level = { nodes: SchemaNode[]; strips: boolean; names: Set<string>; patterns: string[] };
/** Keyed by applicableSchemas' answer, which is the same array for the same (root, schema object). */
const levels = new WeakMap<SchemaNode[], Level>();

function levelOf(root: unknown, schemas: unknown[]): Level {
  const nodes = applicableSchemas(root, schemas, "all");
  let level = levels.get(nodes);
  if (!level) {
    const closed = nodes.some((s) => isSchemaNode(s.properties) || isSchemaNode(s.patternProperties) || s.additionalProperties === false);
    const admitsExtra = nodes.some((s) => s.additionalProperties !== undefined && s.additionalProperties !== false);
    levels.set(nodes, (level = { nodes, strips: closed && !admitsExtra, ...declarations(nodes) }));
  }
  return level;
}

function strip(root: unknown, schemas: unknown[], data: unknown): void {
  if (data === null || typeof data !== "object") return;
  const { nodes, strips, names, patterns } = levelOf(root, schemas);
  if (nodes.length === 0) return;
  if (Array.isArray(data)) {
    data.forEach((item, i) => strip(root, itemSchemas(nodes, i, "all"), item));
    return;
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (strips && !names.has(key) && !patterns.some((p) => patternVerdict(p, key) !== false)) {
      delete obj[key];
      continue;
    }
    strip(root, propertySchemas(nodes, key), obj[key]);
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
    const nodes = locateApplicable(root, entries, "all");
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
          if (!declared(prop)) out.push({ pointer: `${at}/${keyword}/${escapePointerSegment(prop)}`, name: prop });
          list.forEach((name, i) => typeof name === "string" && !declared(name) && out.push({ pointer: `${at}/${keyword}/${escapePointerSegment(prop)}/${i}`, name }));
        }
      }
    }
    // The places below this one: each property, the items, the extra properties.
    const byName = new Map<string, Array<{ node: unknown; at: string }>>();
    const items: Array<{ node: unknown; at: string }> = [];
    for (const { node, at } of nodes) {
      if (isSchemaNode(node.properties)) for (const [name, s] of Object.entries(node.properties)) byName.set(name, [...(byName.get(name) ?? []), { node: s, at: `${at}/properties/${escapePointerSegment(name)}` }]);
      if (isSchemaNode(node.patternProperties)) for (const [p, s] of Object.entries(node.patternProperties)) level([{ node: s, at: `${at}/patternProperties/${escapePointerSegment(p)}` }]);
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

