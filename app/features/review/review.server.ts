// A reviewer's side of an application: the CASL subject of an instance row, the read-only material
// (every form with the version it was filled against, the signed scans), and audited transitions.
import { subject } from "@casl/ability";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import type { Actor, AppAbility } from "~/engine/permissions/ability";
import { staleMessage } from "~/engine/workflows/runtime.server";
import { findTransition, stateTitle } from "~/engine/workflows/transition";
import type { Refusal } from "~/engine/workflows/types";
import type { ApplyResult } from "~/engine/workflows/runtime.server";
import { documentHashes } from "~/features/admission/documents.server";
import { SIGNED_SCAN_FORM, applicationFormVersion, applicationScope, documentName, formData, stepForms, takeTransition } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { audit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { documentSteps } from "~/engine/workflows/step-types";

/** The fields abilities test on an application (the same names as workflow_instances columns). */
export function applicationSubject(app: Application) {
  return subject("Application", {
    owner_id: app.instance.ownerId, workflow_key: app.instance.workflowKey, state: app.instance.state, batch_id: app.instance.batchId,
    region: app.attributes?.region ?? null, origin_region: app.attributes?.origin_region ?? null, submitted_at: app.instance.submittedAt,
  } as Record<string, unknown>);
}

export const canReview = (ability: AppAbility, app: Application) => ability.can("review", applicationSubject(app));

/**
 * Why this reader may not take `event` on the application now, or null if the review rules allow it.
 * A task that has already moved on (another reviewer was quicker) is a 409 saying so, not "no permission".
 */
export function reviewRefusal(ability: AppAbility, app: Application, event: string): Refusal | null {
  if (canReview(ability, app)) return null;
  const named = app.def.transitions.find((t) => t.event === event);
  if (named && !findTransition(app.def, app.instance.state, event)) {
    return { ok: false, status: 409, message: `当前状态为「${stateTitle(app.def, app.instance.state)}」，不能${named.title}` };
  }
  return { ok: false, status: 403, message: "您没有权限审核此申请" };
}

/** Every form of the application with its pinned definition, and the signed scans. */
export async function reviewMaterial(app: Application) {
  const data = await formData(app);
  const forms = await Promise.all(
    stepForms(app.def).map(async (key) => {
      const saved = data[key];
      const form = await applicationFormVersion(app, key, saved?.version);
      const d = form.definition;
      return { key, title: form.title, version: form.version, schema: d.schema, uiSchema: d.uiSchema ?? {}, data: saved?.data ?? {} };
    }),
  );
  const scans = await Promise.all(
    documentSteps(app.def).map(async (s) => {
      const row = await db("form_submissions").where({ owner_id: app.instance.ownerId, form_key: SIGNED_SCAN_FORM, scope: `${applicationScope(app.instance.id)}:${s.document}` }).first("data", "updated_at");
      return { key: s.document!, title: s.title, name: documentName(s), file: row ? (JSON.parse(row.data).file as string) : null, uploadedAt: row ? Number(row.updated_at) : null };
    }),
  );
  return { forms, scans };
}

/** A reviewer's transition; a successful one is audited with the state before and after. */
export async function reviewTransition(app: Application, event: string, actor: Actor & { name: string }, input: { comment?: string; expectedRowVersion?: number }, ip: string): Promise<ApplyResult> {
  // The permission was checked against the row as loaded: apply the transition to exactly that version,
  // so a change in between (another level's reviewer moving it on) cannot hand this reviewer a task
  // they may not handle.
  if (input.expectedRowVersion !== undefined && input.expectedRowVersion !== app.instance.rowVersion) return { ok: false, status: 409, message: staleMessage(app.def, app.instance.state) };
  const r = await takeTransition(app, event, actor, { ...input, expectedRowVersion: app.instance.rowVersion }, documentHashes);
  if (!r.ok) return r;
  await audit({
    actor: { id: actor.id, name: actor.name },
    action: AUDIT_ACTION.applicationTransition,
    target: { type: "Application", id: app.instance.id },
    ip,
    outcome: AUDIT_OUTCOME.ok,
    detail: { event, before: app.instance.state, after: r.to, ...(input.comment ? { comment: input.comment } : {}) },
  });
  return r;
}
