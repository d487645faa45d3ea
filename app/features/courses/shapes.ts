// Browser-safe shapes and constants of 课程内容 and 学习进度, shared by the pages and the server.
import { HEARTBEAT_SPAN_S } from "./progress-rules";
import type { Intervals } from "./progress-rules";

export const LESSON_KIND = { video: "video", document: "document" } as const;
export type LessonKind = (typeof LESSON_KIND)[keyof typeof LESSON_KIND];
export const LESSON_KIND_LABEL: Record<LessonKind, string> = { video: "视频", document: "文档" };

/** Budgets on what an administrator enters for a lesson. */
export const LESSON_LIMITS = {
  titleMax: 100,
  /** A video between 1 s and 12 h (read from the file). */
  videoMinS: 1,
  videoMaxS: 12 * 3600,
  /** A document's minimum study time, seconds. */
  documentMinS: 10,
  documentMaxS: 8 * 3600,
} as const;

/** A lesson as pages show it. `neededS`: seconds of study that complete it. */
export type LessonView = { id: number; courseId: number; seq: number; title: string; kind: LessonKind; mime: string; size: number; durationS: number; neededS: number };

/**
 * A lesson with the expert's progress in the current round. `positionS`: where to resume; `unwatched`:
 * the parts of a video not yet watched (seconds, [from, to)), empty for a document.
 */
export type StudyLesson = LessonView & { coveredS: number; furthestS: number; positionS: number; percent: number; done: boolean; unwatched: Intervals };

/** What the heartbeat endpoint answers on success (`unwatched` as in StudyLesson). */
export type HeartbeatAnswer = { ok: true; coveredS: number; furthestS: number; percent: number; done: boolean; finished: boolean; state: string; unwatched: Intervals };

/** The page reports at least this often while a lesson plays or a document is visible (ms). */
export const HEARTBEAT_EVERY_MS = HEARTBEAT_SPAN_S * 1000 - 1000;

/** URLs of a lesson's media and heartbeat. */
export const lessonMediaPath = (enrolmentId: number, lessonId: number) => `/training/${enrolmentId}/lessons/${lessonId}/media`;
