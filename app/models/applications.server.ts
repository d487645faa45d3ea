// Applications: workflow instances an applicant fills in through a wizard of steps (入库申请 and later
// kinds). This module knows steps generically — form steps save their forms in the instance's scope,
// sign-upload steps hold a signed scan tied to the data it was printed from — and supplies the facts
// the workflow's guards need. Which steps, forms and documents exist comes from the definitions.
import { isDeepStrictEqual } from "node:util";
import type { Knex } from "knex";
import type { Actor } from "~/engine/permissions/ability";
import { FIX_BEFORE } from "~/engine/forms/messages";
import type { FieldErrors } from "~/engine/forms/messages";
import type { ValidationMode } from "~/engine/forms/validate";
import type { StepDefinition, WorkflowDefinition } from "~/engine/workflows/definition-schema";
import { getFormVersion, latestFormVersion } from "~/engine/forms/registry.server";
import { runFormChecks } from "~/engine/forms/checks.server";
import type { FormVersion } from "~/engine/forms/registry.server";
import { formAttributes, isWellKnownAttribute, wellKnownValues } from "~/engine/workflows/attributes";
import { readAttributes, storeAttributes } from "~/engine/workflows/attribute-store.server";
import { getWorkflowVersion, latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { RECORD_TYPES } from "~/engine/workflows/records";
import { applyTransition, instanceDefinition, startInstance, toInstance } from "~/engine/workflows/runtime.server";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import { documentSteps, STEP_TYPES } from "~/engine/workflows/step-types";
import { savedStepData, stepRuntime } from "~/engine/workflows/step-runtime.server";
import type { ApplyResult, HistoryEntry } from "~/engine/workflows/runtime.server";
import { ROLE, WORKFLOW_START_EVENT } from "~/engine/constants";
import { findUsersByIds } from "./users.server";
import type { DocumentStatus, Facts, InstanceRecord, Refusal } from "~/engine/workflows/types";
import { now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { BATCH_COLUMNS, rulesForForm, toBatch } from "./batches.server";
import type { Batch, BatchRow } from "./batches.server";
import { deliverPendingNotifications } from "./notifications.server";
import { SUBMISSION_COLUMNS, findSubmission, parseData, prepareSubmission, writeSubmission } from "./submissions.server";
import type { PreparedSave, SubmissionRow } from "./submissions.server";
import { DOCUMENT_TEMPLATES } from "~/engine/documents/registry";

export const SIGNED_SCAN_FORM = "signed-scan";
const SCOPE_PREFIX = "application:";
export const applicationScope = (id: number) => `${SCOPE_PREFIX}${id}`;
const scanScope = (id: number, document: string) => `application:${id}:${document}`;
export const applicationNumber = (inst: Pick<InstanceRecord, "id" | "createdAt">) =>
  `SQ${new Date(inst.createdAt + 8 * 3600_000).getUTCFullYear()}${String(inst.id).padStart(6, "0")}`;

/** Steps that fill in forms (their type takes the `forms` option). */
export const formSteps = (def: WorkflowDefinition) => def.steps.filter((s) => STEP_TYPES[s.type]?.options.includes("forms") && s.forms?.length);
export const stepForms = (def: WorkflowDefinition) => formSteps(def).flatMap((s) => s.forms ?? []);

/** The instance's attribute columns, and origin_region: the region it was routed away from (migration 025). */
export type Attributes = { applicant_name: string | null; region: string | null; specialty: string | null; origin_region: string | null };
export type Application = {
  instance: InstanceRecord; def: WorkflowDefinition; batch: Batch | null; attributes?: Attributes;
  /** Saved rows of the forms asked for with `withForms` (null: not saved yet). */
  saved?: Record<string, SubmissionRow | null>;
};

/** At most this many forms are read along with an application (a step has a handful). */
const MAX_PREFETCHED_FORMS = 20;

/**
 * The instance with its batch in one query (every wizard request starts here). `withForms`: the saved
 * rows of these forms in the application's scope come in the same query (a save compares against them).
 */
export async function loadApplication(id: number, withForms: string[] = []): Promise<Application | undefined> {
  const forms = [...new Set(withForms)].slice(0, MAX_PREFETCHED_FORMS);
  const q = reader("workflow_instances as w").leftJoin("batches as b", "b.id", "w.batch_id").where("w.id", id)
    .select(["w.*", ...BATCH_COLUMNS.map((c) => `b.${c} as b__${c}`)]);
  if (forms.length) {
    q.leftJoin("form_submissions as f", (j) => j.on("f.owner_id", "w.owner_id").andOnVal("f.scope", applicationScope(id)).andOnIn("f.form_key", forms))
      .select(SUBMISSION_COLUMNS.map((c) => `f.${c} as f__${c}`));
  }
  const rows = await q;
  const row = rows[0];
  if (!row) return undefined;
  const instance = toInstance(row);
  const batch = row.b__id == null ? null : toBatch(Object.fromEntries(BATCH_COLUMNS.map((c) => [c, row[`b__${c}`]])) as BatchRow);
  const attributes = { applicant_name: row.applicant_name ?? null, region: row.region ?? null, specialty: row.specialty ?? null, origin_region: row.origin_region ?? null };
  const app: Application = { instance, def: await instanceDefinition(instance), batch, attributes };
  if (forms.length) {
    app.saved = Object.fromEntries(forms.map((k) => [k, null]));
    for (const r of rows) if (r.f__id != null) app.saved[r.f__form_key] = Object.fromEntries(SUBMISSION_COLUMNS.map((c) => [c, r[`f__${c}`]])) as SubmissionRow;
  }
  return app;
}

/** Copies the workflow's declared attributes from saved form data onto the instance when they changed. */
async function captureAttributes(app: Application, saved: Record<string, unknown>): Promise<void> {
  const values = formAttributes(app.def.attributes, saved);
  const others = Object.keys(values).filter((k) => !isWellKnownAttribute(k));
  // The well-known keys are compared with the columns loaded with the instance; only a workflow that
  // declares other keys pays a read for them.
  const current: Record<string, string | null> = {
    ...wellKnownValues(app.attributes ?? {}),
    ...(others.length ? (await readAttributes(db, [app.instance.id], others)).get(app.instance.id) : {}),
  };
  const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== (current[k] ?? null)));
  if (Object.keys(changed).length) await storeAttributes(db, app.instance.id, changed);
}

