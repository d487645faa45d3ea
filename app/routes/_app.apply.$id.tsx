// One application, as its applicant's wizard (step bar, one step at a time) and as a read-only summary
// once submitted. Actions: save a form step (暂存 / 下一步), attach a signed scan, take a transition.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PaymentCard } from "~/components/payment-card";
import { ApplicationWizard } from "~/components/wizard/application-wizard";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import { availableEvents } from "~/engine/workflows/transition";
import { getFormVersion } from "~/engine/forms/registry.server";
import { getHistory, saveStepData } from "~/engine/workflows/runtime.server";
import { savedStepData, stepRuntime } from "~/engine/workflows/step-runtime.server";
import { STEP_TYPES } from "~/engine/workflows/step-types";
import { DOCUMENT_TEMPLATES } from "~/engine/documents/registry";
import { documentHashes } from "~/features/admission/documents.server";
import { applicationFacts, applicationNumber, historyView, documentTitle, attachScan, takeTransition } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { formCatalogs } from "~/models/catalogs.server";
import { paymentInfo } from "~/models/payment-qr.server";
import { applicationFor, authorizedApplication as authorized } from "~/utils/application-access.server";
import { requireAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { formatTime } from "~/utils/format";
import { field, httpError, readForm } from "~/utils/request.server";
import { postedForms, readStepPost, saveStepFromPost, type ApplyAnswer } from "~/utils/save-step.server";

export const meta: MetaFunction = () => [{ title: "入库申请 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { auth, app } = await authorized(request, params.id, "read");
  const { def, instance } = app;
  const facts = await applicationFacts(app, documentHashes);
  const actor = { id: auth.user.id, role: auth.user.role };
  const history = await getHistory(instance.id);
  // The reviewer's comment that sent it back to the applicant (a transition into an editable state).
  const lastReturn = [...history].reverse().find((h) => h.comment && def.states[h.toState]?.editable);
  const steps = await Promise.all(
    def.steps.map(async (s) => ({
      key: s.key,
      title: s.title,
      type: s.type,
      /** The browser view that draws it, and whether it is the final summary (not a step to fill in). */
      view: STEP_TYPES[s.type]?.view ?? s.type,
      summary: STEP_TYPES[s.type]?.countsAsStep === false,
      done: facts.completedSteps?.includes(s.key) ?? false,
      extra: (await stepRuntime(s.type)?.load?.({ app, step: s, data: facts.stepData, saved: savedStepData(instance, s.key) })) ?? null,
      forms: await Promise.all(
        (s.forms ?? []).map(async (key) => {
          const saved = facts.stepData[key];
          const form = await getFormVersion(key, saved?.version ?? app.batch?.forms[key] ?? 1);
          if (!form) throw new Error(`form ${key} is not published`);
          const d = form.definition;
          return { key, version: form.version, hash: form.hash, title: form.title, schema: d.schema, uiSchema: d.uiSchema ?? {}, rules: d.rules ?? [], data: saved?.data ?? {}, status: saved?.status ?? null };
        }),
      ),
      document: s.document
        ? {
            key: s.document,
            name: DOCUMENT_TEMPLATES[s.document]?.name ?? documentTitle(s),
            uploadTitle: s.upload?.title ?? "上传扫描件",
            accept: (s.upload?.accept ?? ["application/pdf"]).join(","),
            downloadUrl: `/apply/${instance.id}/documents/${s.document}`,
            ...facts.documentStates[s.document],
            uploadedAt: facts.documentStates[s.document]?.uploadedAt ? formatTime(facts.documentStates[s.document].uploadedAt!) : null,
            downloadedAt: facts.documentStates[s.document]?.downloadedAt ? formatTime(facts.documentStates[s.document].downloadedAt!) : null,
          }
        : null,
    })),
  );
  return json({
    application: {
      id: instance.id,
      applicationNumber: applicationNumber(instance),
      expertNumber: instance.number,
      state: instance.state,
      stateTitle: stateTitle(def, instance.state),
      editable: isEditable(def, instance.state) && instance.ownerId === auth.user.id,
      rowVersion: instance.rowVersion,
      batchName: app.batch?.name ?? null,
      submittedAt: instance.submittedAt ? formatTime(instance.submittedAt) : null,
      returnComment: lastReturn ? { text: lastReturn.comment!, at: formatTime(lastReturn.createdAt) } : null,
    },
    steps,
    events: availableEvents(def, instance, actor, { facts, now: now() }),
    history: await historyView(def, history),
    catalogs: await formCatalogs(),
    payment: instance.ownerId === auth.user.id ? await paymentInfo(instance) : null,
  });
}

export type { ApplyAnswer };

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  const post = intent === "save" || intent === "next" ? readStepPost(form, intent) : null;
  const app = await applicationFor(auth, params.id, "update", postedForms(post));
  const step = app.def.steps.find((s) => s.key === field(form, "step", 80));
  const answer = (status: number, body: ApplyAnswer) => json<ApplyAnswer>(body, { status });

  // With JavaScript, 暂存 goes to the plain endpoint (app/utils/draft-endpoint.server.ts); same code.
  if (post) {
    const r = await saveStepFromPost(app, post);
    return answer(r.status, r.body);
  }
  if (intent === "attach") {
    if (!step || !STEP_TYPES[step.type]?.printsDocument) throw httpError(400, "步骤不存在");
    const r = await attachScan(app, step, field(form, "ref", 80));
    if (!r.ok) return answer(r.status, { ok: false, message: r.message });
    return answer(200, { ok: true, message: "扫描件已上传" });
  }
  if (intent === "step") {
    // A step type a feature registered handles its own posts (DESIGN "How to add a step type").
    const accept = step && stepRuntime(step.type)?.accept;
    if (!step || !accept) throw httpError(400, "步骤不存在");
    if (!isEditable(app.def, app.instance.state)) return answer(409, { ok: false, message: "申请已提交，不能再修改" });
    const editableStates = Object.keys(app.def.states).filter((k) => isEditable(app.def, k));
    const r = await accept(
      { app, step, data: (await applicationFacts(app, documentHashes)).stepData, saved: savedStepData(app.instance, step.key) },
      { field: (name, max) => field(form, name, max) },
      { save: (value) => saveStepData(app.instance.id, step.key, value, editableStates) },
    );
    return r.ok ? answer(200, r) : answer(r.status, { ok: false, message: r.message });
  }
  if (intent === "transition") {
    const event = field(form, "event", 40);
    const rowVersion = Number(field(form, "rowVersion", 12));
    const comment = field(form, "comment", 1000);
    const r = await takeTransition(app, event, { id: auth.user.id, role: auth.user.role }, { comment: comment || undefined, expectedRowVersion: Number.isSafeInteger(rowVersion) && rowVersion > 0 ? rowVersion : undefined }, documentHashes);
    if (!r.ok) return answer(r.status, { ok: false, message: r.message });
    const title = app.def.transitions.find((t) => t.event === event)?.title ?? "操作";
    return answer(200, { ok: true, message: `${title}成功，当前状态：${stateTitle(app.def, r.to)}` });
  }
  throw httpError(400, "未知的操作");
}

// Moving between steps (?step=…) needs no new data: every action already reloads it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (!formMethod && currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search) {
    const [a, b] = [new URLSearchParams(currentUrl.search), new URLSearchParams(nextUrl.search)];
    a.delete("step");
    b.delete("step");
    if (a.toString() === b.toString()) return false;
  }
  return defaultShouldRevalidate;
};

export default function ApplicationRoute() {
  const data = useLoaderData<typeof loader>();
  return <ApplicationWizard {...data} notice={data.payment ? <PaymentCard {...data.payment} /> : null} />;
}
