// JSON Schema checked by walking it, for the browser: the app's CSP (no 'unsafe-eval') forbids the
// `new Function` Ajv compiles to. Implements every keyword of SUPPORTED_KEYWORDS (keywords.ts) to the
// draft-07 specification (tests/unit/json-schema-suite.test.ts holds it to the official test suite) and
// reports the errors Ajv reports with `allErrors` (same keyword, instancePath, params and data, kept or
// dropped by anyOf/oneOf/not/if exactly as Ajv keeps or drops them), so toFieldErrors gives the browser
// the server's Chinese messages word for word. It never changes the data: stripping undeclared
// properties is strip.ts's job, done before either validator runs.
import type { ErrorObject } from "ajv";
import { STRING_FORMATS } from "./keywords";
import { joinPointer, parsePointer } from "./json-pointer";
import { patternVerdict } from "./patterns";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

type Err = ErrorObject;

/** Recursion through $refs that never moves into the data (a → allOf → a) would never end; Ajv's stack would overflow too. */
const MAX_DEPTH = 400;

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "array":
      return Array.isArray(v);
    case "object":
      return v !== null && typeof v === "object" && !Array.isArray(v);
    case "integer":
      return typeof v === "number" && Number.isFinite(v) && v % 1 === 0;
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    default:
      return typeof v === t;
  }
}

const codePoints = (s: string) => [...s].length; // Ajv counts characters (ucs2length), not UTF-16 units

/** Deep equality as Ajv's fast-deep-equal sees JSON values (1 and 1.0 are one number). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => has(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The schema a local `$ref` ("#", "#/$defs/x", percent- and ~-escaped) points at in `root`.
 * Throws on a reference that leaves the form or leads nowhere: the definition checker refuses both.
 */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`只支持本表单内的引用：${ref}`);
  let target: unknown = root;
  for (const seg of parsePointer(decodeURIComponent(ref.slice(1)))) {
    if (target === null || typeof target !== "object" || !has(target, seg)) throw new Error(`无法解析引用：${ref}`);
    target = (target as Record<string, unknown>)[seg];
  }
  if (!isSchemaNode(target) && typeof target !== "boolean") throw new Error(`无法解析引用：${ref}`);
  return target;
}

/**
 * Validates `data` against `schema` (by default the whole `root`; $refs resolve against `root`) and returns
 * Ajv-shaped errors, empty when valid. The data is only read.
 */
export function interpretSchema(root: unknown, data: unknown, schema: unknown = root): Err[] {
  const errors: Err[] = [];
  walk(root, schema, data, "", "#", errors, 0);
  return errors;
}

/** True when `data` is valid against `schema` (refs against `root`): what rjsf asks to pick oneOf/anyOf/if branches. */
export function isValidBy(root: unknown, schema: unknown, data: unknown): boolean {
  return interpretSchema(root, data, schema).length === 0;
}

