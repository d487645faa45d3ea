// One application, as its applicant's wizard (step bar, one step at a time) and as a read-only summary
// once submitted. Actions: a transition, or a post for one step, which its type's registered runtime
// handles (暂存 / 下一步 of a form step, a signed scan, a feature type's own post): no switch on types here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PaymentCard } from "~/components/payment-card";
import { ApplicationWizard } from "~/components/wizard/application-wizard";
import { stateTitle } from "~/engine/workflows/transition";
import { documentHashes } from "~/features/admission/documents.server";
import { takeTransition } from "~/models/applications.server";
import { instanceFor, requireInstance } from "~/features/admission/access.server";
import { applicationPage } from "~/features/admission/application-page.server";
import { requireAuth } from "~/features/accounts/auth.server";
import { cleanMultilineText, field, readForm, rowVersionField } from "~/utils/request.server";
import { answerStepPost, readStepPost, type ApplyAnswer } from "~/features/admission/save-step.server";

export const meta: MetaFunction = () => [{ title: "入库申请 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { auth, app } = await requireInstance(request, params.id, "read");
  return json(await applicationPage(auth, app));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  const answer = (status: number, body: ApplyAnswer) => json<ApplyAnswer>(body, { status });

  if (intent === "transition") {
    const app = await instanceFor(auth, params.id, "update");
    const event = field(form, "event", 40);
    const rowVersion = rowVersionField(form);
    const comment = cleanMultilineText(form.get("comment"), 1000);
    const r = await takeTransition(app, event, { id: auth.user.id, role: auth.user.role }, { comment: comment || undefined, expectedRowVersion: rowVersion }, documentHashes);
    if (!r.ok) return answer(r.status, { ok: false, message: r.message });
    const title = app.def.transitions.find((t) => t.event === event)?.title ?? "操作";
    return answer(200, { ok: true, message: `${title}成功，当前状态：${stateTitle(app.def, r.to)}` });
  }
  // Every other intent is a post for one step, handled by its type's registered runtime (暂存/下一步 of a
  // form step, attach of a signed scan, a feature type's own): with JavaScript, 暂存 and 下一步 go to the
  // plain endpoint instead (app/features/admission/draft-endpoint.server.ts), through the same code.
  const post = readStepPost(form, intent);
  const app = await instanceFor(auth, params.id, "update", post.forms);
  const r = await answerStepPost(app, post);
  return answer(r.status, r.body);
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