/**
 * Narrows `q` (over workflow_instances as `alias`) to processes started on a record (e.g. a change
 * request) that are not yet an application: never acted on (row_version 1) and nothing saved in their
 * scope. Opening 【修改】 starts one so the wizard has somewhere to save; until the applicant saves, lists
 * leave it out, it has no number, and starting again reuses it (startFromRecord).
 */
export function whereUnsaved(q: Knex.QueryBuilder, alias = "w"): Knex.QueryBuilder {
  return q.whereNotNull(`${alias}.record_type`).where(`${alias}.row_version`, 1)
    .whereNotExists((s) => s.from("form_submissions as us").whereRaw(`us.owner_id = ${alias}.owner_id`).whereRaw(`us.scope = '${SCOPE_PREFIX}' || CAST(${alias}.id AS TEXT)`));
}

/** `q` without the unsaved record processes (whereUnsaved). */
export const whereSaved = (q: Knex.QueryBuilder, alias = "w") => q.whereNot((n) => whereUnsaved(n, alias));

/** Whether `app` is an unsaved record process (whereUnsaved), from what its page has already read. */
export const isUnsaved = (instance: InstanceRecord, data: StepData) =>
  !!instance.record && instance.rowVersion === 1 && Object.values(data).every((d) => !d);

/** The applicant's instances, newest first, with batch names (unsaved record processes left out). */
export function listOwnApplications(ownerId: number): Promise<Record<string, any>[]> {
  return whereSaved(db("workflow_instances as w").leftJoin("batches as b", "b.id", "w.batch_id").where("w.owner_id", ownerId))
    .orderBy("w.id", "desc").select("w.id", "w.workflow_key", "w.workflow_version", "w.state", "w.number", "w.batch_id", "b.name as batch_name", "w.created_at", "w.submitted_at");
}