function walk(root: unknown, raw: unknown, value: unknown, at: string, path: string, out: Err[], depth: number): void {
  if (depth > MAX_DEPTH) throw new Error("schema 的引用层级过深");
  const push = (keyword: string, params: Record<string, unknown>, schemaPath = `${path}/${keyword}`) => {
    out.push({ keyword, instancePath: at, schemaPath, params, data: value } as Err);
  };
  if (raw === true || raw === undefined) return;
  if (raw === false) return void push("false schema", {}, path);
  if (!isSchemaNode(raw)) return;
  const s: SchemaNode = raw;
  const sub = (schema: unknown, v: unknown, subAt: string, subPath: string, into: Err[] = out) => walk(root, schema, v, subAt, subPath, into, depth + 1);
  const trial = (schema: unknown, subPath: string): Err[] => {
    const errs: Err[] = [];
    sub(schema, value, at, subPath, errs);
    return errs;
  };

  // Draft-07: a $ref replaces its siblings (which only annotate; the checker refuses any other).
  if (typeof s.$ref === "string") return sub(resolveLocalRef(root, s.$ref), value, at, `${path}/$ref`);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    // As Ajv with allErrors: a wrong type does not stop enum/const or keywords for the type the value has.
    if (!types.some((t) => typeMatches(t, value))) push("type", { type: Array.isArray(s.type) ? types.join(",") : s.type });
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, value))) push("enum", { allowedValues: s.enum });
  if (has(s, "const") && !jsonEqual(s.const, value)) push("const", { allowedValue: s.const });

  if (typeof value === "string") {
    if (typeof s.maxLength === "number" && codePoints(value) > s.maxLength) push("maxLength", { limit: s.maxLength });
    if (typeof s.minLength === "number" && codePoints(value) < s.minLength) push("minLength", { limit: s.minLength });
    if (typeof s.pattern === "string" && patternVerdict(s.pattern, value) === false) push("pattern", { pattern: s.pattern });
    if (typeof s.format === "string") {
      const check = STRING_FORMATS[s.format];
      if (check && !check(value)) push("format", { format: s.format });
    }
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    if (typeof s.maximum === "number" && !(value <= s.maximum)) push("maximum", { comparison: "<=", limit: s.maximum });
    if (typeof s.minimum === "number" && !(value >= s.minimum)) push("minimum", { comparison: ">=", limit: s.minimum });
    if (typeof s.exclusiveMaximum === "number" && !(value < s.exclusiveMaximum)) push("exclusiveMaximum", { comparison: "<", limit: s.exclusiveMaximum });
    if (typeof s.exclusiveMinimum === "number" && !(value > s.exclusiveMinimum)) push("exclusiveMinimum", { comparison: ">", limit: s.exclusiveMinimum });
    if (typeof s.multipleOf === "number") {
      // Ajv's own test: the quotient must equal its parseInt (so 0.0075 / 0.0001 = 74.99999999999999 is not a multiple).
      const q = value / s.multipleOf;
      if (q !== parseInt(String(q))) push("multipleOf", { multipleOf: s.multipleOf });
    }
  }
  if (Array.isArray(value)) arrayKeywords(s, value, at, path, push, sub, out);
  if (typeMatches("object", value)) objectKeywords(s, value as Record<string, unknown>, at, path, push, sub, out);

  // Combinators: which branch errors survive follows Ajv (allErrors), so the messages match the server's.
  if (Array.isArray(s.allOf)) s.allOf.forEach((b, i) => sub(b, value, at, `${path}/allOf/${i}`));
  if (Array.isArray(s.anyOf)) {
    const kept: Err[] = [];
    let ok = false;
    for (let i = 0; i < s.anyOf.length && !ok; i++) {
      const errs = trial(s.anyOf[i], `${path}/anyOf/${i}`);
      ok = errs.length === 0;
      kept.push(...errs);
    }
    if (!ok) {
      out.push(...kept);
      push("anyOf", {});
    }
  }
  if (Array.isArray(s.oneOf)) {
    const kept: Err[] = [];
    const passing: number[] = [];
    // Ajv stops at the second passing branch: the branches after it are never tried (nor their errors kept).
    for (let i = 0; i < s.oneOf.length && passing.length < 2; i++) {
      const errs = trial(s.oneOf[i], `${path}/oneOf/${i}`);
      if (errs.length === 0) passing.push(i);
      kept.push(...errs);
    }
    if (passing.length !== 1) {
      out.push(...kept);
      push("oneOf", { passingSchemas: passing.length === 0 ? null : passing });
    }
  }
  if (has(s, "not") && trial(s.not, `${path}/not`).length === 0) push("not", {});
  if (has(s, "if") && (has(s, "then") || has(s, "else"))) {
    const clause = trial(s.if, `${path}/if`).length === 0 ? "then" : "else";
    if (has(s, clause)) {
      const errs = trial(s[clause], `${path}/${clause}`);
      if (errs.length) {
        out.push(...errs);
        push("if", { failingKeyword: clause });
      }
    }
  }
}

type Push = (keyword: string, params: Record<string, unknown>, schemaPath?: string) => void;
type Sub = (schema: unknown, v: unknown, at: string, path: string, into?: Err[]) => void;

function arrayKeywords(s: SchemaNode, value: unknown[], at: string, path: string, push: Push, sub: Sub, out: Err[]): void {
  if (typeof s.maxItems === "number" && value.length > s.maxItems) push("maxItems", { limit: s.maxItems });
  if (typeof s.minItems === "number" && value.length < s.minItems) push("minItems", { limit: s.minItems });
  if (Array.isArray(s.items)) {
    const tuple = s.items;
    tuple.forEach((item, i) => i < value.length && sub(item, value[i], joinPointer(at, i), `${path}/items/${i}`));
    if (s.additionalItems === false) {
      if (value.length > tuple.length) push("additionalItems", { limit: tuple.length });
    } else if (s.additionalItems !== undefined) {
      for (let i = tuple.length; i < value.length; i++) sub(s.additionalItems, value[i], joinPointer(at, i), `${path}/additionalItems`);
    }
  } else if (s.items !== undefined) {
    value.forEach((v, i) => sub(s.items, v, joinPointer(at, i), `${path}/items`));
  }
  if (has(s, "contains")) {
    // Ajv stops at the first matching item and, when none matches, keeps every item's errors.
    const kept: Err[] = [];
    let found = false;
    for (let i = 0; i < value.length && !found; i++) {
      const errs: Err[] = [];
      sub(s.contains, value[i], joinPointer(at, i), `${path}/contains`, errs);
      found = errs.length === 0;
      kept.push(...errs);
    }
    if (!found) {
      out.push(...kept);
      push("contains", { minContains: 1 });
    }
  }
  if (s.uniqueItems === true) uniqueItems(s, value, push);
}

