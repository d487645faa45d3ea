// Validates a document against a form definition: an input guard (prototype-pollution keys, exotic
// values, absurd depth), identifiers and dates in their canonical spelling (formats.ts), properties no part of the schema declares stripped (strip.ts), a validator held
// to the JSON Schema specification (Ajv on the server, the walker of interpret.ts in a browser: same
// errors) with Chinese per-field messages, then in full mode the definition's cross-field rules.
// Browser-safe; the server's word is final.
import type { ValidateFunction } from "ajv";
import { blankRowErrors } from "./blank-rows";
import { canonicalJson } from "./canonical-json";
import { invisibleCharErrors } from "./invisible-chars";
import { formAjv } from "./form-ajv.server";
import { normalizeDocument } from "./formats";
import { interpretSchema } from "./interpret";
import { joinPointer, parsePointer } from "./json-pointer";
import { addFieldError, fieldLabel, mergeFieldErrors, toFieldErrors } from "./messages";
import type { FieldErrors } from "./messages";
import { evaluateRules } from "./rules";
import type { Rule, RuleContext } from "./rules";
import { isSchemaNode, mapSchema, schemasAlong } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";
import { dropHidden } from "./show-conditions";
import { stripUndeclared } from "./strip";

export interface FormDefinition {
  key: string;
  version: number;
  title: string;
  schema: SchemaNode;
  uiSchema?: SchemaNode;
  rules?: Rule[];
}

/** `draft` (暂存) checks what is there; `full` (下一步/提交) also completeness and rules. */
export type ValidationMode = "draft" | "full";

export interface ValidateOptions {
  mode?: ValidationMode;
  /** Facts for rules, e.g. { batchDate: "2025-03-01" }. */
  context?: RuleContext;
  /** Rules from outside the definition, e.g. a batch's eligibility rules (full mode only). */
  rules?: readonly Rule[];
  /** A known content hash of the definition (from the registry) saves hashing the schema per call. */
  cacheKey?: string;
}

export type ValidationResult<T = Record<string, unknown>> =
  | { ok: true; data: T; errors: FieldErrors }
  | { ok: false; data: unknown; errors: FieldErrors };

// ---- input guard ---------------------------------------------------------------------------------

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;
// Control characters other than tab/newline/CR, and unpaired UTF-16 surrogates.
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A deep copy of JSON-like input, or the reasons it is refused (naming fields by `schema` titles).
 * Checking before Ajv matters: Ajv and the rules read properties by name, and a "__proto__" key must
 * never get that far.
 */
export function sanitizeDocument(input: unknown, schema?: SchemaNode): { value: unknown; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const refuse = (at: string, text: string) => {
    // Junk deep inside a value belongs to the nearest field the form knows (so 「姓名」, not 「姓名 1 Eh」).
    const where = schema ? describedAncestor(schema, at) : at;
    addFieldError(errors, where, `${fieldLabel(schema, where)} ${text}`);
  };
  let nodes = 0;
  const copy = (value: unknown, at: string, depth: number): unknown => {
    if (++nodes > MAX_NODES) {
      refuse("", "提交的数据量过大");
      return undefined;
    }
    if (typeof value === "string") {
      // NUL cannot be stored in PostgreSQL text, and a lone surrogate is not text at all.
      if (BAD_TEXT.test(value)) refuse(at, "包含无法识别的字符，请删除后重新输入");
      return value;
    }
    if (value === null || typeof value === "boolean" || typeof value === "number") return value;
    if (typeof value !== "object") {
      refuse(at, "数据类型不受支持");
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      refuse(at, "数据嵌套层级过深");
      return undefined;
    }
    if (Array.isArray(value)) {
      // An index loop, not map(): a hole in a sparse array is refused like any undefined value.
      const list: unknown[] = [];
      for (let i = 0; i < value.length && nodes <= MAX_NODES; i++) list.push(copy(value[i], joinPointer(at, i), depth + 1));
      return list;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      refuse(at, "数据类型不受支持");
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (nodes > MAX_NODES) break;
      if (FORBIDDEN_KEYS.has(key)) {
        refuse(at, `包含不允许的字段名「${key}」`);
        continue;
      }
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = copy(v, joinPointer(at, key), depth + 1);
    }
    return out;
  };
  const value = copy(input, "", 0);
  return { value, errors };
}

function describedAncestor(schema: SchemaNode, pointer: string): string {
  const segments = parsePointer(pointer);
  while (segments.length > 0 && !schemasAlong(schema, joinPointer("", ...segments))) segments.pop();
  return joinPointer("", ...segments);
}

// ---- compiled validators ---------------------------------------------------------------------------

/**
 * Draft saves check what is present, so completeness keywords go: required, minItems, minLength,
 * minProperties, dependentRequired, the name lists of dependencies, contains. With those gone, branches
 * that differed only in what they require look alike, so oneOf becomes anyOf (a half-filled form fits
 * several) and `not` goes (negating a relaxed schema would forbid more, not less).
 */
export function relaxSchema(schema: SchemaNode): SchemaNode {
  return mapSchema(schema, (node) => {
    const { required: _r, minItems: _i, minLength: _l, minProperties: _p, dependentRequired: _d, contains: _c, not: _n, oneOf, dependencies, ...rest } = node;
    if (Array.isArray(oneOf)) {
      if (rest.anyOf === undefined) rest.anyOf = oneOf;
      else rest.allOf = [...(Array.isArray(rest.allOf) ? rest.allOf : []), { anyOf: oneOf }];
    }
    if (isSchemaNode(dependencies)) {
      const schemas = Object.entries(dependencies).filter(([, d]) => !Array.isArray(d));
      if (schemas.length) rest.dependencies = Object.fromEntries(schemas);
    }
    return rest;
  }) as SchemaNode;
}

