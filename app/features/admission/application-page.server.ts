// The applicant's page of one application (the wizard, or the read-only summary once submitted): its
// data as the apply route's loader sends it. Here rather than in the route so that the wizard's
// components take their prop types from it (components/wizard/types.ts) without importing a route.
import type { Auth } from "~/features/accounts/auth.server";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import { availableEvents } from "~/engine/workflows/transition";
import { getHistory } from "~/engine/workflows/runtime.server";
import { savedStepData, stepRuntime } from "~/engine/workflows/step-runtime.server";
import { STEP_TYPES } from "~/engine/workflows/step-types";
import { applicationFacts, applicationFormVersion, applicationNumber, historyView, documentName, initialDocument, isUnsaved } from "~/models/applications.server";
import type { Application } from "~/models/applications.server";
import { uiForForm } from "~/models/batches.server";
import { refusedChoices, withDisabledChoices } from "~/engine/forms/checks.server";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { formCatalogs } from "~/models/catalogs.server";
import { paymentInfo } from "~/models/payment-qr.server";
import { prefillForOwner } from "~/models/submissions.server";
import { now } from "~/utils/clock.server";
import { formatTime } from "~/utils/format";
import { documentHashes } from "./documents.server";

/**
 * A form's uiSchema as its owner is offered it: the batch's refused 入库类型 (uiForForm) and, while they
 * may edit, the choices the form's checks refuse for them (e.g. the region they are in already) greyed out.
 */
async function offeredUi(app: Application, editable: boolean, formKey: string, schema: SchemaNode, uiSchema: SchemaNode): Promise<SchemaNode> {
  const ui = app.batch ? uiForForm(app.batch, schema, uiSchema) : uiSchema;
  return editable ? withDisabledChoices(ui, await refusedChoices({ formKey, ownerId: app.instance.ownerId })) : ui;
}

/**
 * Everything the wizard shows for `app` to this user: the application header, each step with its
 * forms (pinned versions, saved data) and document state, the transitions they may take, the history,
 * the catalogs, and the payment card (the applicant only). Throws if a step names an unpublished form.
 */
export async function applicationPage(auth: Auth, app: Application) {
  const { def, instance } = app;
  const facts = await applicationFacts(app, documentHashes);
  const actor = { id: auth.user.id, role: auth.user.role };
  const history = await getHistory(instance.id);
  // The reviewer's comment that sent it back to the applicant, while it is what the applicant acts on:
  // the last transition brought the instance into the editable state it is still in. Once resubmitted,
  // approved or withdrawn the comment is history (the timeline keeps it), not a banner.
  const latest = history.at(-1);
  const lastReturn = latest?.comment && latest.toState === instance.state && def.states[latest.toState]?.editable ? latest : undefined;
  // Only the owner, while they may edit, gets the fields their form prefills from their own account;
  // a reviewer (or a locked application) sees exactly what was saved.
  const editable = isEditable(def, instance.state) && instance.ownerId === auth.user.id;
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
          const form = await applicationFormVersion(app, key, saved?.version);
          const d = form.definition;
          // Until saved, an owner editing sees what the form starts from (a change request: the record's values).
          const data = editable ? prefillForOwner(d, saved?.data ?? initialDocument(instance, key) ?? {}, auth.user) : saved?.data ?? {};
          return { key, version: form.version, hash: form.hash, title: form.title, schema: d.schema, uiSchema: await offeredUi(app, editable, key, d.schema, d.uiSchema ?? {}), rules: d.rules ?? [], data, status: saved?.status ?? null };
        }),
      ),
      document: s.document
        ? {
            key: s.document,
            name: documentName(s),
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
  return {
    application: {
      id: instance.id,
      /** Null until it is an application (a record process saved or acted on: isUnsaved). */
      applicationNumber: isUnsaved(instance, facts.stepData) ? null : applicationNumber(instance),
      /** The page's heading: 入库申请 for a batch's application, the workflow's own title for a process on a record. */
      title: instance.record ? def.title : "入库申请",
      expertNumber: instance.number,
      state: instance.state,
      stateTitle: stateTitle(def, instance.state),
      editable,
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
    /** The menu entry this page belongs to (AppShell): a process on the expert's record is a 个人信息变更. */
    navTo: instance.record ? "/changes" : "/apply",
  };
}


/** The page's data as the server builds it (the wizard receives it after JSON). */
export type ApplicationPage = Awaited<ReturnType<typeof applicationPage>>;
