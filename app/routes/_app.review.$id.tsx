// One review task: the application read-only with its own form versions, the signed scans, the
// history, and the transitions this reviewer may take (开始审核 / 通过 / 退回修改). Viewing the full ID
// number is audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TaskPage } from "~/components/review/task-page";
import { AUDIT_ACTION } from "~/engine/constants";
import { availableEvents, stateTitle } from "~/engine/workflows/transition";
import { getHistory } from "~/engine/workflows/runtime.server";
import { documentHashes } from "~/features/admission/documents.server";
import { applicationFacts, applicationNumber, historyView, loadApplication } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { audit } from "~/models/audit.server";
import { formCatalogs } from "~/models/catalogs.server";
import { canRead, canReview, reviewMaterial, reviewRefusal, reviewTransition } from "~/models/review.server";
import { requireAbility, requireAuth } from "~/utils/auth.server";
import type { Auth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { formatTime } from "~/utils/format";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "审核详情 - 评标专家管理系统" }];

async function taskFor(auth: Auth, id: string | undefined): Promise<Application> {
  requireAbility(auth.ability, "read", "Inbox");
  const app = id && /^\d{1,12}$/.test(id) ? await loadApplication(Number(id)) : undefined;
  // Outside the reviewer's scope answers exactly like a missing task.
  if (!app || !canRead(auth.ability, app)) throw httpError(404, "申请不存在");
  return app;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const app = await taskFor(auth, params.id);
  const { def, instance } = app;
  const [material, history, catalogs] = await Promise.all([reviewMaterial(app), getHistory(instance.id), formCatalogs()]);
  const facts = await applicationFacts(app, documentHashes);
  const events = canReview(auth.ability, app)
    ? availableEvents(def, instance, { id: auth.user.id, role: auth.user.role }, { facts, now: now() }).filter((e) => !def.transitions.find((t) => t.event === e.event)?.owner)
    : [];
  // The full ID number is on this page: who saw whose is recorded.
  await audit({ actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.applicationViewIdCard, target: { type: "Application", id: instance.id }, ip: clientIp(context) });
  return json({
    application: {
      id: instance.id, applicationNumber: applicationNumber(instance), expertNumber: instance.number, state: instance.state,
      stateTitle: stateTitle(def, instance.state), rowVersion: instance.rowVersion, workflowTitle: def.title, batchName: app.batch?.name ?? null,
      applicant: app.attributes?.applicant_name ?? "", region: app.attributes?.region ?? "", submittedAt: instance.submittedAt ? formatTime(instance.submittedAt) : null,
    },
    forms: material.forms,
    scans: material.scans.map((s) => ({ ...s, uploadedAt: s.uploadedAt ? formatTime(s.uploadedAt) : null })),
    events,
    history: await historyView(def, history),
    catalogs,
  });
}

/** `left`: after this step the application is no longer this reviewer's to read (their scope was the task, e.g. 自治区复审). */
export type TaskAnswer = { ok: boolean; message: string; left?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const app = await taskFor(auth, params.id);
  if (field(form, "intent", 20) !== "transition") throw httpError(400, "未知的操作");
  const event = field(form, "event", 40);
  const refused = reviewRefusal(auth.ability, app, event);
  if (refused) return json<TaskAnswer>({ ok: false, message: refused.message }, { status: refused.status });
  const rowVersion = Number(field(form, "rowVersion", 12));
  const comment = field(form, "comment", 1000);
  const r = await reviewTransition(
    app, event, { id: auth.user.id, role: auth.user.role, name: auth.user.name },
    { comment: comment || undefined, expectedRowVersion: Number.isSafeInteger(rowVersion) && rowVersion > 0 ? rowVersion : undefined },
    clientIp(context),
  );
  if (!r.ok) return json<TaskAnswer>({ ok: false, message: r.message }, { status: r.status });
  const title = app.def.transitions.find((t) => t.event === event)?.title ?? "操作";
  const after = await loadApplication(app.instance.id);
  const left = !after || !canRead(auth.ability, after);
  return json<TaskAnswer>({ ok: true, message: `${title}成功，当前状态：${stateTitle(app.def, r.to)}`, ...(left ? { left } : {}) });
}

/** A task that has left the reviewer's scope is not loaded again (that would be a 404); the page goes back to the inbox. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as TaskAnswer | undefined)?.left ? false : defaultShouldRevalidate;

export default function TaskRoute() {
  return <TaskPage {...useLoaderData<typeof loader>()} />;
}
