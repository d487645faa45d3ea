// The expert's exam page (/training/:id/exam): what the loader sends — the open attempt's paper without
// answer keys or explanations, the saved answers with their sequence numbers, the server's clock and the
// deadline; after submission the result and the per-question review — and the page's actions (开始考试,
// 交卷, 补学, 重新考试), each audited as an enrolment transition where the enrolment moves.
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { applyTransition, getInstance } from "~/engine/workflows/runtime.server";
import type { InstanceRecord } from "~/engine/workflows/types";
import { ENROLMENT_STATE } from "~/features/training/enrolment";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { allowedAttempts, answerKeys, attemptsOf, startAttempt, submitAttempt, submitIfExpired } from "./attempts.server";
import type { AttemptRow, ExamData, StartedAttempt } from "./attempts.server";
import { loadDefinition } from "./definitions.server";
import { publicQuestions } from "./question-cache.server";
import { ATTEMPT_STATUS, KIND_TITLE } from "./rules";
import type { PaperItem, QuestionKind } from "./rules";

/** A question as the page shows it while the attempt is open: never its answer or explanation. */
export type PaperQuestion = { id: number; kind: QuestionKind; kindTitle: string; category: string; stem: string; options: { id: number; text: string }[] };

const isTrue = (v: unknown) => v === true || v === 1;

async function paperQuestions(paper: PaperItem[]): Promise<PaperQuestion[]> {
  const byId = await publicQuestions(paper.map((p) => p.q));
  return paper.map(({ q, o }) => {
    const r = byId.get(q)!;
    return { id: q, kind: r.kind, kindTitle: KIND_TITLE[r.kind], category: r.category, stem: r.stem, options: o.map((i) => ({ id: i, text: r.options[i] })) };
  });
}

/** The page's data. Submits an expired attempt of this expert first (submit-on-read). */
export async function examPage(auth: Auth, enrolment: InstanceRecord) {
  requireAbility(auth.ability, "read", "Enrolment", { owner_id: enrolment.ownerId });
  await submitIfExpired(enrolment.ownerId);
  const inst = (await getInstance(enrolment.id, reader)) ?? enrolment;
  const data = inst.data as ExamData;
  const def = inst.batchId ? await loadDefinition(inst.batchId) : null;
  const attempts = await attemptsOf(inst.id);
  const open = attempts.find((a) => a.status === ATTEMPT_STATUS.open);
  const last = [...attempts].reverse().find((a) => a.status === ATTEMPT_STATUS.submitted);
  const allowed = def ? allowedAttempts(def.attempts, data) : 0;
  return {
    id: inst.id, state: inst.state, rowVersion: inst.rowVersion,
    definition: def ? { minutes: def.minutes, passMark: def.passMark, attempts: allowed, questions: def.draws.reduce((s, d) => s + d.count, 0), retakeNeedsStudy: def.retakeNeedsStudy } : null,
    used: attempts.length,
    canStart: !open && !!def && inst.state === ENROLMENT_STATE.studied && attempts.length < allowed,
    canRetake: inst.state === ENROLMENT_STATE.failed && !!data.exam?.needsStudy && data.exam.used < data.exam.allowed,
    canRetry: inst.state === ENROLMENT_STATE.failed && !!data.exam && !data.exam.needsStudy && data.exam.used < data.exam.allowed,
    exhausted: inst.state === ENROLMENT_STATE.failed && !!data.exam && data.exam.used >= data.exam.allowed,
    open: open ? await openView(open) : null,
    result: last && !open ? await resultView(last) : null,
  };
}

/** `fresh`: the attempt was created just now, so it has no saved answers to read. */
async function openView(a: StartedAttempt, fresh = false) {
  const paper = JSON.parse(a.paper) as PaperItem[];
  const saved: { question_id: number; seq: number; choice: string }[] = fresh ? [] : await reader("exam_answers").where({ attempt_id: a.id }).select("question_id", "seq", "choice");
  return {
    attemptId: Number(a.id), attemptNo: Number(a.attempt_no), serverNow: now(), deadline: Number(a.deadline),
    questions: await paperQuestions(paper),
    answers: Object.fromEntries(saved.map((s) => [String(s.question_id), { choice: JSON.parse(s.choice) as number[], seq: Number(s.seq) }])),
  };
}