/**
 * 必填 on a list means at least one row: JSON Schema's `required` only asks that the key be present, so a
 * required list sent empty ([]) passed 下一步 (a designer-made 必填 list has no minItems). Full checks give
 * every inline array property named in its object's `required` a `minItems` of 1 when it has none (the
 * message is then 「<title> 至少填写1项」); a list reached through a $ref keeps what its definition says.
 */
export function requireListItems(schema: SchemaNode): SchemaNode {
  return mapSchema(schema, (node) => {
    if (!Array.isArray(node.required) || !isSchemaNode(node.properties)) return node;
    const props = node.properties as Record<string, unknown>;
    const lists = (node.required as unknown[]).filter((k): k is string => typeof k === "string" && isSchemaNode(props[k]) && (props[k] as SchemaNode).type === "array" && (props[k] as SchemaNode).minItems === undefined);
    if (!lists.length) return node;
    return { ...node, properties: { ...props, ...Object.fromEntries(lists.map((k) => [k, { ...(props[k] as SchemaNode), minItems: 1 }])) } };
  }) as SchemaNode;
}

/** In a browser, walk the schema: Ajv compiles with `new Function`, which our CSP (no 'unsafe-eval') refuses. */
const IN_BROWSER = typeof document !== "undefined";

function interpreted(schema: SchemaNode): ValidateFunction {
  const validate = ((data: unknown) => {
    const errors = interpretSchema(schema, data);
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  }) as ValidateFunction;
  validate.schema = schema;
  return validate;
}

/**
 * A validator for `schema` that only judges (never changes the data): Ajv on the server, the walker in a
 * browser. `inBrowser` is for tests that hold the two to the same answers.
 */
export function compileSchema(schema: SchemaNode, inBrowser = IN_BROWSER): ValidateFunction {
  if (inBrowser) return interpreted(schema);
  // One Ajv per schema: two versions of a form may carry the same $id, which one instance would refuse.
  // No removeAdditional: Ajv applies it per subschema (an allOf branch would strip its siblings' fields,
  // an if/then every field); stripUndeclared does it over the whole schema first.
  const ajv = formAjv({ allErrors: true, strict: false, strictNumbers: true, useDefaults: false, coerceTypes: false, verbose: true });
  return ajv.compile(schema);
}

const bySchema = new WeakMap<object, Map<ValidationMode, ValidateFunction>>();
const byContent = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

/**
 * The compiled validator for a definition's schema in `mode`, cached per schema object and per content,
 * so the same version loaded twice compiles once. Schema objects are treated as immutable (a published
 * definition never changes); an edit must produce a new object, which is then looked up by content.
 */
export function createValidator(definition: Pick<FormDefinition, "schema">, mode: ValidationMode = "full", cacheKey?: string): ValidateFunction {
  const { schema } = definition;
  const perSchema = bySchema.get(schema) ?? new Map<ValidationMode, ValidateFunction>();
  bySchema.set(schema, perSchema);
  const hit = perSchema.get(mode);
  if (hit) return hit;

  const key = `${mode}:${cacheKey ?? canonicalJson(schema)}`;
  let validator = byContent.get(key);
  if (validator) {
    byContent.delete(key); // re-insert below: Map order doubles as least-recently-used order
  } else {
    validator = compileSchema(mode === "draft" ? relaxSchema(schema) : requireListItems(schema));
  }
  byContent.set(key, validator);
  if (byContent.size > MAX_CACHED) byContent.delete(byContent.keys().next().value as string);
  perSchema.set(mode, validator);
  return validator;
}

// ---- the one entry point ---------------------------------------------------------------------------

export function validateDocument<T = Record<string, unknown>>(
  definition: Pick<FormDefinition, "schema" | "rules">,
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<T> {
  const mode = options.mode ?? "full";
  const guarded = sanitizeDocument(input, definition.schema);
  if (Object.keys(guarded.errors).length > 0) return { ok: false, data: null, errors: guarded.errors };

  // Canonical spellings first (issue 14 §5): a pasted `138 0013 8000` is judged, and stored, as 13800138000.
  const data = normalizeDocument(definition.schema, guarded.value); // a copy: stripping in place touches nothing of the caller's
  stripUndeclared(definition.schema, data);
  dropHidden(definition.schema, data); // a field its 显示条件 hides has no value (show-conditions.ts)
  const validate = createValidator(definition, mode, options.cacheKey);
  const errors = validate(data) ? {} : toFieldErrors(validate.errors, definition.schema);
  if (mode === "full") {
    // Invisible formatting characters (U+202E disguises a name in reviewers' lists) are refused on
    // 下一步, not on 暂存: a draft is never lost for one stray character (issue 14 §3). Said alone on its
    // field: the field's format fails on the same character, and that message (e.g. 不能含有表情或 < >)
    // would send the user looking for something that is not there.
    for (const e of invisibleCharErrors(data)) errors[e.instancePath] = [e.message];
    for (const e of blankRowErrors(definition.schema, data)) addFieldError(errors, e.instancePath, e.message);
    const rules = [...(definition.rules ?? []), ...(options.rules ?? [])];
    mergeFieldErrors(errors, evaluateRules(rules, data, options.context));
  }
  return Object.keys(errors).length === 0 ? { ok: true, data: data as T, errors } : { ok: false, data, errors };
}
