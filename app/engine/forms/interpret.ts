// JSON Schema checked by walking it, for the browser: the app's CSP (no 'unsafe-eval') forbids the
// `new Function` Ajv compiles to. Covers the keywords form definitions use and reports Ajv-shaped errors
// (keyword, instancePath, params, data), so toFieldErrors gives the same Chinese messages; like our
// Ajv set-up it strips properties the schema does not declare. The server keeps Ajv; a unit test holds
// the two to the same answers.
import type { ErrorObject } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { FORMAT_VALIDATORS } from "./formats";
import { joinPointer } from "./json-pointer";
import { isSchemaNode, resolveRef } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

type Err = ErrorObject;
type FormatDef = ((v: string) => boolean) | RegExp | { validate: ((v: string) => boolean) | RegExp };

const FORMATS: Record<string, FormatDef> = { ...(fullFormats as Record<string, FormatDef>), ...FORMAT_VALIDATORS } as Record<string, FormatDef>;

function checkFormat(name: string, value: string): boolean {
  const f = FORMATS[name];
  if (!f) return true; // unknown formats are ignored, as with strict: false
  const v = typeof f === "function" || f instanceof RegExp ? f : f.validate;
  return v instanceof RegExp ? v.test(value) : v(value);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(t: string, v: unknown): boolean {
  const actual = typeOf(v);
  return t === actual || (t === "number" && actual === "integer");
}

const codePoints = (s: string) => [...s].length; // Ajv counts characters, not UTF-16 units

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Validates `data` in place (unknown properties removed); returns Ajv-shaped errors, empty when valid. */
export function interpretSchema(root: SchemaNode, data: unknown): Err[] {
  const errors: Err[] = [];
  const walk = (raw: unknown, value: unknown, at: string, path: string, out: Err[]): void => {
    if (raw === true || raw === undefined) return;
    if (raw === false) return void out.push(err("false schema", at, path, {}, value));
    if (!isSchemaNode(raw)) return;
    const s = resolveRef(root, raw);
    const push = (keyword: string, params: Record<string, unknown>) => out.push(err(keyword, at, `${path}/${keyword}`, params, value));

    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      // Like Ajv with allErrors, a wrong type does not stop enum/const; keywords of other types just do not apply.
      if (!types.some((t) => typeMatches(t, value))) push("type", { type: types.join(",") });
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) push("enum", { allowedValues: s.enum });
    if ("const" in s && !equal(s.const, value)) push("const", { allowedValue: s.const });

    if (typeof value === "string") {
      if (typeof s.maxLength === "number" && codePoints(value) > s.maxLength) push("maxLength", { limit: s.maxLength });
      if (typeof s.minLength === "number" && codePoints(value) < s.minLength) push("minLength", { limit: s.minLength });
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) push("pattern", { pattern: s.pattern });
      if (typeof s.format === "string" && !checkFormat(s.format, value)) push("format", { format: s.format });
    }
    if (typeof value === "number") {
      if (typeof s.maximum === "number" && value > s.maximum) push("maximum", { comparison: "<=", limit: s.maximum });
      if (typeof s.minimum === "number" && value < s.minimum) push("minimum", { comparison: ">=", limit: s.minimum });
      if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) push("exclusiveMaximum", { comparison: "<", limit: s.exclusiveMaximum });
      if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) push("exclusiveMinimum", { comparison: ">", limit: s.exclusiveMinimum });
      if (typeof s.multipleOf === "number" && !Number.isInteger(value / s.multipleOf)) push("multipleOf", { multipleOf: s.multipleOf });
    }
    if (Array.isArray(value)) {
      if (typeof s.maxItems === "number" && value.length > s.maxItems) push("maxItems", { limit: s.maxItems });
      if (typeof s.minItems === "number" && value.length < s.minItems) push("minItems", { limit: s.minItems });
      if (s.uniqueItems === true) {
        outer: for (let i = value.length - 1; i > 0; i--) {
          for (let j = i - 1; j >= 0; j--) {
            if (equal(value[i], value[j])) {
              push("uniqueItems", { i, j });
              break outer;
            }
          }
        }
      }
      if (Array.isArray(s.items)) {
        s.items.forEach((sub, i) => i < value.length && walk(sub, value[i], joinPointer(at, i), `${path}/items/${i}`, out));
      } else if (s.items !== undefined) {
        value.forEach((v, i) => walk(s.items, v, joinPointer(at, i), `${path}/items`, out));
      }
    }
    if (isSchemaNode(value)) {
      const obj = value as Record<string, unknown>;
      const props = isSchemaNode(s.properties) ? s.properties : {};
      if (Array.isArray(s.required)) {
        for (const k of s.required as string[]) if (obj[k] === undefined) push("required", { missingProperty: k });
      }
      for (const [k, sub] of Object.entries(props)) if (obj[k] !== undefined) walk(sub, obj[k], joinPointer(at, k), `${path}/properties/${k}`, out);
      // removeAdditional: "all" — only where the schema lists its properties (as Ajv does).
      if (isSchemaNode(s.properties) || s.additionalProperties === false) {
        for (const k of Object.keys(obj)) if (!Object.prototype.hasOwnProperty.call(props, k)) delete obj[k];
      }
    }

    for (const sub of Array.isArray(s.allOf) ? s.allOf : []) walk(sub, value, at, `${path}/allOf`, out);
    const passes = (sub: unknown) => {
      const trial: Err[] = [];
      walk(sub, structuredClone(value), at, path, trial);
      return trial.length === 0;
    };
    if (Array.isArray(s.anyOf) && !s.anyOf.some(passes)) push("anyOf", {});
    if (Array.isArray(s.oneOf)) {
      const n = s.oneOf.filter(passes).length;
      if (n !== 1) push("oneOf", { passingSchemas: null });
    }
    if (s.not !== undefined && passes(s.not)) push("not", {});
    if (s.if !== undefined) {
      const branch = passes(s.if) ? s.then : s.else;
      if (branch !== undefined) walk(branch, value, at, path, out);
    }
  };
  walk(root, data, "", "#", errors);
  return errors;
}

function err(keyword: string, instancePath: string, schemaPath: string, params: Record<string, unknown>, data: unknown): Err {
  return { keyword, instancePath, schemaPath, params, data } as Err;
}