/**
 * The applicant's applications as lists show them: batch, state (title, still editable?), number. Only
 * processes they start themselves: one started for them (a training enrolment, by the admission's
 * approval) has pages of its own (我的培训).
 */
export async function ownApplicationSummaries(ownerId: number) {
  const rows = await listOwnApplications(ownerId);
  const versions = await Promise.all(rows.map((a) => getWorkflowVersion(a.workflow_key, a.workflow_version)));
  const own = rows.filter((_a, i) => { const start = versions[i]?.definition.start; return !start || start.by.includes(ROLE.expert); });
  return Promise.all(
    own.map(async (a) => {
      const wf = await getWorkflowVersion(a.workflow_key, a.workflow_version);
      return {
        id: a.id as number, batchId: a.batch_id as number | null, batchName: (a.batch_name ?? "") as string, state: a.state as string,
        stateTitle: wf ? stateTitle(wf.definition, a.state) : (a.state as string), editable: wf ? isEditable(wf.definition, a.state) : false,
        number: a.number as string | null, createdAt: formatTime(a.created_at), submittedAt: a.submitted_at ? formatTime(a.submitted_at) : null,
      };
    }),
  );
}

// ---- step data -----------------------------------------------------------------------------------

export type StepData = Record<string, { data: Record<string, unknown>; status: string; version: number } | undefined>;

/** Saved data of every form the workflow's form steps name. */
export async function formData(app: Application, trx: Knex | Knex.Transaction = db): Promise<StepData> {
  const rows: SubmissionRow[] = await trx("form_submissions").where({ owner_id: app.instance.ownerId, scope: applicationScope(app.instance.id) });
  const out: StepData = {};
  for (const r of rows) out[r.form_key] = { data: parseData(r), status: r.status, version: r.form_version };
  return out;
}

/** The version a form is filled in with inside this application: pinned by the batch, else latest. */
const batchVersion = (app: Application, formKey: string) => app.batch?.forms[formKey];

/**
 * The form version a form of this application is shown and printed with: the one its saved data was
 * filled against, else the batch's pinned one, else the latest published (a batch-less process).
 * Throws when none is published (a definition naming an unknown form is refused at publish).
 */
export async function applicationFormVersion(app: Application, formKey: string, savedVersion?: number): Promise<FormVersion> {
  const version = savedVersion ?? batchVersion(app, formKey);
  const form = version !== undefined ? await getFormVersion(formKey, version) : await latestFormVersion(formKey);
  if (!form) throw new Error(`form ${formKey}${version !== undefined ? ` v${version}` : ""} is not published`);
  return form;
}

const ruleContext = (app: Application, forms: Record<string, unknown>) => ({ batchDate: app.batch?.batchDate, forms });

/** `kept`: on a refused 下一步, the forms whose posted documents were saved as drafts all the same. */
export type StepSave = { ok: true } | { ok: false; status: 404 | 409 | 422; errors: Record<string, FieldErrors>; message: string; kept?: string[] };

/**
 * Saves every form of a form step at once: 暂存 (`draft`) checks types, 下一步 (`full`) completeness,
 * each form's rules and the batch's eligibility rules (which may read the step's other forms). All
 * forms are written in one transaction, or none.
 *
 * A 下一步 refused for completeness or rules (422) still keeps what was typed (issue 14 §6): in the same
 * request every posted document that passes 暂存's type check and differs from its saved copy is written
 * as a draft, exactly as 暂存 would; the answer stays the 422 with every error. A document that fails
 * even the type check is left as it was saved (its errors are in the answer). Unchanged documents are not
 * rewritten, so a form already complete keeps its status, and a record process's form posted as it
 * started (its initialDocument) is not written at all: the request stays unsaved.
 */
