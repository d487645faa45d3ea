// The one list of JSON Schema keywords a form definition may use: exactly those that both validators
// (Ajv on the server, the walker in interpret.ts in the browser) implement to the draft-07 specification,
// held to it by tests/unit/json-schema-suite.test.ts. The definition checker refuses anything else, with
// the keyword and its place in Chinese, so a published form can never rely on a keyword one side ignores.
// Browser-safe, no dependencies beyond the schema walk.
import { fullFormats } from "ajv-formats/dist/formats.js";
import { FORMAT_VALIDATORS } from "./formats";
import { escapePointerSegment } from "./json-pointer";
import { patternProblem } from "./patterns";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

/** Keywords that only describe (never decide validity); fine anywhere, and the only ones allowed beside a $ref. */
export const ANNOTATION_KEYWORDS = ["title", "description", "default", "examples", "readOnly", "writeOnly", "$comment"] as const;

/**
 * Every keyword a definition may use (draft-07, plus `dependentRequired` from draft 2019-09, which forms
 * want for「填了A就必须填B」and which Ajv supports with `next: true`). `$ref` only as a local pointer
 * ("#/$defs/x"); `$schema` only at the root. Deliberately absent: `$id` (re-bases references),
 * `contentMediaType`/`contentEncoding` (annotations Ajv does not check), the other 2019/2020 keywords.
 */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  // core
  "$schema", "$ref", "$defs", "definitions",
  ...ANNOTATION_KEYWORDS,
  // any type
  "type", "enum", "const",
  // numbers
  "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  // strings
  "maxLength", "minLength", "pattern", "format",
  // arrays
  "items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains",
  // objects
  "maxProperties", "minProperties", "required", "properties", "patternProperties", "additionalProperties",
  "dependencies", "dependentRequired", "propertyNames",
  // combinators and conditionals
  "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
];

type FormatDef = ((v: string) => boolean) | RegExp | { validate: ((v: string) => boolean) | RegExp; type?: string } | boolean;

/**
 * String formats both sides check the same way: ajv-formats' full set (what addFormats gives Ajv) and
 * ours. Number formats (int32, float…) and the always-true ones (password, binary) are left out: they
 * would say nothing or say it only on one side.
 */
export const STRING_FORMATS: Record<string, (value: string) => boolean> = (() => {
  const out: Record<string, (value: string) => boolean> = {};
  for (const [name, def] of Object.entries(fullFormats as Record<string, FormatDef>)) {
    if (typeof def === "boolean") continue;
    if (typeof def === "object" && !(def instanceof RegExp) && def.type !== undefined && def.type !== "string") continue;
    const check = typeof def === "function" || def instanceof RegExp ? def : def.validate;
    out[name] = check instanceof RegExp ? (v) => check.test(v) : check;
  }
  for (const [name, check] of Object.entries(FORMAT_VALIDATORS)) out[name] = check;
  return out;
})();

/** Keywords of JSON Schema (draft-07 to 2020-12) that forms may not use, named as such rather than "unknown". */
const OTHER_JSON_SCHEMA_KEYWORDS = new Set([
  "$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
  "contentMediaType", "contentEncoding", "contentSchema", "deprecated",
  "dependentSchemas", "prefixItems", "unevaluatedItems", "unevaluatedProperties", "minContains", "maxContains",
]);

export type KeywordProblem = { pointer: string; message: string };

const SUPPORTED = new Set(SUPPORTED_KEYWORDS);
const ANNOTATIONS = new Set<string>(ANNOTATION_KEYWORDS);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

// Where subschemas sit, by keyword; `dependencies` values may also be lists of names (not schemas).
const ONE = ["additionalProperties", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames"];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependencies"];
const LIST = ["allOf", "anyOf", "oneOf"];

/**
 * Every keyword in `schema` outside SUPPORTED_KEYWORDS, every non-local `$ref`, every validation keyword
 * beside a `$ref` (draft-07 ignores them, so they would silently do nothing), `$schema` below the root and
 * every unknown `format`, each as a JSON pointer (relative to the schema, "" = its root) and a Chinese
 * reason. Walks only schema positions: a property *named* "$id" is a field, not a keyword.
 */
export function unsupportedKeywords(schema: unknown): KeywordProblem[] {
  const out: KeywordProblem[] = [];
  const visit = (node: unknown, at: string): void => {
    if (typeof node === "boolean") return;
    if (!isSchemaNode(node)) return; // the meta-schema check reports a schema that is not an object
    const where = at || "（根）";
    for (const key of Object.keys(node)) {
      if (SUPPORTED.has(key)) continue;
      const kind = OTHER_JSON_SCHEMA_KEYWORDS.has(key) ? "表单不支持的关键字" : "未知的关键字";
      out.push({ pointer: `${at}/${escapePointerSegment(key)}`, message: `${kind}「${key}」（位置：${where}）；可用的关键字：${SUPPORTED_KEYWORDS.join("、")}` });
    }
    if (has(node, "$schema") && at !== "") out.push({ pointer: `${at}/$schema`, message: `关键字「$schema」只能写在 schema 的根上（位置：${where}）` });
    if (has(node, "$ref")) {
      const ref = node.$ref;
      if (typeof ref !== "string" || !ref.startsWith("#")) {
        out.push({ pointer: `${at}/$ref`, message: `「$ref」只能引用本表单内的定义（以 # 开头，如 #/$defs/地址），不能是「${String(ref)}」（位置：${where}）` });
      }
      for (const key of Object.keys(node)) {
        if (key !== "$ref" && SUPPORTED.has(key) && !ANNOTATIONS.has(key)) {
          out.push({ pointer: `${at}/${escapePointerSegment(key)}`, message: `关键字「${key}」与「$ref」写在一起时不起作用，请写进被引用的定义或用 allOf 组合（位置：${where}）` });
        }
      }
    }
    // Patterns run on RE2 (patterns.ts): one it cannot express is refused here, named by the field's title.
    const field = typeof node.title === "string" ? `字段「${node.title}」` : `位置 ${where} `;
    if (typeof node.pattern === "string") {
      const problem = patternProblem(node.pattern, field);
      if (problem) out.push({ pointer: `${at}/pattern`, message: problem });
    }
    if (isSchemaNode(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) {
        const problem = patternProblem(key, `${field}的 patternProperties 中`);
        if (problem) out.push({ pointer: `${at}/patternProperties/${escapePointerSegment(key)}`, message: problem });
      }
    }
    if (typeof node.format === "string" && !has(STRING_FORMATS, node.format)) {
      out.push({ pointer: `${at}/format`, message: `未知的格式「${node.format}」（位置：${where}）` });
    }
    for (const key of ONE) if (has(node, key)) visit(node[key], `${at}/${key}`);
    for (const key of LIST) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((s, i) => visit(s, `${at}/${key}/${i}`));
    }
    if (has(node, "items")) {
      const items = node.items;
      if (Array.isArray(items)) items.forEach((s, i) => visit(s, `${at}/items/${i}`));
      else visit(items, `${at}/items`);
    }
    for (const key of MAP) {
      const map = node[key];
      if (isSchemaNode(map)) for (const [name, s] of Object.entries(map)) visit(s, `${at}/${key}/${escapePointerSegment(name)}`);
    }
  };
  visit(schema, "");
  return out;
}

/** True when `schema` uses only what both validators support (what the definition checker accepts of it). */
export function usesOnlySupportedKeywords(schema: unknown): boolean {
  return unsupportedKeywords(schema).length === 0;
}

export type { SchemaNode };
