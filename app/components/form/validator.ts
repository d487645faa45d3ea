// The bridge between rjsf and our one validator: FieldErrors (JSON pointer → Chinese messages) become
// rjsf error schemas, and rjsf's ValidatorType runs validateDocument, so the browser shows exactly the
// messages the server would send. No second message catalog, no @rjsf/validator-ajv8, and no Ajv at all
// here: Ajv compiles with `new Function`, which the production CSP (no 'unsafe-eval') refuses, so a form
// with oneOf/anyOf/if (where rjsf asks isValid to pick a branch) used to crash. Every check in the browser
// is the walker of engine/forms/interpret.ts (docs/decisions/0009-browser-validation.md).
import type { ErrorSchema, RJSFSchema, RJSFValidationError, ValidationData, ValidatorType } from "@rjsf/utils";
import { isValidBy } from "~/engine/forms/interpret";
import { getByPointer, parsePointer } from "~/engine/forms/json-pointer";
import type { FieldErrors } from "~/engine/forms/messages";
import type { FormDefinition, ValidationMode } from "~/engine/forms/validate";
import { validateDocument } from "~/engine/forms/validate";
import type { SchemaNode } from "~/engine/forms/schema-walk";

export type { FieldErrors };

/** { "/a/0/b": ["…"] } → { a: { 0: { b: { __errors: ["…"] } } } }, as rjsf's extraErrors wants. */
export function toErrorSchema(errors: FieldErrors | undefined): ErrorSchema | undefined {
  if (!errors || Object.keys(errors).length === 0) return undefined;
  const root: Record<string, unknown> = {};
  for (const [pointer, messages] of Object.entries(errors)) {
    let node = root;
    for (const seg of parsePointer(pointer)) node = (node[seg] ??= {}) as Record<string, unknown>;
    node.__errors = [...((node.__errors as string[] | undefined) ?? []), ...messages];
  }
  return root as ErrorSchema;
}

export function toErrorList(errors: FieldErrors): RJSFValidationError[] {
  return Object.entries(errors).flatMap(([pointer, messages]) =>
    messages.map((message) => ({ property: pointer.replace(/\//g, "."), message, stack: message, name: "field" })),
  );
}

/** Errors found again on `pointers` now that the data changed: what was fixed disappears, nothing new appears. */
export function recheck(
  definition: Pick<FormDefinition, "schema" | "rules">,
  data: unknown,
  previous: FieldErrors,
  snapshot: unknown,
  mode: ValidationMode,
): FieldErrors {
  const changed = Object.keys(previous).filter((p) => p !== "" && JSON.stringify(getByPointer(data, p)) !== JSON.stringify(getByPointer(snapshot, p)));
  if (changed.length === 0) return previous;
  const fresh = validateDocument(definition, data, { mode }).errors;
  const next: FieldErrors = {};
  for (const [p, messages] of Object.entries(previous)) {
    if (!changed.includes(p)) next[p] = messages;
    else if (fresh[p]) next[p] = fresh[p];
  }
  return next;
}

// Single-field checks (a widget's on-blur hint) wrap the field's schema in a one-property object;
// the wrapper is cached per field schema so its compiled validator is reused.
const wrappers = new WeakMap<object, SchemaNode>();

/** The Chinese messages the server would give for this one value (types and formats, not required). */
export function fieldMessages(fieldSchema: SchemaNode, value: unknown): string[] {
  if (value === undefined || value === "") return [];
  let schema = wrappers.get(fieldSchema);
  if (!schema) wrappers.set(fieldSchema, (schema = { type: "object", properties: { v: fieldSchema } }));
  return validateDocument({ schema }, { v: value }, { mode: "draft" }).errors["/v"] ?? [];
}

/** rjsf's validator interface over validateDocument, bound to one definition and mode. */
export function createValidator(definition: Pick<FormDefinition, "schema" | "rules">, mode: ValidationMode = "draft"): ValidatorType {
  // isValid only serves rjsf's choice among oneOf/anyOf branches and if/then/else: the spec's answer for
  // the piece of schema it names, with $refs resolved against the whole form.
  const check = (schema: RJSFSchema, data: unknown, rootSchema: RJSFSchema): boolean => {
    try {
      return isValidBy(rootSchema, schema, data);
    } catch {
      return false; // a $ref rjsf built that leads nowhere: that branch does not fit
    }
  };
  return {
    validateFormData(formData): ValidationData<unknown> {
      const { errors } = validateDocument(definition, formData ?? {}, { mode });
      return { errors: toErrorList(errors), errorSchema: (toErrorSchema(errors) ?? {}) as ErrorSchema };
    },
    isValid: check,
    rawValidation(schema, formData) {
      const result = validateDocument({ schema: schema as SchemaNode }, formData, { mode });
      return { errors: result.ok ? undefined : toErrorList(result.errors) } as never;
    },
    reset() {
      /* nothing cached here: validateDocument caches per schema */
    },
  };
}