/** Ajv reports the first duplicate it meets, and which pair that is depends on whether `items` declares only scalar types. */
function uniqueItems(s: SchemaNode, value: unknown[], push: Push): void {
  const itemTypes = isSchemaNode(s.items) && s.items.type !== undefined ? (Array.isArray(s.items.type) ? (s.items.type as string[]) : [s.items.type as string]) : [];
  const scalar = itemTypes.length > 0 && !itemTypes.some((t) => t === "object" || t === "array");
  if (scalar) {
    const seen = new Map<string, number>();
    for (let i = value.length - 1; i >= 0; i--) {
      const item = value[i];
      if (!itemTypes.some((t) => typeMatches(t, item))) continue;
      const key = `${typeof item}:${String(item)}`;
      const j = seen.get(key);
      if (j !== undefined) return push("uniqueItems", { i, j });
      seen.set(key, i);
    }
    return;
  }
  for (let i = value.length - 1; i > 0; i--) {
    for (let j = i - 1; j >= 0; j--) if (jsonEqual(value[i], value[j])) return push("uniqueItems", { i, j });
  }
}

function objectKeywords(s: SchemaNode, obj: Record<string, unknown>, at: string, path: string, push: Push, sub: Sub, out: Err[]): void {
  const present = (k: string) => has(obj, k) && obj[k] !== undefined;
  const keys = Object.keys(obj);
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) push("maxProperties", { limit: s.maxProperties });
  if (typeof s.minProperties === "number" && keys.length < s.minProperties) push("minProperties", { limit: s.minProperties });
  if (Array.isArray(s.required)) for (const k of s.required as string[]) if (!present(k)) push("required", { missingProperty: k });
  for (const keyword of ["dependencies", "dependentRequired"]) {
    const deps = s[keyword];
    if (!isSchemaNode(deps)) continue;
    for (const [prop, dep] of Object.entries(deps)) {
      if (!present(prop)) continue;
      if (Array.isArray(dep)) {
        for (const name of dep as string[]) {
          if (!present(name)) push(keyword, { property: prop, missingProperty: name, depsCount: dep.length, deps: dep.join(", ") });
        }
      } else if (keyword === "dependencies") {
        sub(dep, obj, at, `${path}/dependencies/${prop}`);
      }
    }
  }
  const props = isSchemaNode(s.properties) ? s.properties : {};
  for (const [k, schema] of Object.entries(props)) if (present(k)) sub(schema, obj[k], joinPointer(at, k), `${path}/properties/${k}`);
  // A verdict of undefined (a browser still loading re2js) neither applies the subschema nor calls the
  // property additional: no opinion, the server decides.
  const patterns = isSchemaNode(s.patternProperties) ? Object.entries(s.patternProperties) : [];
  for (const [p, schema] of patterns) {
    for (const k of keys) if (patternVerdict(p, k) === true) sub(schema, obj[k], joinPointer(at, k), `${path}/patternProperties/${p}`);
  }
  if (has(s, "additionalProperties") && s.additionalProperties !== true) {
    for (const k of keys) {
      if (has(props, k) || patterns.some(([p]) => patternVerdict(p, k) !== false)) continue;
      if (s.additionalProperties === false) push("additionalProperties", { additionalProperty: k });
      else sub(s.additionalProperties, obj[k], joinPointer(at, k), `${path}/additionalProperties`);
    }
  }
  if (has(s, "propertyNames") && s.propertyNames !== true) {
    for (const k of keys) {
      // Ajv checks the name at the object's own path (data = the name), keeps those errors, and adds one of its own.
      const errs: Err[] = [];
      sub(s.propertyNames, k, at, `${path}/propertyNames`, errs);
      if (errs.length) {
        for (const e of errs) out.push({ ...e, propertyName: k } as Err);
        push("propertyNames", { propertyName: k });
      }
    }
  }
}
