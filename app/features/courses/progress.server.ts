// 学习进度 (issue 16): heartbeats judged by the pure rules (progress-rules.ts) against what is kept per
// (enrolment, lesson, round) in `lesson_progress`, written with the row version in the WHERE clause so
// two tabs racing each other both end up in the union; the heartbeat that completes the last lesson
// moves the enrolment to 培训完毕 (start-study, then finish-study, as the owner). Also what the 学习 page
// and 我的培训 show: per lesson and per course, the share of what each lesson needs.
import type { Knex } from "knex";
import { applyTransition } from "~/engine/workflows/runtime.server";
import type { InstanceRecord } from "~/engine/workflows/types";
import type { Auth } from "~/features/accounts/auth.server";
import { canStudy, ENROLMENT_STATE, type EnrolmentData } from "~/features/training/enrolment";
import { now } from "~/utils/clock.server";
import { db, rowCount } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { lessonOfBatch, type LessonRow } from "./lessons.server";
import { coverage, EMPTY_PROGRESS, isIntervals, judgeHeartbeat, lessonPercent, overallPercent, unwatchedIntervals, type Heartbeat, type Intervals, type ProgressState } from "./progress-rules";
import type { HeartbeatAnswer, StudyLesson } from "./shapes";

type ProgressRow = { id: number; instance_id: number; lesson_id: number; round: number; intervals: string; covered_s: number; furthest_s: number; position_s: number; last_at: number | string; done_at: number | string | null; row_version: number };

/** The enrolment's current study round (补学 starts a new one, whose progress begins empty). */
export const roundOf = (inst: InstanceRecord) => Number((inst.data as EnrolmentData).round ?? 0);

const stateOf = (r: ProgressRow | undefined): ProgressState => {
  if (!r) return EMPTY_PROGRESS;
  const parsed: unknown = JSON.parse(r.intervals);
  return { intervals: isIntervals(parsed) ? parsed : [], furthest: Number(r.furthest_s), position: Number(r.position_s), lastAt: Number(r.last_at) };
};

/**
 * The lesson of the enrolment's batch an expert may study now, or a thrown 4xx: 404 when the lesson is
 * not in the batch, 403 while learning is not open (not yet paid).
 */
export async function studyableLesson(inst: InstanceRecord, lessonId: string | undefined): Promise<LessonRow> {
  const lesson = inst.batchId ? await lessonOfBatch(inst.batchId, Number(lessonId)) : null;
  if (!lesson) throw httpError(404, "未找到该课件");
  if (!canStudy(inst.state)) throw httpError(403, "缴费成功后即可进入培训学习");
  return lesson;
}

/**
 * Records one heartbeat `{ from, to }` (seconds) of the owner on a lesson of their enrolment. Refusals
 * (4xx with a Chinese message, nothing written) come from the rules; a write that lost a race with the
 * owner's other tab is judged again against the fresh row (at most a few times, then 409). Completing
 * the last lesson of the batch moves the enrolment on to 培训完毕.
 */
export async function recordHeartbeat(auth: Auth, inst: InstanceRecord, lesson: LessonRow, hb: Heartbeat): Promise<{ status: number; body: HeartbeatAnswer | { error: string } }> {
  const round = roundOf(inst);
  const terms = { durationS: Number(lesson.duration_s), neededS: Number(lesson.min_study_s) };
  for (let attempt = 0; attempt < 4; attempt++) {
    const row: ProgressRow | undefined = await db("lesson_progress").where({ instance_id: inst.id, lesson_id: lesson.id, round }).first();
    const t = now();
    const verdict = judgeHeartbeat(stateOf(row), hb, terms, t);
    if (!verdict.ok) return { status: verdict.status, body: { error: verdict.message, ...(verdict.retryAfterS ? { retryAfterS: verdict.retryAfterS } : {}) } };
    const next = verdict.next;
    const covered = coverage(next.intervals);
    const done = covered >= terms.neededS;
    const values = {
      intervals: JSON.stringify(next.intervals), covered_s: covered, furthest_s: next.furthest, position_s: next.position, last_at: t,
      done_at: row?.done_at ?? (done ? t : null),
    };
    let written: boolean;
    if (row) {
      written = rowCount(await db("lesson_progress").where({ id: row.id, row_version: row.row_version }).update({ ...values, row_version: Number(row.row_version) + 1 })) === 1;
    } else {
      const ins = await db("lesson_progress").insert({ instance_id: inst.id, lesson_id: lesson.id, round, ...values }).onConflict(["instance_id", "lesson_id", "round"]).ignore().returning("id");
      written = ins.length === 1;
    }
    if (!written) continue;
    const state = await advanceEnrolment(auth, inst, done);
    return {
      status: 200,
      body: {
        ok: true, coveredS: covered, furthestS: next.furthest, percent: lessonPercent(covered, terms.neededS), done, finished: state === ENROLMENT_STATE.studied, state,
        unwatched: unwatchedOf(lesson, next.intervals),
      },
    };
  }
  return { status: 409, body: { error: "学习进度正在另一页面更新，请稍后重试" } };
}

