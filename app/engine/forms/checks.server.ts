// Server checks a feature adds to a form beyond its schema and rules, for what only the database knows
// (e.g. "this 身份证号 is already in the pool under another account"). They run on 下一步 (a full
// save), after the schema and rules passed, and answer like any field error: per JSON pointer, in
// Chinese. Registered by features at start-up; a form may have several.
import { registerInto } from "../extensions";
import type { FieldErrors } from "./messages";

/** What a check sees: the document being saved and whose it is. */
export type FormCheckContext = { formKey: string; ownerId: number; data: Record<string, unknown> };

/** Refused values of top-level fields, by field name; `hint` says why (beside each, where the widget can). */
export type RefusedChoices = Record<string, { values: unknown[]; hint?: string }>;

/**
 * Field errors by JSON pointer ({} when fine). `refusedChoices`: the values of top-level choice fields the
 * check refuses for this owner whatever else is filled in, so the form offers them greyed out
 * (withDisabledChoices) instead of refusing them only on 下一步.
 */
export type FormCheck = ((ctx: FormCheckContext) => Promise<FieldErrors>) & {
  refusedChoices?: (ctx: Omit<FormCheckContext, "data">) => Promise<RefusedChoices>;
};

const CHECKS: Record<string, FormCheck> = {};

/** Adds a named check to a form (throws if the name is taken by another check). */
export function registerFormCheck(formKey: string, name: string, check: FormCheck): void {
  registerInto(CHECKS, "form check", `${formKey}--${name}`, check);
}

/** Runs every check of the form; their errors merged. */
export async function runFormChecks(ctx: FormCheckContext): Promise<FieldErrors> {
  const out: FieldErrors = {};
  for (const [id, check] of Object.entries(CHECKS)) {
    if (!id.startsWith(`${ctx.formKey}--`)) continue;
    for (const [pointer, messages] of Object.entries(await check(ctx))) (out[pointer] ??= []).push(...messages);
  }
  return out;
}

/** The choices the form's checks refuse for this owner (FormCheck.refusedChoices), merged by field. */
export async function refusedChoices(ctx: Omit<FormCheckContext, "data">): Promise<RefusedChoices> {
  const out: RefusedChoices = {};
  for (const [id, check] of Object.entries(CHECKS)) {
    if (!id.startsWith(`${ctx.formKey}--`) || !check.refusedChoices) continue;
    for (const [field, r] of Object.entries(await check.refusedChoices(ctx))) {
      const had = out[field];
      out[field] = { values: [...(had?.values ?? []), ...r.values], hint: had?.hint ?? r.hint };
    }
  }
  return out;
}

type Ui = Record<string, unknown>;
/**
 * `uiSchema` with each field of `refused` offering those values greyed out (rjsf's `ui:enumDisabled`,
 * which the choice widgets honour, added to any it already greys out; the hint as
 * `ui:options.enumDisabledHint`). `uiSchema` itself when nothing is refused.
 */
export function withDisabledChoices<T extends Ui>(uiSchema: T, refused: RefusedChoices): T {
  const fields = Object.entries(refused).filter(([, r]) => r.values.length);
  if (!fields.length) return uiSchema;
  const out: Ui = { ...uiSchema };
  for (const [field, r] of fields) {
    const ui = (out[field] && typeof out[field] === "object" ? out[field] : {}) as Ui;
    const already = Array.isArray(ui["ui:enumDisabled"]) ? ui["ui:enumDisabled"] : [];
    const options = (ui["ui:options"] && typeof ui["ui:options"] === "object" ? ui["ui:options"] : {}) as Ui;
    out[field] = { ...ui, "ui:enumDisabled": [...new Set([...already, ...r.values])], ...(r.hint ? { "ui:options": { ...options, enumDisabledHint: r.hint } } : {}) };
  }
  return out as T;
}
