// Server checks a feature adds to a form beyond its schema and rules, for what only the database knows
// (e.g. "this 身份证号 is already in the pool under another account"). They run on 下一步 (a full
// save), after the schema and rules passed, and answer like any field error: per JSON pointer, in
// Chinese. Registered by features at start-up; a form may have several.
import { registerInto } from "../extensions";
import type { FieldErrors } from "./messages";

/** What a check sees: the document being saved and whose it is. */
export type FormCheckContext = { formKey: string; ownerId: number; data: Record<string, unknown> };

/** Field errors by JSON pointer ({} when fine). */
export type FormCheck = (ctx: FormCheckContext) => Promise<FieldErrors>;

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
