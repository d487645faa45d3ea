// 考试 (manual 三): the expert's exam of one enrolment — 开始考试 in 培训完毕 (POST /training/:id/exam/start,
// a plain endpoint answering with the paper), the paper with the remaining time from the server's clock,
// answers saved one by one through POST /training/:id/exam/answer (a plain endpoint), 交卷, then the
// score, 合格/不合格 and the review; after 不合格, 补学 or 重新考试.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAuth } from "~/features/accounts/auth.server";
import { afterFailing, examPage, submitExam } from "~/features/exam/exam-page.server";
import { ownEnrolment } from "~/features/training/my-training.server";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";
import { ExamPage } from "./exam-page";

export const meta: MetaFunction = () => [{ title: "考试 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return json(await examPage(auth, await ownEnrolment(auth, params.id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  if (!["submit", "retake", "retry"].includes(intent)) throw httpError(400, "未知的操作");
  const inst = await ownEnrolment(auth, params.id);
  let r: { status: number; ok: boolean; message: string; passed?: boolean };
  if (intent === "submit") {
    const attempt = Number(field(form, "attempt", 12));
    if (!Number.isSafeInteger(attempt) || attempt <= 0) throw httpError(400, "请求不完整，请刷新页面后重试");
    r = await submitExam(auth, inst, attempt);
  } else {
    const rowVersion = Number(field(form, "rowVersion", 12));
    if (!Number.isSafeInteger(rowVersion)) throw httpError(400, "请求不完整，请刷新页面后重试");
    r = await afterFailing(auth, inst, intent === "retake" ? "retake" : "retry-exam", rowVersion, clientIp(context));
  }
  return json({ ok: r.ok, message: r.message, passed: r.passed }, { status: r.status });
}

export default function ExamRoute() {
  return <ExamPage {...useLoaderData<typeof loader>()} />;
}
