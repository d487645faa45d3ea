// Helpers for 课程内容 and 学习进度 over HTTP: a lesson upload as the admin page sends it, a heartbeat as
// the player sends it, and the tiny real media fixtures (made once with ffmpeg, committed).
import fs from "node:fs";
import path from "node:path";
import type { Client } from "./app";
import { multipart } from "./uploads";

const MEDIA = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/media");
/** A 20 s, 96×64 VP8 WebM (ffmpeg testsrc); Debian's chromium plays it. */
export const webm20s = () => fs.readFileSync(path.join(MEDIA, "lesson-20s.webm"));
/** A 12 s, 96×64 H.264 MP4 (video only, faststart). */
export const mp412s = () => fs.readFileSync(path.join(MEDIA, "lesson-12s.mp4"));
export const MEDIA_DIR = MEDIA;

/** POST /admin/batches/:id/courses/upload: fields, then the file (header X-CSRF-Token). */
export function uploadLesson(client: Client, batchId: number, fields: { courseId: number | string; title: string; minStudyS?: string }, file: { name: string; data: Buffer }, opts: { csrf?: false } = {}) {
  const { body, type } = multipart([
    { name: "courseId", data: String(fields.courseId) },
    { name: "title", data: fields.title },
    ...(fields.minStudyS !== undefined ? [{ name: "minStudyS", data: fields.minStudyS }] : []),
    { name: "file", filename: file.name, data: file.data },
  ]);
  const headers: Record<string, string> = { "content-type": type };
  if (opts.csrf !== false) headers["x-csrf-token"] = client.csrf;
  return client.fetch(`/admin/batches/${batchId}/courses/upload`, { method: "POST", headers, body } as RequestInit);
}

/** One heartbeat as the player sends it: the range [from, to] seconds. */
export async function heartbeat(client: Client, enrolment: number, lesson: number, from: number, to: number, opts: { csrf?: false } = {}) {
  const res = await client.post(`/training/${enrolment}/lessons/${lesson}/heartbeat`, { from: String(from), to: String(to) }, opts);
  return { status: res.status, body: (await res.json()) as { ok?: true; coveredS: number; furthestS: number; percent: number; done: boolean; finished: boolean; state: string; error?: string } };
}
