// One application, as its applicant's wizard (step bar, one step at a time) and as a read-only summary
// once submitted. Actions: save a form step (暂存 / 下一步), attach a signed scan, take a transition.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PaymentCard } from "~/components/payment-card";
import { ApplicationWizard } from "~/components/wizard/application-wizard";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import { saveStepData } from "~/engine/workflows/runtime.server";
import { savedStepData, stepRuntime } from "~/engine/workflows/step-runtime.server";
import { STEP_TYPES } from "~/engine/workflows/step-types";
import { documentHashes } from "~/features/admission/documents.server";
import { applicationFacts, attachScan, takeTransition } from "~/models/applications.server";
import { instanceFor, requireInstance } from "~/features/admission/access.server";
import { applicationPage } from "~/features/admission/application-page.server";
import { requireAuth } from "~/features/accounts/auth.server";
import { field, httpError, readForm } from "~/utils/request.server";
import { postedForms, readStepPost, saveStepFromPost, type ApplyAnswer } from "~/features/admission/save-step.server";

export const meta: MetaFunction = () => [{ title: "入库申请 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { auth, app } = await requireInstance(request, params.id, "read");
  return json(await applicationPage(auth, app));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  const post = intent === "save" || intent === "next" ? readStepPost(form, intent) : null;
  const app = await instanceFor(auth, params.id, "update", postedForms(post));
  const step = app.def.steps.find((s) => s.key === field(form, "step", 80));
  const answer = (status: number, body: ApplyAnswer) => json<ApplyAnswer>(body, { status });

  // With JavaScript, 暂存 goes to the plain endpoint (app/features/admission/draft-endpoint.server.ts); same code.
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
