// One review task's server side, beside its route: the page's data (the application read-only with
// its own form versions, the signed scans, the history and the transitions this reviewer may take;
// viewing the full ID number is audited) and taking a transition.
import type { Auth } from "~/features/accounts/auth.server";
import { readableInstance } from "~/features/admission/access.server";
import { AUDIT_ACTION } from "~/models/constants";
import { availableEvents, stateTitle } from "~/engine/workflows/transition";
import { getHistory } from "~/engine/workflows/runtime.server";
import { savedStepData, stepRuntime } from "~/engine/workflows/step-runtime.server";
import type { StepPanel } from "~/engine/workflows/step-types";
import { documentHashes } from "~/features/admission/documents.server";
import { applicationFacts, applicationNumber, historyView } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { audit } from "~/models/audit.server";
import { formCatalogs } from "~/models/catalogs.server";
import { canReview, reviewMaterial, reviewRefusal, reviewTransition } from "~/features/review/review.server";
import { now } from "~/utils/clock.server";
import { formatTime } from "~/utils/format";

/** The task page's data for this reviewer; records that they saw the applicant's full ID number. */
export async function taskPage(auth: Auth, app: Application, ip: string) {
  const { def, instance } = app;
  const [material, history, catalogs] = await Promise.all([reviewMaterial(app), getHistory(instance.id), formCatalogs()]);
  const facts = await applicationFacts(app, documentHashes);
  const events = canReview(auth.ability, app)
    ? availableEvents(def, instance, { id: auth.user.id, role: auth.user.role }, { facts, now: now() }).filter((e) => !def.transitions.find((t) => t.event === e.event)?.owner)
    : [];
  // Panels the steps' runtimes draw for the reviewer (a change request's difference from the record).
  const panels = (await Promise.all(def.steps.map((s) => stepRuntime(s.type)?.panel?.({ app, step: s, data: facts.stepData, saved: savedStepData(instance, s.key) }) ?? null)))
    .filter((p): p is StepPanel => !!p);
  // The full ID number is on this page: who saw whose is recorded.
  await audit({ actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.applicationViewIdCard, target: { type: "Application", id: instance.id }, ip });
  return {
    application: {
      id: instance.id, applicationNumber: applicationNumber(instance), expertNumber: instance.number, state: instance.state,
      stateTitle: stateTitle(def, instance.state), rowVersion: instance.rowVersion, workflowTitle: def.title, batchName: app.batch?.name ?? null,
      applicant: app.attributes?.applicant_name ?? "", region: app.attributes?.region ?? "", submittedAt: instance.submittedAt ? formatTime(instance.submittedAt) : null,
    },
    panels,
    forms: material.forms,
    scans: material.scans.map((s) => ({ ...s, uploadedAt: s.uploadedAt ? formatTime(s.uploadedAt) : null })),
    events,
    history: await historyView(def, history),
    catalogs,
  };
}

/** The page's props (as the server builds them; the page receives them after JSON). */
export type TaskData = Awaited<ReturnType<typeof taskPage>>;

/** `left`: after this step the application is no longer this reviewer's to read (their scope was the task, e.g. 自治区复审). */
export type TaskAnswer = { ok: boolean; message: string; left?: boolean };

/**
 * Takes `event` on the task as this reviewer: refused (403/409, Chinese reason) unless the review
 * rules allow it now; `rowVersion` (when given) guards against a task that moved on meanwhile.
 */
export async function reviewTask(auth: Auth, app: Application, input: { event: string; rowVersion?: number; comment?: string }, ip: string): Promise<{ status: number; body: TaskAnswer }> {
  const { event } = input;
  const refused = reviewRefusal(auth.ability, app, event);
  if (refused) return { status: refused.status, body: { ok: false, message: refused.message } };
  const r = await reviewTransition(app, event, { id: auth.user.id, role: auth.user.role, name: auth.user.name }, { comment: input.comment, expectedRowVersion: input.rowVersion }, ip);
  if (!r.ok) return { status: r.status, body: { ok: false, message: r.message } };
  const title = app.def.transitions.find((t) => t.event === event)?.title ?? "操作";
  const left = !(await readableInstance(auth.ability, app.instance.id, "review"));
  return { status: 200, body: { ok: true, message: `${title}成功，当前状态：${stateTitle(app.def, r.to)}`, ...(left ? { left } : {}) } };
}
