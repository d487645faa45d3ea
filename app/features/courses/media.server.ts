// A lesson's file for the player (GET /training/:id/lessons/:lessonId/media): streamed from storage with
// HTTP Range support (RFC 9110 §14), so a video can seek without downloading what comes before.
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { Auth } from "~/features/accounts/auth.server";
import { ownEnrolment } from "~/features/training/my-training.server";
import { getInstance } from "~/engine/workflows/runtime.server";
import { fileStorage } from "~/services/file-storage.server";
import { httpError } from "~/utils/http.server";
import { lessonOfBatch } from "./lessons.server";
import { parseRange } from "./range";
import { studyableLesson } from "./progress.server";

/**
 * The media answer for `enrolmentId`'s lesson: to the enrolment's owner while learning is open (404 for
 * anyone else's, 403 before payment), and to administrators (`manage Course`). 200 whole, 206 a range,
 * 416 a range it cannot satisfy.
 */
export async function lessonMedia(auth: Auth, request: Request, params: { id?: string; lessonId?: string }): Promise<Response> {
  let lesson;
  if (auth.ability.can("manage", "Course")) {
    const inst = await getInstance(Number(params.id));
    lesson = inst?.batchId ? await lessonOfBatch(inst.batchId, Number(params.lessonId)) : null;
    if (!lesson) throw httpError(404, "未找到该课件");
  } else {
    lesson = await studyableLesson(await ownEnrolment(auth, params.id), params.lessonId);
  }
  const size = (await fileStorage().size(lesson.sha256)) ?? -1;
  if (size < 0) throw httpError(404, "课件文件不存在，请联系管理员重新上传");
  const headers: Record<string, string> = {
    "Content-Type": lesson.mime, "Accept-Ranges": "bytes", "X-Content-Type-Options": "nosniff",
    // no-transform: compression must not touch the bytes a range counts.
    "Cache-Control": "private, no-store, no-transform",
  };
  // No CSP sandbox here (unlike /uploads): Chromium does not show a PDF in a sandboxed frame, and the 学习
  // page frames it (server/app.ts lets our own pages frame this path). The file is an administrator's,
  // checked by pdf-lib when it was uploaded.
  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
  if (!range) return new Response(createReadableStreamFromReadable(fileStorage().open(lesson.sha256)), { status: 200, headers: { ...headers, "Content-Length": String(size) } });
  return new Response(createReadableStreamFromReadable(fileStorage().open(lesson.sha256, range)), {
    status: 206, headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${size}` },
  });
}
