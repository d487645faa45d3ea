// 课程内容 (issue 16): the lessons of a batch's training courses, edited by administrators — a video
// (MP4/WebM) or a PDF per lesson, stored content-addressed in file storage. A lesson file streams to a
// temp file under LESSON_MAX_BYTES (never held whole), is judged by its bytes (file-type for the kind,
// music-metadata for a video's length read from its container, pdf-lib in the worker pool for a PDF)
// and only then enters storage; every change is audited.
import type { Knex } from "knex";
import fsp from "node:fs/promises";
import { setImmediate } from "node:timers/promises";
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { audit } from "~/models/audit.server";
import { AUDIT_ACTION } from "~/models/constants";
import { checkPdf } from "~/models/uploads.server";
import { fileStorage, type TempFile } from "~/services/file-storage.server";
import { now } from "~/utils/clock.server";
import { db, rowCount } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { nameProblem } from "~/utils/file-types.server";
import { httpError } from "~/utils/http.server";
import { MultipartError, readMultipart } from "~/utils/multipart.server";
import { cleanText } from "~/utils/request.server";
import { secondsNeeded } from "./progress-rules";
import { LESSON_KIND, LESSON_LIMITS, type LessonKind, type LessonView } from "./shapes";

export class LessonRefused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type LessonRow = {
  id: number; course_id: number; seq: number; title: string; kind: LessonKind; sha256: string; mime: string;
  size: number; duration_s: number; min_study_s: number; created_at: number;
};

const toView = (r: LessonRow): LessonView => ({
  id: Number(r.id), courseId: Number(r.course_id), seq: Number(r.seq), title: r.title, kind: r.kind, mime: r.mime,
  size: Number(r.size), durationS: Number(r.duration_s), neededS: Number(r.min_study_s),
});

/** A batch's courses in order, each with its lessons in order. */
export async function coursesWithLessons(batchId: number) {
  const courses: { id: number; seq: number; name: string; study_days: number }[] = await db("training_courses").where({ batch_id: batchId }).orderBy("seq").select("id", "seq", "name", "study_days");
  const lessons: LessonRow[] = courses.length ? await db("training_lessons").whereIn("course_id", courses.map((c) => c.id)).orderBy([{ column: "course_id" }, { column: "seq" }, { column: "id" }]) : [];
  return courses.map((c) => ({
    id: Number(c.id), seq: Number(c.seq), name: c.name, studyDays: Number(c.study_days),
    lessons: lessons.filter((l) => Number(l.course_id) === Number(c.id)).map(toView),
  }));
}

/** The lesson `lessonId` if it belongs to a course of `batchId`, else null. */
export async function lessonOfBatch(batchId: number, lessonId: number): Promise<LessonRow | null> {
  if (!Number.isSafeInteger(lessonId) || lessonId <= 0) return null;
  const row = await db("training_lessons as l").join("training_courses as c", "c.id", "l.course_id")
    .where({ "l.id": lessonId, "c.batch_id": batchId }).first("l.*");
  return (row as LessonRow | undefined) ?? null;
}

/** The id of the batch named by a route parameter; 404 when there is none. */
export async function requireBatch(param: string | undefined): Promise<number> {
  const id = /^\d{1,12}$/.test(param ?? "") ? Number(param) : 0;
  if (!id || !(await db("batches").where({ id }).first("id"))) throw httpError(404, "未找到该批次");
  return id;
}

/** 课程内容 page data (admin): the batch's name and its courses with lessons. 404 for an unknown batch. */
export async function coursesPage(auth: Auth, batchId: number) {
  requireAbility(auth.ability, "manage", "Course");
  const batch = await db("batches").where({ id: batchId }).first("id", "name");
  if (!batch) throw httpError(404, "未找到该批次");
  return { batchId, batchName: batch.name as string, courses: await coursesWithLessons(batchId), maxMb: Math.floor(env.lessonMaxBytes / 1024 / 1024), limits: LESSON_LIMITS };
}

const WRITE_SLICE = 256 * 1024;
const VIDEO_MIME: Record<string, string> = { mp4: "video/mp4", webm: "video/webm" };

/**
 * Receives one lesson (multipart fields `courseId`, `title`, `minStudyS` — a document's minimum study time
 * in seconds — then one `file`) for a course of `batchId`, and appends it to the course. Refuses with a
 * status and a Chinese reason (LessonRefused), leaving nothing behind: not multipart (415), over
 * LESSON_MAX_BYTES (413), no or empty file, bad fields (400/422), a course of another batch (404), a
 * file that is neither MP4/WebM video nor PDF by content (415), a video whose length cannot be read from
 * its container or lies outside 1 s – 12 h, a PDF that does not open (422).
 */
