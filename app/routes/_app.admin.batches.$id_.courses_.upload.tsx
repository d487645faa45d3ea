// POST /admin/batches/:id/courses/upload — 课程内容's 上传课件 (admin): multipart `courseId`, `title`,
// `minStudyS`, then one `file` (header X-CSRF-Token). The body streams under LESSON_MAX_BYTES
// (server/app.ts). 201 { lesson } or 4xx { error }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { LessonRefused, receiveLesson, requireBatch } from "~/features/courses/lessons.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { clientIp, httpError } from "~/utils/request.server";

export const loader = () => {
  throw httpError(405, "请求方式不正确");
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw httpError(405, "请求方式不正确");
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Course");
  await verifyCsrf(request, request.headers.get("x-csrf-token") ?? "");
  const batchId = await requireBatch(params.id);
  try {
    return json({ lesson: await receiveLesson(request, auth, batchId, clientIp(context)) }, { status: 201 });
  } catch (e) {
    if (e instanceof LessonRefused) return json({ error: e.message }, { status: e.status });
    throw e;
  }
}