export async function saveFormStep(app: Application, step: StepDefinition, docs: Record<string, unknown>, mode: ValidationMode): Promise<StepSave> {
  if (!app.def.states[app.instance.state]?.editable) {
    return { ok: false, status: 409, errors: {}, message: `当前状态为「${app.def.states[app.instance.state]?.title ?? app.instance.state}」，不能修改` };
  }
  // 暂存 saves the forms sent and leaves the others alone; 下一步 checks (and saves) every form of the step.
  const forms = (step.forms ?? []).filter((k) => mode === "full" || k in docs);
  const checked = await prepareStep(app, forms, docs, mode);
  if (checked.ok) return writeStep(app, checked.prepared);
  let kept: string[] | undefined;
  if (mode === "full") {
    const drafts = await prepareStep(app, forms.filter((k) => k in docs), docs, "draft");
    // Unchanged means as the form started: its saved copy, or, before one exists, the document a record
    // process starts from (initialDocument) — so a refused 下一步 on an untouched 【修改】 leaves it unsaved
    // (whereUnsaved), listed nowhere, instead of making it a draft the expert never wrote.
    const changed = drafts.prepared.filter((p) => {
      const start = p.previous ?? initialDocument(app.instance, p.form.key);
      return !start || !isDeepStrictEqual(p.data, start);
    });
    if (changed.length) {
      const written = await writeStep(app, changed);
      // Lost to a concurrent save or submit: that refusal (409) says more than the completeness errors.
      if (!written.ok) return written;
    }
    kept = drafts.prepared.map((p) => p.form.key);
  }
  return { ok: false, status: 422, errors: checked.errors, message: FIX_BEFORE[mode], kept };
}

/** Validates the step's `forms` in `mode` (rules read the other forms, posted or saved); writes nothing. */
async function prepareStep(app: Application, forms: string[], docs: Record<string, unknown>, mode: ValidationMode) {
  // Cross-form rules read the other forms; 暂存 runs no rules, so it need not load them.
  const saved = mode === "full" ? await formData(app) : {};
  const all = Object.fromEntries(stepForms(app.def).map((k) => [k, k in docs ? docs[k] : saved[k]?.data ?? {}]));
  const errors: Record<string, FieldErrors> = {};
  const prepared: PreparedSave[] = [];
  for (const formKey of forms) {
    const p = await prepareSubmission({
      ownerId: app.instance.ownerId, formKey, scope: applicationScope(app.instance.id), version: batchVersion(app, formKey),
      data: all[formKey], mode, context: ruleContext(app, all), rules: app.batch ? rulesForForm(app.batch, formKey) : [],
      existing: app.saved?.[formKey],
    });
    if (!p.ok) {
      errors[formKey] = p.errors;
      continue;
    }
    // What only the database knows (e.g. this 身份证号 already in the pool under another account): the
    // checks features register, on 下一步, once the form itself is right.
    const checked = mode === "full" ? await runFormChecks({ formKey, ownerId: app.instance.ownerId, data: p.data as Record<string, unknown> }) : {};
    if (Object.keys(checked).length) errors[formKey] = checked;
    else prepared.push(p);
  }
  return { ok: Object.keys(errors).length === 0, errors, prepared };
}