export async function receiveLesson(request: Request, auth: Auth, batchId: number, ip: string): Promise<LessonView> {
  requireAbility(auth.ability, "manage", "Course");
  const fields: Record<string, string> = {};
  let temp: TempFile | null = null;
  let name = "";
  const store = fileStorage();
  try {
    try {
      await readMultipart(request, { fileBytes: env.lessonMaxBytes, fieldBytes: 1024, parts: 8 }, {
        onField(field, value) {
          if (["courseId", "title", "minStudyS"].includes(field)) fields[field] = value;
        },
        async onFile({ field, filename, stream }) {
          if (temp) throw new LessonRefused(400, "一次只能上传一个课件文件");
          if (field !== "file") throw new LessonRefused(400, "文件字段名应为 file");
          name = filename.normalize("NFC");
          const problem = nameProblem(name);
          if (problem) throw new LessonRefused(400, problem);
          const t = (temp = store.createTemp());
          for await (const chunk of stream) {
            for (let i = 0; i < chunk.byteLength; i += WRITE_SLICE) {
              await t.write(chunk.subarray(i, i + WRITE_SLICE));
              if (chunk.byteLength > WRITE_SLICE) await setImmediate();
            }
          }
        },
      });
    } catch (e) {
      if (e instanceof MultipartError) throw new LessonRefused(e.status, e.message);
      throw e;
    }
    const courseId = Number(fields.courseId);
    const course = Number.isSafeInteger(courseId) && courseId > 0 ? await db("training_courses").where({ id: courseId, batch_id: batchId }).first("id", "name") : undefined;
    if (!course) throw new LessonRefused(404, "未找到该课程，请刷新页面后重试");
    const title = cleanText(fields.title, 200);
    if (!title) throw new LessonRefused(422, "请填写课件标题");
    if (title.length > LESSON_LIMITS.titleMax) throw new LessonRefused(422, `课件标题不能超过 ${LESSON_LIMITS.titleMax} 个字`);
    const file = temp as TempFile | null;
    if (!file) throw new LessonRefused(400, "请选择要上传的课件文件");
    const { sha256, size } = await file.finish();
    if (size === 0) throw new LessonRefused(400, "文件内容为空，请重新选择文件");
    const judged = await judgeLessonFile(file.path, size, fields.minStudyS);
    const row = await db.transaction(async (trx) => {
      const [{ n }] = await trx("training_lessons").where({ course_id: courseId }).max<{ n: number | null }[]>({ n: "seq" });
      const [inserted] = await trx("training_lessons").insert({
        course_id: courseId, seq: Number(n ?? 0) + 1, title, kind: judged.kind, sha256, mime: judged.mime, size,
        duration_s: judged.durationS, min_study_s: secondsNeeded(judged.kind, judged.durationS, judged.durationS), created_at: now(),
      }).returning("*");
      // An uploads row keeps the blob from the orphan cleanup (which also spares blobs a lesson names).
      const had = await trx("uploads").where({ owner_id: auth.user.id, sha256 }).update({ created_at: now() });
      if (!rowCount(had)) await trx("uploads").insert({ owner_id: auth.user.id, sha256, size, mime: judged.mime, original_name: name, created_at: now() });
      await audit({ actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.lessonChange, target: { type: "Batch", id: batchId }, ip, detail: { op: "add", course: course.name, title, kind: judged.kind, sha256 } }, trx);
      return inserted as LessonRow;
    });
    await store.putFile(file.path, sha256);
    temp = null;
    return toView(row);
  } finally {
    const t = temp as TempFile | null;
    if (t) await t.discard();
  }
}

/**
 * What a lesson file is, from its bytes: a video (MP4 or WebM, its length read from the container by
 * music-metadata — the duration the heartbeats are measured against) or a PDF that opens (its minimum
 * study time given by the administrator, 10 s – 8 h).
 */
