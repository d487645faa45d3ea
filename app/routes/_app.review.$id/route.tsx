// One review task: the application read-only with its own form versions, the signed scans, the
// history, and the transitions this reviewer may take (开始审核 / 通过 / 退回修改). Viewing the full ID
// number is audited. The page and its server side sit beside this file.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/features/accounts/auth.server";
import { instanceFor, requireInstance } from "~/features/admission/access.server";
import { cleanMultilineText, clientIp, field, httpError, readForm, rowVersionField } from "~/utils/request.server";
import { TaskPage } from "./task-page";
import { reviewTask, taskPage, type TaskAnswer } from "./task.server";

export const meta: MetaFunction = () => [{ title: "审核详情 - 评标专家管理系统" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { auth, app } = await requireInstance(request, params.id, "review");
  return json(await taskPage(auth, app, clientIp(context)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const app = await instanceFor(auth, params.id, "review");
  if (field(form, "intent", 20) !== "transition") throw httpError(400, "未知的操作");
  const rowVersion = rowVersionField(form);
  const comment = cleanMultilineText(form.get("comment"), 1000);
  const r = await reviewTask(auth, app, {
    event: field(form, "event", 40),
    comment: comment || undefined,
    rowVersion,
  }, clientIp(context));
  return json<TaskAnswer>(r.body, { status: r.status });
}

/** A task that has left the reviewer's scope is not loaded again (that would be a 404); the page goes back to the inbox. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as TaskAnswer | undefined)?.left ? false : defaultShouldRevalidate;

export default function TaskRoute() {
  return <TaskPage {...useLoaderData<typeof loader>()} />;
}