/** Writes prepared documents of one application, all or none, while it is still editable. */
async function writeStep(app: Application, prepared: PreparedSave[]): Promise<StepSave> {
  // Every write is guarded by the instance still being editable: a submit racing this save wins cleanly.
  const editable = Object.entries(app.def.states).filter(([, s]) => s.editable).map(([k]) => k);
  const stillEditable = (q: Knex.QueryBuilder) =>
    q.whereExists((e) => e.from("workflow_instances").where("id", app.instance.id).whereIn("state", editable));
  const refusal = (formKey: string, r: { status: 404 | 409 | 422; errors: FieldErrors }): StepSave => ({
    ok: false, status: r.status, errors: formKey ? { [formKey]: r.errors } : {}, message: r.errors[""]?.[0] ?? "请按提示修改后再保存",
  });
  // The common 暂存 of one form needs no transaction of its own (writeSubmission opens one if it must).
  const written = Object.fromEntries(prepared.map((p) => [p.form.key, p.data]));
  if (prepared.length === 1) {
    const r = await writeSubmission(db, prepared[0], stillEditable);
    if (!r.ok) return refusal(prepared[0].form.key, r);
    await captureAttributes(app, written);
    return { ok: true };
  }
  class Refused extends Error {
    constructor(readonly formKey: string, readonly result: { status: 404 | 409 | 422; errors: FieldErrors }) {
      super("refused");
    }
  }
  try {
    await db.transaction(async (trx) => {
      for (const p of prepared) {
        const r = await writeSubmission(trx, p, stillEditable);
        if (!r.ok) throw new Refused(p.form.key, r);
      }
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return refusal(e.formKey, e.result);
  }
  await captureAttributes(app, written);
  return { ok: true };
}

// ---- documents -----------------------------------------------------------------------------------

export type DocumentState = { status: DocumentStatus; file?: string; uploadedAt?: number; downloadedAt?: number };

/** Records that a document was generated from data with this hash (the scan uploaded next is tied to it). */
export async function recordDownload(instanceId: number, document: string, dataHash: string): Promise<void> {
  await db("instance_downloads")
    .insert({ instance_id: instanceId, document, data_hash: dataHash, downloaded_at: now() })
    .onConflict(["instance_id", "document"]).merge(["data_hash", "downloaded_at"]);
}

/**
 * Attaches a signed scan (an upload of the owner's) to a sign-upload step. It is tied to the data of the
 * latest download: printed, signed and scanned from that. Refused (409, nothing stored) when the data
 * changed since that download (`hashes` gives the document's hash for the data as it is now): the scan
 * would be stale the moment it is attached, and "uploaded" beside "please download again" helps nobody.
 */
export async function attachScan(app: Application, step: StepDefinition, ref: unknown, hashes: HashSource): Promise<{ ok: true } | { ok: false; status: 404 | 409 | 422; message: string }> {
  if (!app.def.states[app.instance.state]?.editable) return { ok: false, status: 409, message: "申请已提交，不能再修改" };
  const download = await db("instance_downloads").where({ instance_id: app.instance.id, document: step.document }).first();
  if (!download) return { ok: false, status: 422, message: `请先下载${documentTitle(step)}，签字后再上传扫描件` };
  const current = (await hashes(app, await formData(app)))[step.document!];
  if (current && current !== download.data_hash) {
    const name = documentName(step);
    return { ok: false, status: 409, message: `资料在您下载${name}之后修改过，请重新下载${name}（按最新资料生成），签字后再上传扫描件` };
  }
  const p = await prepareSubmission({ ownerId: app.instance.ownerId, formKey: SIGNED_SCAN_FORM, scope: scanScope(app.instance.id, step.document!), data: { file: ref, dataHash: download.data_hash }, mode: "full" });
  if (!p.ok) return { ok: false, status: p.status, message: Object.values(p.errors).flat()[0] ?? "文件无效" };
  const r = await writeSubmission(db, p);
  if (!r.ok) return { ok: false, status: r.status, message: Object.values(r.errors).flat()[0] ?? "文件无效" };
  return { ok: true };
}

export const documentTitle = (step: StepDefinition) => step.title.replace(/^(签署|上传)/, "");

/** What a sign-upload step's document is called (承诺书, 申请表): its template's name, else the step title without 签署/上传. */
export const documentName = (step: StepDefinition) => (step.document && DOCUMENT_TEMPLATES[step.document]?.name) || documentTitle(step);

/** Each sign-upload document's state, given the hash its data has now. */
export async function documentStates(app: Application, currentHashes: Record<string, string>, trx: Knex | Knex.Transaction = db): Promise<Record<string, DocumentState>> {
  const out: Record<string, DocumentState> = {};
  for (const step of documentSteps(app.def)) {
    const doc = step.document!;
    const [scan, download] = await Promise.all([
      findSubmission(app.instance.ownerId, SIGNED_SCAN_FORM, scanScope(app.instance.id, doc), trx),
      trx("instance_downloads").where({ instance_id: app.instance.id, document: doc }).first(),
    ]);
    if (!scan) {
      out[doc] = { status: "missing", downloadedAt: download ? Number(download.downloaded_at) : undefined };
      continue;
    }
    const data = parseData(scan) as { file: string; dataHash?: string };
    out[doc] = {
      status: data.dataHash && data.dataHash === currentHashes[doc] ? "current" : "stale",
      file: data.file,
      uploadedAt: Number(scan.updated_at),
      downloadedAt: download ? Number(download.downloaded_at) : undefined,
    };
  }
  return out;
}

// ---- facts for guards, and the actions --------------------------------------------------------------

export type HashSource = (app: Application, data: StepData) => Promise<Record<string, string>>;

/**
 * Steps done: every form it names saved complete, the document it prints signed and uploaded for the
 * current data, and whatever its type's runtime adds (`isComplete`); a step with none of these is
 * never "done" (a summary step).
 */
export async function completedSteps(app: Application, data: StepData, docs: Record<string, DocumentState>): Promise<string[]> {
  const done: string[] = [];
  for (const s of app.def.steps) {
    const checks: boolean[] = [];
    if (s.forms?.length) checks.push(s.forms.every((k) => data[k]?.status === "complete"));
    if (STEP_TYPES[s.type]?.printsDocument && s.document) checks.push(docs[s.document]?.status === "current");
    const runtime = stepRuntime(s.type);
    if (runtime?.isComplete) checks.push(await runtime.isComplete({ app, step: s, data, saved: savedStepData(app.instance, s.key) }));
    if (checks.length && checks.every(Boolean)) done.push(s.key);
  }
  return done;
}

/**
 * The fields of the record a `record:` instance acts on, as its record type shows them (`facts.record`,
 * for guards such as "the record has not changed since the request was filed"); null when it is gone.
 */
export async function recordFact(record: { type: string; id: number }, trx: Knex | Knex.Transaction = db): Promise<Record<string, unknown> | null> {
  const type = RECORD_TYPES[record.type];
  if (!type) throw new Error(`record type "${record.type}" is not registered`);
  return (await type.load(trx, record.id))?.data ?? null;
}

export const batchFact = (batch: Batch | null) => (batch ? { title: batch.name, opensAt: batch.opensAt, closesAt: batch.closesAt } : null);

export async function applicationFacts(app: Application, hashes: HashSource, trx: Knex | Knex.Transaction = db): Promise<Facts & { documentStates: Record<string, DocumentState>; stepData: StepData }> {
  const data = await formData(app, trx);
  const states = await documentStates(app, await hashes(app, data), trx);
  return {
    ...(app.instance.record ? { record: await recordFact(app.instance.record, trx) } : {}),
    completedSteps: await completedSteps(app, data, states),
    batch: batchFact(app.batch),
    documents: Object.fromEntries(Object.entries(states).map(([k, v]) => [k, v.status])),
    documentStates: states,
    stepData: data,
  };
}

/** Starts the applicant's application in a batch (one per applicant per batch). */
export async function startApplication(actor: Actor, batch: Batch): Promise<{ ok: true; id: number } | Refusal> {
  const r = await startInstance(
    { workflowKey: batch.workflow.key, version: batch.workflow.version, actor, batchId: batch.id },
    {
      facts: async ({ trx }) => {
        const [{ n }] = await trx("workflow_instances").where({ owner_id: actor.id, workflow_key: batch.workflow.key, batch_id: batch.id }).count<{ n: number | string }[]>({ n: "*" });
        return { batch: batchFact(batch), openInstances: Number(n) };
      },
    },
  );
  return r.ok ? { ok: true, id: r.instance.id } : r;
}

/**
 * Starts a `record:` workflow (e.g. a change request) on the applicant's own record of its type: the
 * latest published version; `openInstances` counts the unfinished instances of this workflow on that
 * record (for `no-open-change`), `record` the record's fields (recordFact). An unsaved one of the
 * applicant's (whereUnsaved) is reused instead: opening and leaving leaves nothing that blocks. `initial`:
 * the documents its forms start from until saved (initialDocument). 404 when the workflow or the
 * applicant's record does not exist.
 */
export async function startFromRecord(actor: Actor, workflowKey: string, initial?: Record<string, Record<string, unknown>>): Promise<{ ok: true; id: number } | (Refusal & { openId?: number })> {
  const wf = await latestWorkflowVersion(workflowKey);
  const recordType = wf?.definition.record ? RECORD_TYPES[wf.definition.record] : undefined;
  if (!wf || !recordType) return { ok: false, status: 404, message: "该流程不存在或不能从记录发起" };
  const recordId = await recordType.ownedBy(db, actor.id);
  if (recordId === null) return { ok: false, status: 404, message: `未找到您的${recordType.title}` };
  const finals = Object.entries(wf.definition.states).filter(([, st]) => st.final).map(([k]) => k);
  const onRecord = (q: Knex.QueryBuilder) => q.where({ "w.workflow_key": workflowKey, "w.record_type": wf.definition.record, "w.record_id": recordId });
  const unsaved = () => whereUnsaved(onRecord(db("workflow_instances as w")).where("w.owner_id", actor.id)).orderBy("w.id", "desc").first("w.id");
  const waiting = await unsaved();
  if (waiting) return { ok: true, id: Number(waiting.id) };
  const r = await startInstance(
    { workflowKey, version: wf.version, actor, recordId, data: initial && Object.keys(initial).length ? { initial } : undefined },
    {
      facts: async ({ trx }) => {
        // Two starts at one moment on one record: the second waits here, then counts the first's instance.
        await recordType.lock?.(trx, recordId);
        const [{ n }] = await onRecord(trx("workflow_instances as w")).whereNotIn("w.state", finals).count<{ n: number | string }[]>({ n: "*" });
        return { batch: null, openInstances: Number(n), record: await recordFact({ type: wf.definition.record!, id: recordId }, trx) };
      },
    },
  );
  if (r.ok) return { ok: true, id: r.instance.id };
  // Refused for the open one: one started at the same moment (another tab) is opened too, while unsaved;
  // a saved one is named, to continue it.
  const twin = await unsaved();
  if (twin) return { ok: true, id: Number(twin.id) };
  const open = await onRecord(db("workflow_instances as w")).whereNotIn("w.state", finals).orderBy("w.id", "desc").first("w.id");
  return open ? { ...r, openId: Number(open.id) } : r;
}

/** The document `formKey` of `instance` starts from until one is saved (startFromRecord's `initial`). */
export function initialDocument(instance: Pick<InstanceRecord, "data">, formKey: string): Record<string, unknown> | undefined {
  const initial = instance.data.initial as Record<string, Record<string, unknown>> | undefined;
  return initial && Object.hasOwn(initial, formKey) ? initial[formKey] : undefined;
}

/** Takes a workflow transition with fresh facts, then delivers the notifications it queued. */
export async function takeTransition(app: Application, event: string, actor: Actor, input: { comment?: string; expectedRowVersion?: number }, hashes: HashSource): Promise<ApplyResult> {
  const r = await applyTransition(app.instance.id, event, actor, input, {
    facts: async ({ trx, instance }) => applicationFacts({ ...app, instance: instance ?? app.instance }, hashes, trx),
  });
  if (r.ok) await deliverPendingNotifications();
  return r;
}

/** The history timeline as both the applicant's and the reviewer's pages show it: who did what, when. */
export async function historyView(def: WorkflowDefinition, history: HistoryEntry[]) {
  const people = await findUsersByIds([...new Set(history.map((h) => h.actorId))]);
  return history.map((h) => ({
    id: h.id,
    title: h.event === WORKFLOW_START_EVENT ? "创建申请" : def.transitions.find((t) => t.event === h.event)?.title ?? h.event,
    state: stateTitle(def, h.toState),
    by: people.get(h.actorId)?.name ?? "",
    at: formatTime(h.createdAt),
    comment: h.comment,
  }));
}