/**
 * The result of a submitted attempt. The per-question review (the expert's answers, 正确答案, 解析) only
 * after passing: a failed attempt's review would hand over the key to a retake, which may draw the same
 * questions (a small bank, an extra attempt an administrator grants later), so `review` is then empty.
 */
async function resultView(a: AttemptRow) {
  const passed = isTrue(a.passed);
  const base = {
    attemptNo: Number(a.attempt_no), score: Number(a.score), passed, correct: Number(a.correct), total: Number(a.total),
    submittedAt: formatTime(Number(a.submitted_at)), byDeadline: a.submitted_by === "deadline",
  };
  if (!passed) return { ...base, review: [] };
  const paper = JSON.parse(a.paper) as PaperItem[];
  const keys = await answerKeys(paper.map((p) => p.q));
  const given = new Map<number, number[]>(
    (await db("exam_answers").where({ attempt_id: a.id }).select("question_id", "choice")).map((r: { question_id: number; choice: string }) => [Number(r.question_id), JSON.parse(r.choice) as number[]]),
  );
  return {
    ...base,
    review: paper.map(({ q, o }) => {
      const k = keys.get(q)!;
      const mine = given.get(q) ?? [];
      const right = [...k.answer].sort().join(",") === [...mine].sort().join(",");
      return { id: q, kindTitle: KIND_TITLE[k.kind], stem: k.stem, options: o.map((i) => ({ id: i, text: k.options[i] })), given: mine, answer: k.answer, explanation: k.explanation, correct: right };
    }),
  };
}

type Outcome = { status: number; ok: boolean; message: string };

/** The paper of an open attempt as the page shows it (see `examPage`'s `open`). */
export type OpenAttemptView = Awaited<ReturnType<typeof openView>>;

/**
 * 开始考试 (the owner, 培训完毕 only): 201 with the paper of the new attempt, 200 with the open one's (a
 * double click, a second tab), or the refusal (409/422, Chinese). The paper comes with the answer so
 * the page shows it without reloading its data: at 3,000 starts at once, one request each, not four
 * (the action, then the root's, the layout's and the page's loaders).
 */
export async function startExam(auth: Auth, inst: InstanceRecord): Promise<Outcome & { open?: OpenAttemptView }> {
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: inst.ownerId });
  const r = await startAttempt(inst);
  if (!r.ok || !r.attemptId) return { status: r.status, ok: r.ok, message: r.message };
  // The attempt it created comes back with it; an open one (double click, second tab) is read, with its
  // answers (committed before startAttempt returned, so a reader connection sees it).
  const open = r.started ? await openView(r.started, true) : await openView(await reader("exam_attempts").where({ id: r.attemptId }).first());
  return { status: r.status, ok: true, message: r.message, open };
}

/** 交卷: the owner submits the open attempt now; graded at once, the enrolment moves to 合格/不合格. */
export async function submitExam(auth: Auth, inst: InstanceRecord, attemptId: number): Promise<Outcome & { passed?: boolean }> {
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: inst.ownerId });
  const a = await db("exam_attempts").where({ id: attemptId, instance_id: inst.id, owner_id: auth.user.id }).first("id", "status");
  if (!a) return { status: 404, ok: false, message: "未找到该考试" };
  if (a.status !== ATTEMPT_STATUS.open) return { status: 409, ok: false, message: "本次考试已交卷" };
  await submitAttempt(Number(a.id), "expert");
  const done = await db("exam_attempts").where({ id: a.id }).first("score", "passed");
  const passed = isTrue(done.passed);
  return { status: 200, ok: true, passed, message: `已交卷，成绩 ${done.score} 分，${passed ? "合格" : "不合格"}` };
}

/** 补学 or 重新考试 after 不合格, by the owner; the workflow's guards decide, the move is audited. */
export async function afterFailing(auth: Auth, inst: InstanceRecord, event: "retake" | "retry-exam", rowVersion: number, ip: string): Promise<Outcome> {
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: inst.ownerId });
  const r = await applyTransition(inst.id, event, { id: auth.user.id, role: auth.user.role }, { expectedRowVersion: rowVersion });
  if (!r.ok) return { status: r.status, ok: false, message: r.message };
  await audit({
    actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.enrolmentTransition, target: { type: "Enrolment", id: inst.id }, ip, outcome: AUDIT_OUTCOME.ok,
    detail: { event, before: r.from, after: r.to },
  });
  return { status: 200, ok: true, message: event === "retake" ? "已申请补学，请按提示缴费后重新学习" : "可以重新参加考试" };
}
