// 考试设置 of a batch (/admin/batches/:id/exam): the exam definition, the question bank (XLSX template,
// preview and import with row-level errors, list, delete) and 考试情况. Administrators only; every
// change audited. The template downloads from ./template (a resource route).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { examBatch, examSettingsPage, importQuestions, parseDefinitionForm, removeQuestions, updateDefinition } from "~/features/exam/admin.server";
import { categoryCounts } from "~/features/exam/bank.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { parsePaging } from "~/utils/paging";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";
import { ExamSettingsPage } from "./exam-settings-page";

export const meta: MetaFunction = () => [{ title: "考试设置 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const batch = await examBatch(auth, params.id);
  const url = new URL(request.url);
  const paging = parsePaging(url);
  return json(await examSettingsPage(batch.id, { ...paging, limit: paging.pageSize }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Batch");
  const actor = { id: auth.user.id, name: auth.user.name };
  const ip = clientIp(context);
  // The question file comes as multipart (the server read the body whole, at most 1 MB); CSRF first.
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw httpError(400, "无法读取提交的内容");
    }
    await verifyCsrf(request, String(form.get("_csrf") ?? ""));
    const batch = await examBatch(auth, params.id);
    const intent = String(form.get("intent") ?? "");
    const file = form.get("file");
    if (intent !== "preview" && intent !== "import") throw httpError(400, "未知的操作");
    if (!(file instanceof File) || !file.size) return json({ ok: false, message: "请选择题库文件（XLSX）" }, { status: 400 });
    if (!/\.xlsx$/i.test(file.name)) return json({ ok: false, message: "请上传 .xlsx 格式的题库文件（可先下载模板）" }, { status: 415 });
    const r = await importQuestions(batch.id, new Uint8Array(await file.arrayBuffer()), file.name, intent === "import", actor, ip);
    return json(r, { status: r.status });
  }
  const form = await readForm(request);
  const batch = await examBatch(auth, params.id);
  const intent = field(form, "intent", 20);
  if (intent === "definition") {
    const categories = [...(await categoryCounts(batch.id)).keys()];
    const r = await updateDefinition(batch.id, parseDefinitionForm((n) => field(form, n, 20), categories), actor, ip);
    return json(r, { status: r.status });
  }
  if (intent === "delete") {
    const ids = form.getAll("id").map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0);
    const r = await removeQuestions(batch.id, ids, actor, ip);
    return json(r, { status: r.status });
  }
  throw httpError(400, "未知的操作");
}

export default function ExamSettingsRoute() {
  return <ExamSettingsPage {...(useLoaderData<typeof loader>() as unknown as Awaited<ReturnType<typeof examSettingsPage>>)} />;
}
