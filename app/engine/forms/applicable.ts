// The one walker of "the schemas that apply to a value": from the schema that describes a place in the
// data, through local $refs and every in-place applicator (allOf/anyOf/oneOf, if/then/else, the schemas
// of dependencies/dependentSchemas, and `not` where asked), every schema object that speaks about that
// same value; and, one level down, the schemas of a property or an item. Branches are not chosen by the
// data: a keyword named in any of them counts. Used by stripUndeclared and undeclaredRequiredNames
// (strip.ts: which property names are declared) and by normalizeDocument (formats.ts: which `format` a
// string has). Browser-safe.
import { escapePointerSegment, parsePointer } from "./json-pointer";
import { patternVerdict } from "./patterns";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

/**
 * Which applicators to follow: `positive` — the schemas the value must (or, for anyOf/oneOf/if, may)
 * satisfy, so a `format` there is the value's format; `all` — also what sits under `not`, for questions
 * of what a schema *names* (a property named only in a `not` is still declared, and is kept).
 */
export type Reach = "positive" | "all";

/** A schema object that applies, and where it sits in the root schema (a JSON pointer). */
export type Located = { node: SchemaNode; at: string };

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const ONE = ["if", "then", "else"] as const;
const LIST = ["allOf", "anyOf", "oneOf"] as const;
const DEPENDENT = ["dependencies", "dependentSchemas"] as const;
/** A chain of $refs longer than this is not followed further (the node stands as written). */
const MAX_HOPS = 32;

/** The target of a local `$ref` ("#/$defs/x"), or undefined when it is not local or does not resolve. */
function refTarget(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let target: unknown = root;
  try {
    for (const seg of parsePointer(decodeURIComponent(ref.slice(1)))) target = isSchemaNode(target) && has(target, seg) ? target[seg] : undefined;
  } catch {
    return undefined; // not a pointer: the definition checker reports it
  }
  return target;
}

/**
 * Every schema object that applies to the value `entries` describe, each with its place in `root`, each
 * once (so recursive $refs end). A `$ref` stands for its target, with its own other keywords laid over it
 * as Ajv 8 and rjsf apply them (the definition checker allows only annotations there); a $ref that is not
 * local or does not resolve leaves the node as written (the checker and Ajv refuse such schemas). Boolean
 * schemas apply nothing. Never throws. Not remembered: see applicableSchemas for the hot path.
 */
export function locateApplicable(root: unknown, entries: ReadonlyArray<{ node: unknown; at: string }>, reach: Reach): Located[] {
  const out: Located[] = [];
  const seen = new Set<object>();
  const visit = (raw: unknown, at: string): void => {
    if (!isSchemaNode(raw) || seen.has(raw)) return;
    seen.add(raw);
    let node = raw;
    for (let hops = 0; typeof node.$ref === "string" && hops < MAX_HOPS; hops++) {
      const ref: string = node.$ref;
      const target = refTarget(root, ref);
      if (!isSchemaNode(target)) break;
      if (seen.has(target)) return;
      seen.add(target);
      const { $ref: _ref, ...siblings } = node;
      node = Object.keys(siblings).length ? { ...target, ...siblings } : target;
      at = decodeURIComponent(ref.slice(1));
    }
    out.push({ node, at });
    for (const key of ONE) if (has(node, key)) visit(node[key], `${at}/${key}`);
    if (reach === "all" && has(node, "not")) visit(node.not, `${at}/not`);
    for (const key of LIST) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((s, i) => visit(s, `${at}/${key}/${i}`));
    }
    for (const key of DEPENDENT) {
      const deps = node[key];
      // `dependencies` may also map a name to a list of names (no schema there).
      if (isSchemaNode(deps)) for (const [name, d] of Object.entries(deps)) if (!Array.isArray(d)) visit(d, `${at}/${key}/${escapePointerSegment(name)}`);
    }
  };
  for (const e of entries) visit(e.node, e.at);
  return out;
}

/** Answers for one (root, schema object), per reach: published schemas are immutable and kept by the registry. */
const REMEMBERED: Record<Reach, WeakMap<object, WeakMap<object, SchemaNode[]>>> = { positive: new WeakMap(), all: new WeakMap() };

/**
 * The schema objects that apply to the value `nodes` describe (locateApplicable without the places).
 * For one schema object — most places in the data — the answer is remembered per (root, object): a save
 * of a large form walks the same few dozen nodes every time, so the same array comes back (callers may
 * key caches of their own on it, and must not change it).
 */
export function applicableSchemas(root: unknown, nodes: readonly unknown[], reach: Reach): SchemaNode[] {
  const only = nodes.length === 1 && isSchemaNode(nodes[0]) && isSchemaNode(root) ? nodes[0] : null;
  if (!only) return locateApplicable(root, nodes.map((node) => ({ node, at: "" })), reach).map((l) => l.node);
  const byRoot = REMEMBERED[reach];
  let memo = byRoot.get(root as object);
  if (!memo) byRoot.set(root as object, (memo = new WeakMap()));
  let found = memo.get(only);
  if (!found) memo.set(only, (found = locateApplicable(root, [{ node: only, at: "" }], reach).map((l) => l.node)));
  return found;
}

/**
 * The schemas that describe property `key` of an object the (applicable) `nodes` describe: its entry in
 * `properties`, every `patternProperties` schema whose pattern matches the key (in linear time), and
 * otherwise `additionalProperties`. A pattern that cannot be judged yet (a browser still loading re2js)
 * counts as matching without adding its schema: nothing is applied (or stripped) on a guess.
 */
export function propertySchemas(nodes: readonly SchemaNode[], key: string): unknown[] {
  const out: unknown[] = [];
  for (const s of nodes) {
    let declared = isSchemaNode(s.properties) && has(s.properties, key);
    if (declared) out.push((s.properties as SchemaNode)[key]);
    if (isSchemaNode(s.patternProperties)) {
      for (const [pattern, sub] of Object.entries(s.patternProperties)) {
        const verdict = patternVerdict(pattern, key);
        if (verdict !== false) declared = true;
        if (verdict === true) out.push(sub);
      }
    }
    if (!declared && isSchemaNode(s.additionalProperties)) out.push(s.additionalProperties);
  }
  return out;
}

/**
 * The schemas that describe item `index` of an array the (applicable) `nodes` describe: a tuple's entry
 * (`prefixItems`, or `items` as a list) or what follows it (`items`, `additionalItems`), else `items`;
 * with reach `all` also `contains` (it speaks of some items: it names properties, it sets no item's format).
 */
export function itemSchemas(nodes: readonly SchemaNode[], index: number, reach: Reach): unknown[] {
  const out: unknown[] = [];
  for (const s of nodes) {
    if (Array.isArray(s.prefixItems)) out.push(index < s.prefixItems.length ? s.prefixItems[index] : s.items);
    else if (Array.isArray(s.items)) out.push(index < s.items.length ? s.items[index] : s.additionalItems);
    else if (s.items !== undefined) out.push(s.items);
    if (reach === "all" && s.contains !== undefined) out.push(s.contains);
  }
  return out;
}
