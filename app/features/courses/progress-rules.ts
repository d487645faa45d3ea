// What counts as studied (issue 16): the distinct seconds of a lesson an expert really watched, kept as a
// set of merged intervals, and the rules a heartbeat must pass before it adds to them. Pure and
// browser-safe: the server judges with it, the tests drive it with generated sequences, and the page
// shows percentages computed the same way.

/** Half-open intervals [from, to) of whole seconds, sorted, disjoint and not touching. */
export type Intervals = [number, number][];

/** The player reports at least this often while playing (seconds); also the step a range may run ahead. */
export const HEARTBEAT_SPAN_S = 10;
/**
 * Slack for network delay and rounding (seconds): a heartbeat may add this much more than the server
 * time that passed since the previous one, and reach this much past furthest + one span.
 */
export const HEARTBEAT_TOLERANCE_S = 3;
/**
 * A video lesson is done when this share of its seconds was watched: Open edX's "completion" figure
 * (edx-platform, `completion` app: a video block counts as complete at 95 % viewed,
 * `COMPLETION_VIDEO_COMPLETE_PERCENTAGE = 0.95`).
 */
export const VIDEO_DONE_SHARE = 0.95;

/** The seconds a lesson needs: 95 % of a video's length, or a document's minimum study time. */
export function secondsNeeded(kind: "video" | "document", durationS: number, minStudyS?: number): number {
  return kind === "video" ? Math.ceil(durationS * VIDEO_DONE_SHARE) : Math.max(1, minStudyS ?? durationS);
}

/** The union of `set` and [from, to), merged (touching intervals join). Does not change `set`. */
export function addInterval(set: Intervals, from: number, to: number): Intervals {
  if (!(to > from)) return set.map(([a, b]) => [a, b]);
  const out: Intervals = [];
  let lo = from;
  let hi = to;
  let placed = false;
  for (const [a, b] of set) {
    if (b < lo) out.push([a, b]);
    else if (a > hi) {
      if (!placed) out.push([lo, hi]), (placed = true);
      out.push([a, b]);
    } else {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
  }
  if (!placed) out.push([lo, hi]);
  return out;
}

/** The union of two sets (what two sessions watched together). */
export function unionIntervals(a: Intervals, b: Intervals): Intervals {
  return b.reduce((acc, [x, y]) => addInterval(acc, x, y), a);
}

/** Total length of the set (seconds). */
export const coverage = (set: Intervals) => set.reduce((n, [a, b]) => n + (b - a), 0);

/** The parts of [0, durationS) not in `set`: what is left to watch of a video, in order. */
export function unwatchedIntervals(set: Intervals, durationS: number): Intervals {
  const out: Intervals = [];
  let at = 0;
  for (const [a, b] of set) {
    if (a >= durationS) break;
    if (a > at) out.push([at, a]);
    at = Math.max(at, b);
  }
  if (at < durationS) out.push([at, durationS]);
  return out;
}

/** Seconds as the player shows them: 03:20, or 1:02:05 past an hour. */
export function clockTime(s: number): string {
  const t = Math.max(0, Math.floor(s));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(t / 3600);
  return h ? `${h}:${two(Math.floor((t % 3600) / 60))}:${two(t % 60)}` : `${two(Math.floor(t / 60))}:${two(t % 60)}`;
}

/** Whether `v` is a well-formed interval set (as stored or sent): sorted, disjoint, non-negative integers. */
export function isIntervals(v: unknown): v is Intervals {
  if (!Array.isArray(v)) return false;
  let last = -1;
  for (const p of v) {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isSafeInteger(p[0]) || !Number.isSafeInteger(p[1])) return false;
    if (p[0] <= last || p[1] <= p[0] || p[0] < 0) return false;
    last = p[1];
  }
  return true;
}

/** What the server keeps per (enrolment, lesson, round); `lastAt` null before the first heartbeat. */
export type ProgressState = { intervals: Intervals; furthest: number; position: number; lastAt: number | null };
/** One heartbeat: the range [from, to] played (seconds of the video, or of visible time on a document page). */
export type Heartbeat = { from: number; to: number };
export type LessonTerms = { durationS: number; neededS: number };
/**
 * `retryAfterS` (whole seconds) comes with a range refused only for arriving early — a heartbeat delayed
 * on a slow network makes the next one look fast: sent again that much later, the same range is taken.
 */
export type Judgement = { ok: true; next: ProgressState; added: number } | { ok: false; status: 409 | 422; message: string; retryAfterS?: number };

export const EMPTY_PROGRESS: ProgressState = { intervals: [], furthest: 0, position: 0, lastAt: null };

/**
 * Judges one heartbeat against what was kept, at server time `nowMs`. Refused (nothing changes):
 * a range that is not inside the lesson (422); a range longer than one heartbeat span (422); a range
 * that ends beyond the furthest point reached plus one span — a seek ahead (409); more new seconds than
 * the server time elapsed since the previous heartbeat, plus the tolerance — faster than real time (409;
 * the first heartbeat may bring one span). Accepted: the union with what was kept (never smaller), the
 * furthest point (never lower), the position to resume at, and `lastAt = nowMs`.
 */
export function judgeHeartbeat(state: ProgressState, hb: Heartbeat, lesson: LessonTerms, nowMs: number): Judgement {
  const from = Math.round(hb.from);
  const to = Math.min(Math.round(hb.to), lesson.durationS);
  if (!Number.isFinite(hb.from) || !Number.isFinite(hb.to) || from < 0 || to < from) return { ok: false, status: 422, message: "学习进度数据无效" };
  if (hb.to > lesson.durationS + HEARTBEAT_TOLERANCE_S) return { ok: false, status: 422, message: "学习进度超出了课程时长" };
  if (to - from > HEARTBEAT_SPAN_S + HEARTBEAT_TOLERANCE_S) return { ok: false, status: 422, message: `每次上报的学习时段不能超过 ${HEARTBEAT_SPAN_S} 秒` };
  if (to > state.furthest + HEARTBEAT_SPAN_S + HEARTBEAT_TOLERANCE_S) return { ok: false, status: 409, message: "不能跳过尚未学习的内容，请从上次学到的位置继续学习" };
  const intervals = addInterval(state.intervals, from, to);
  const added = coverage(intervals) - coverage(state.intervals);
  const elapsedS = state.lastAt === null ? HEARTBEAT_SPAN_S : Math.max(0, (nowMs - state.lastAt) / 1000);
  if (added > elapsedS + HEARTBEAT_TOLERANCE_S) {
    return { ok: false, status: 409, message: "学习进度快于实际时间，未予记录，请正常播放学习", retryAfterS: Math.ceil(added - elapsedS - HEARTBEAT_TOLERANCE_S) };
  }
  return { ok: true, added, next: { intervals, furthest: Math.max(state.furthest, to), position: to, lastAt: nowMs } };
}

/** A lesson's progress in whole percent of what it needs (100 only when done). */
export function lessonPercent(coveredS: number, neededS: number): number {
  if (coveredS >= neededS) return 100;
  return Math.min(99, Math.floor((coveredS / Math.max(1, neededS)) * 100));
}

/** A course's (or enrolment's) progress over its lessons: seconds done of seconds needed, 100 only when every lesson is done. */
export function overallPercent(lessons: { coveredS: number; neededS: number }[]): number {
  if (!lessons.length) return 0;
  const need = lessons.reduce((n, l) => n + l.neededS, 0);
  const have = lessons.reduce((n, l) => n + Math.min(l.coveredS, l.neededS), 0);
  return have >= need ? 100 : Math.min(99, Math.floor((have / Math.max(1, need)) * 100));
}
