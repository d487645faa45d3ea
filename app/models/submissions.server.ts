// Form submissions: one row per (owner, form, scope), pinned to the form version and hash it was filled
// against. Saving validates with that exact version, checks every referenced upload belongs to the owner,
// and links the files in the same transaction (the links decide who may download them later).
import type { Knex } from "knex";
import { SUBMISSION_STATUS } from "./constants";
import type { SubmissionStatus } from "./constants";
import { collectFileRefs } from "~/engine/forms/file-refs";
import type { FieldErrors } from "~/engine/forms/messages";
import { joinPointer } from "~/engine/forms/json-pointer";
import { getFormVersion, latestFormVersion } from "~/engine/forms/registry.server";
import type { FormVersion } from "~/engine/forms/registry.server";
import { todayInShanghai } from "~/engine/forms/formats";
import type { Rule, RuleContext } from "~/engine/forms/rules";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition, ValidationMode } from "~/engine/forms/validate";
import { applyPrefill, prefillFields } from "~/engine/forms/prefill";
import { now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { catalogRefErrors } from "./catalogs.server";

export type SubmissionRow = {
  id: number;
  owner_id: number;
  form_key: string;
  form_version: number;
  form_hash: string;
  scope: string;
  data: string;
  status: SubmissionStatus;
  row_version: number;
  created_at: number;
  updated_at: number;
};

export const SUBMISSION_COLUMNS = ["id", "owner_id", "form_key", "form_version", "form_hash", "scope", "data", "status", "row_version", "created_at", "updated_at"] as const;

export const SELF_SCOPE = "self";

export function findSubmission(ownerId: number, formKey: string, scope = SELF_SCOPE, trx: Knex | Knex.Transaction = reader) {
  return trx<SubmissionRow>("form_submissions").where({ owner_id: ownerId, form_key: formKey, scope }).first();
}

export const getSubmission = (id: number) => db<SubmissionRow>("form_submissions").where({ id }).first();

/** The account fields a form may be prefilled from (engine/forms/prefill.ts names the sources). */
export type PrefillAccount = { name: string; phone: string; email: string | null };

/**
 * `data` as its owner opens `definition` to edit it: each field the definition prefills from the
 * account (`ui:options.prefill`) filled from `owner` where empty, the rest as saved. Pass only the
 * signed-in owner's own account, and only for a form they may edit: the filled values are theirs.
 */
export function prefillForOwner(definition: Pick<FormDefinition, "schema" | "uiSchema">, data: Record<string, unknown>, owner: PrefillAccount): Record<string, unknown> {
  const fields = prefillFields(definition.schema, definition.uiSchema);
  if (!fields.length) return data;
  return applyPrefill(fields, data, { "account.name": owner.name, "account.phone": owner.phone, "account.email": owner.email });
}

/** The version a submission is read and saved with: its pinned one, or the latest for a new one. */
export async function versionFor(formKey: string, existing?: Pick<SubmissionRow, "form_version"> | null): Promise<FormVersion | undefined> {
  return existing ? getFormVersion(formKey, existing.form_version) : latestFormVersion(formKey);
}

export type SaveInput = {
  ownerId: number;
  formKey: string;
  scope?: string;
  /** The version a new submission starts on (a batch pins its own); default the latest. */
  version?: number;
  data: unknown;
  mode: ValidationMode;
  context?: RuleContext;
  rules?: readonly Rule[];
  /** The saved row, when the caller has already read it (null: known to be none). */
  existing?: SubmissionRow | null;
};

export type SaveRefusal = { ok: false; status: 404 | 409 | 422; errors: FieldErrors };
export type SaveResult = { ok: true; submission: SubmissionRow; data: Record<string, unknown> } | SaveRefusal;

/** A validated document, ready to be written. */
/** `previous`: the existing row's data, parsed once for the checks that compare against it. */
export type PreparedSave = { ok: true; input: SaveInput; scope: string; existing?: SubmissionRow; previous?: Record<string, unknown>; form: FormVersion; data: Record<string, unknown> };

const FILE_GONE = "文件不存在或已失效，请重新上传";

/** Validates a document against the version it is (or will be) pinned to; writes nothing. */
export async function prepareSubmission(input: SaveInput): Promise<PreparedSave | SaveRefusal> {
  const scope = input.scope ?? SELF_SCOPE;
  const existing = input.existing !== undefined ? input.existing ?? undefined : await findSubmission(input.ownerId, input.formKey, scope);
  const form = existing || input.version === undefined ? await versionFor(input.formKey, existing) : await getFormVersion(input.formKey, input.version);
  if (!form) return { ok: false, status: 404, errors: { "": ["表单不存在"] } };
  const context = { today: todayInShanghai(now()), ...input.context };
  const checked = validateDocument(form.definition, input.data, { mode: input.mode, context, rules: input.rules, cacheKey: form.hash });
  if (!checked.ok) return { ok: false, status: 422, errors: checked.errors };
  const previous = existing ? parseData(existing) : undefined;
  const refErrors = await catalogRefErrors(form.definition, checked.data, previous);
  if (refErrors) return { ok: false, status: 422, errors: refErrors };
  return { ok: true, input, scope, existing, previous, form, data: checked.data };
}

/** A condition every write must meet besides the row version, e.g. "the application is still editable". */
export type WriteGuard = (q: Knex.QueryBuilder) => Knex.QueryBuilder;

const CHANGED = "内容已更新或已提交，请刷新页面后再操作";

/**
 * Writes a prepared document (in a transaction, or alone when it is a single update): its files must
 * belong to the owner; a concurrent save, or a failed `guard`, loses with a 409.
 */
export async function writeSubmission(conn: Knex | Knex.Transaction, p: PreparedSave, guard?: WriteGuard): Promise<SaveResult> {
  const { input, existing, previous, form, data, scope } = p;
  const shas = collectFileRefs(form.definition.schema, data);
  const before = new Set(previous ? collectFileRefs(form.definition.schema, previous) : []);
  // Files already linked were checked when they were added; only new ones need checking.
  const added = shas.filter((s) => !before.has(s));
  const relink = added.length > 0 || shas.length !== before.size;
  // A lone UPDATE is atomic by itself; anything more runs in a transaction.
  if (!("isTransaction" in conn && conn.isTransaction) && (!existing || relink)) {
    return (conn as Knex).transaction((trx) => writeSubmission(trx, p, guard));
  }
  if (added.length > 0) {
    const owned = new Set(
      (await conn("uploads").where({ owner_id: input.ownerId }).whereIn("sha256", added).select("sha256")).map((r: { sha256: string }) => r.sha256),
    );
    const missing = added.filter((s) => !owned.has(s));
    if (missing.length > 0) return { ok: false, status: 422, errors: fileErrors(data, missing) };
  }
  const status = input.mode === "full" ? SUBMISSION_STATUS.complete : SUBMISSION_STATUS.draft;
  const t = now();
  const json = JSON.stringify(data);
  let submission: SubmissionRow;
  if (existing) {
    // Guarded by row_version: a save racing another save of the same form loses cleanly (DESIGN rule 10).
    const q = conn("form_submissions").where({ id: existing.id, row_version: existing.row_version });
    const n = await (guard ? guard(q) : q).update({ data: json, status, updated_at: t, row_version: existing.row_version + 1 });
    if (n !== 1) return { ok: false, status: 409, errors: { "": [CHANGED] } };
    submission = { ...existing, data: json, status, updated_at: t, row_version: existing.row_version + 1 };
  } else {
    if (guard && !(await guard(conn.select(conn.raw("1 as ok"))).first())) return { ok: false, status: 409, errors: { "": [CHANGED] } };
    const row = { owner_id: input.ownerId, form_key: form.key, form_version: form.version, form_hash: form.hash, scope, data: json, status, created_at: t, updated_at: t };
    // A first save racing another first save of the same form (two tabs, or a page's save still being
    // answered as the page is opened again) loses like a racing update: 409, never the unique index's error.
    const [inserted] = await conn("form_submissions").insert(row).onConflict(["owner_id", "form_key", "scope"]).ignore().returning("id");
    if (inserted === undefined) return { ok: false, status: 409, errors: { "": [CHANGED] } };
    submission = { ...row, id: typeof inserted === "object" ? (inserted as { id: number }).id : (inserted as number), row_version: 1 };
  }
  if (relink) {
    await conn("submission_files").where({ submission_id: submission.id }).delete();
    if (shas.length > 0) await conn("submission_files").insert(shas.map((sha256) => ({ submission_id: submission.id, sha256 })));
  }
  return { ok: true, submission, data };
}

export async function saveSubmission(input: SaveInput): Promise<SaveResult> {
  const prepared = await prepareSubmission(input);
  if (!prepared.ok) return prepared;
  return writeSubmission(db, prepared);
}

/** Puts the "please upload again" message on each field that holds a file the owner does not have. */
function fileErrors(data: unknown, missing: string[]): FieldErrors {
  const errors: FieldErrors = {};
  const gone = new Set(missing.map((s) => `file:${s}`));
  const visit = (value: unknown, at: string) => {
    if (typeof value === "string" && gone.has(value)) (errors[at] ??= []).push(FILE_GONE);
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, joinPointer(at, k));
  };
  visit(data, "");
  return Object.keys(errors).length ? errors : { "": [FILE_GONE] };
}

export const parseData = (row: Pick<SubmissionRow, "data">): Record<string, unknown> => JSON.parse(row.data);