async function judgeLessonFile(path: string, size: number, minStudyRaw: string | undefined): Promise<{ kind: LessonKind; mime: string; durationS: number }> {
  // file-type and music-metadata load with the first lesson file: only administrators upload them.
  const [{ fileTypeFromFile }, { parseFile }] = await Promise.all([import("file-type"), import("music-metadata")]);
  const found = await fileTypeFromFile(path);
  const isPdf = found?.mime === "application/pdf";
  if (found && VIDEO_MIME[found.ext] === found.mime) {
    let seconds: number | undefined;
    try {
      const meta = await parseFile(path, { duration: true, skipCovers: true });
      if (!meta.format.hasVideo && meta.format.trackInfo.every((t) => !t.video)) throw new Error("no video track");
      seconds = meta.format.duration ?? Math.max(0, ...meta.format.trackInfo.map((t) => t.duration ?? 0));
    } catch {
      throw new LessonRefused(422, "无法读取该视频（文件已损坏或不含视频画面），请重新导出为 MP4（H.264）或 WebM 后上传");
    }
    if (!seconds || !Number.isFinite(seconds)) throw new LessonRefused(422, "无法从视频文件中读出时长，请重新导出（如用格式工厂或剪映导出为 MP4）后上传");
    const durationS = Math.round(seconds);
    if (durationS < LESSON_LIMITS.videoMinS || durationS > LESSON_LIMITS.videoMaxS) throw new LessonRefused(422, `视频时长应在 ${LESSON_LIMITS.videoMinS} 秒至 ${LESSON_LIMITS.videoMaxS / 3600} 小时之间`);
    return { kind: LESSON_KIND.video, mime: found.mime, durationS };
  }
  if (isPdf) {
    const min = Number(minStudyRaw);
    if (!/^\d{1,6}$/.test(minStudyRaw ?? "") || min < LESSON_LIMITS.documentMinS || min > LESSON_LIMITS.documentMaxS) {
      throw new LessonRefused(422, `请填写文档的最短学习时间（${LESSON_LIMITS.documentMinS} 至 ${LESSON_LIMITS.documentMaxS} 秒）`);
    }
    if (size > env.uploadMaxBytes) throw new LessonRefused(413, `PDF 课件不能超过 ${Math.floor(env.uploadMaxBytes / 1024 / 1024)} MB，请压缩或拆分后上传`);
    const problem = await checkPdf(await fsp.readFile(path));
    if (problem) throw new LessonRefused(problem.status, problem.reason);
    return { kind: LESSON_KIND.document, mime: "application/pdf", durationS: min };
  }
  return Promise.reject(new LessonRefused(415, "课件只能是 MP4 或 WebM 视频、或 PDF 文档，请转换格式后重新上传"));
}

/**
 * 删除 or 上移/下移 of one lesson of `batchId` (admin, audited). Moving swaps `seq` with the neighbour in
 * the same course. 404 for a lesson of another batch; moving past either end changes nothing.
 */
export async function changeLesson(auth: Auth, batchId: number, lessonId: number, op: "remove" | "up" | "down", ip: string): Promise<string> {
  requireAbility(auth.ability, "manage", "Course");
  const lesson = await lessonOfBatch(batchId, lessonId);
  if (!lesson) throw httpError(404, "未找到该课件，请刷新页面后重试");
  await db.transaction(async (trx) => {
    if (op === "remove") {
      await trx("training_lessons").where({ id: lesson.id }).delete();
    } else {
      const q = trx("training_lessons").where({ course_id: lesson.course_id });
      const other = op === "up"
        ? await q.where("seq", "<", lesson.seq).orderBy("seq", "desc").first("id", "seq")
        : await q.where("seq", ">", lesson.seq).orderBy("seq", "asc").first("id", "seq");
      if (!other) return;
      await trx("training_lessons").where({ id: other.id }).update({ seq: lesson.seq });
      await trx("training_lessons").where({ id: lesson.id }).update({ seq: other.seq });
    }
    await audit({ actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.lessonChange, target: { type: "Batch", id: batchId }, ip, detail: { op, lesson: lesson.id, title: lesson.title } }, trx);
  });
  return op === "remove" ? `已删除课件「${lesson.title}」` : "已调整顺序";
}

/**
 * 复制 of a batch (registered as a batch copier): every lesson of batch `fromId`'s courses, under the
 * course of the same position in batch `toId` (cloneBatch copied the courses first). The files are
 * shared, not duplicated: a lesson names its content by sha256.
 */
export async function copyLessons(trx: Knex.Transaction, fromId: number, toId: number): Promise<void> {
  const target = new Map<number, number>(
    (await trx("training_courses").where({ batch_id: toId }).select("id", "seq")).map((c: { id: number; seq: number }) => [Number(c.seq), Number(c.id)]),
  );
  const lessons = await trx("training_lessons as l").join("training_courses as c", "c.id", "l.course_id").where("c.batch_id", fromId)
    .select("c.seq as course_seq", "l.seq", "l.title", "l.kind", "l.sha256", "l.mime", "l.size", "l.duration_s", "l.min_study_s");
  const t = now();
  const rows = lessons.flatMap(({ course_seq, ...l }: { course_seq: number } & Record<string, unknown>) => {
    const courseId = target.get(Number(course_seq));
    return courseId ? [{ ...l, course_id: courseId, created_at: t }] : [];
  });
  for (let i = 0; i < rows.length; i += 200) await trx("training_lessons").insert(rows.slice(i, i + 200));
}