/** Whether every lesson of every course of the enrolment's batch is done in its current round (false when there are none). */
export async function allLessonsDone(conn: Knex, inst: { id: number; batchId: number | null; data: Record<string, unknown> }): Promise<boolean> {
  if (!inst.batchId) return false;
  const round = Number((inst.data as EnrolmentData).round ?? 0);
  const [{ n }] = await conn("training_lessons as l").join("training_courses as c", "c.id", "l.course_id").where("c.batch_id", inst.batchId).count<{ n: number | string }[]>({ n: "*" });
  if (!Number(n)) return false;
  const [{ d }] = await conn("lesson_progress as p").join("training_lessons as l", "l.id", "p.lesson_id").join("training_courses as c", "c.id", "l.course_id")
    .where({ "c.batch_id": inst.batchId, "p.instance_id": inst.id, "p.round": round }).whereNotNull("p.done_at").count<{ d: number | string }[]>({ d: "*" });
  return Number(d) >= Number(n);
}

/**
 * Moves the enrolment along as the owner: 已缴费 → 学习中 on the first progress, 学习中 → 培训完毕 when the
 * lesson reported on is done and so is every other (the `lessons-complete` guard re-checks inside the
 * transition). Returns the state it is in afterwards.
 */
async function advanceEnrolment(auth: Auth, inst: InstanceRecord, lessonDone: boolean): Promise<string> {
  const actor = { id: auth.user.id, role: auth.user.role };
  let state = inst.state;
  if (state === ENROLMENT_STATE.paid) {
    const r = await applyTransition(inst.id, "start-study", actor);
    state = r.ok ? r.to : ((await db("workflow_instances").where({ id: inst.id }).first("state"))?.state ?? state);
  }
  if (lessonDone && state === ENROLMENT_STATE.studying) {
    const r = await applyTransition(inst.id, "finish-study", actor, {}, { facts: async ({ trx, instance }) => ({ lessonsComplete: instance ? await allLessonsDone(trx, instance) : false }) });
    if (r.ok) state = r.to;
  }
  return state;
}

/** What is left to watch of a video lesson (none for a document, whose study is time on the page). */
const unwatchedOf = (l: LessonRow, watched: Intervals): Intervals => (l.kind === "video" ? unwatchedIntervals(watched, Number(l.duration_s)) : []);

/** Each lesson of the enrolment's batch with the expert's progress in the current round, by course id. */
export async function lessonProgress(inst: InstanceRecord): Promise<Map<number, StudyLesson[]>> {
  const out = new Map<number, StudyLesson[]>();
  if (!inst.batchId) return out;
  const lessons: LessonRow[] = await db("training_lessons as l").join("training_courses as c", "c.id", "l.course_id").where("c.batch_id", inst.batchId)
    .orderBy([{ column: "c.seq" }, { column: "l.seq" }, { column: "l.id" }]).select("l.*");
  const rows: ProgressRow[] = lessons.length ? await db("lesson_progress").where({ instance_id: inst.id, round: roundOf(inst) }).whereIn("lesson_id", lessons.map((l) => l.id)) : [];
  const byLesson = new Map(rows.map((r) => [Number(r.lesson_id), r]));
  for (const l of lessons) {
    const p = byLesson.get(Number(l.id));
    const covered = Number(p?.covered_s ?? 0);
    const needed = Number(l.min_study_s);
    const list = out.get(Number(l.course_id)) ?? [];
    list.push({
      id: Number(l.id), courseId: Number(l.course_id), seq: Number(l.seq), title: l.title, kind: l.kind, mime: l.mime, size: Number(l.size),
      durationS: Number(l.duration_s), neededS: needed, coveredS: covered, furthestS: Number(p?.furthest_s ?? 0), positionS: Number(p?.position_s ?? 0),
      percent: lessonPercent(covered, needed), done: !!p?.done_at, unwatched: unwatchedOf(l, p ? stateOf(p).intervals : []),
    });
    out.set(Number(l.course_id), list);
  }
  return out;
}

/**
 * 学习进度 and 培训完毕 of 我的培训 for one enrolment: per course id the course's percentage over its
 * lessons ("0%" for a course without lessons), and whether every lesson of the enrolment is done.
 */
export async function enrolmentProgress(inst: InstanceRecord): Promise<{ courses: Map<number, string>; finished: boolean }> {
  const byCourse = await lessonProgress(inst);
  const courses = new Map<number, string>();
  let all = 0;
  let done = 0;
  for (const [courseId, lessons] of byCourse) {
    courses.set(courseId, `${overallPercent(lessons.map((l) => ({ coveredS: l.done ? l.neededS : l.coveredS, neededS: l.neededS })))}%`);
    all += lessons.length;
    done += lessons.filter((l) => l.done).length;
  }
  return { courses, finished: all > 0 && done === all };
}
