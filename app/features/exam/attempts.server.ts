// Taking the exam: starting an attempt (only in 培训完毕, one open attempt per expert — the database's
// partial unique index decides a race), saving answers (ordered by the client's sequence number, taken
// until the deadline and, for answers given by then, during the grace), submitting and grading on the
// server, and moving the enrolment to 合格/不合格 with the graded attempt as the guards' fact.
// An expired attempt is submitted by the sweeper (the exam-sweeper job, features/jobs.server.ts) or by whoever reads it first.
import type { Knex } from "knex";
import { applyTransition, getInstance } from "~/engine/workflows/runtime.server";
import type { InstanceRecord } from "~/engine/workflows/types";
import { ENROLMENT_STATE } from "~/features/training/enrolment";
import type { EnrolmentData } from "~/features/training/enrolment";
import { now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { inGroupBatch, inGroupCommit } from "./group-commit.server";
import type { GroupBatch } from "./group-commit.server";
import { definitionForStart } from "./definitions.server";
import { liveBank, publicQuestions } from "./question-cache.server";
import { ATTEMPT_STATUS, drawPaper, GRACE_MS, grade, normalChoice, saveTimely, seededRandom, validChoice } from "./rules";
import type { PaperItem, Question, QuestionKind } from "./rules";
import type { ExamSummary } from "./attempts-shape";

/** What the enrolment keeps of the exam (data.exam), for 我的培训 and the guards of the failed state. */
export type ExamData = EnrolmentData & { exam?: ExamSummary; extraAttempts?: number };

export type AttemptRow = {
  id: number; instance_id: number; owner_id: number; batch_id: number; attempt_no: number; status: string; paper: string;
  started_at: number; deadline: number; submitted_at: number | null; submitted_by: string | null;
  correct: number | null; total: number; score: number | null; passed: boolean | number | null; applied: boolean | number;
};

type Outcome = { status: number; ok: boolean; message: string };

/** What a page needs of an attempt to show it open; startAttempt hands it back for the attempt it created (no answers yet). */
export type StartedAttempt = Pick<AttemptRow, "id" | "attempt_no" | "deadline" | "paper">;

/** The attempt rows of an enrolment, oldest first. */
export const attemptsOf = (instanceId: number, trx: Knex = reader): Promise<AttemptRow[]> => trx("exam_attempts").where({ instance_id: instanceId }).orderBy("attempt_no");

/** How many attempts the enrolment has in all: the definition's, plus any an administrator granted. */
export const allowedAttempts = (definitionAttempts: number, data: ExamData) => definitionAttempts + (data.extraAttempts ?? 0);

/**
 * Starts an attempt for the owner of `given` (the caller checked the enrolment is theirs). Idempotent
 * for a double click: an open attempt of this enrolment is returned as it is. Refused (4xx, Chinese)
 * outside 培训完毕, without a definition, with no attempt left, or while another enrolment of the same
 * expert has an open attempt (the unique index, so two racing starts make one attempt).
 */
export async function startAttempt(given: InstanceRecord, opts: { seed?: number } = {}): Promise<Outcome & { attemptId?: number; started?: StartedAttempt }> {
  // Plain reads go to the reader connections (on SQLite every write shares the one writer connection, and
  // 3,000 starts at once queue there): the partial unique index, not these reads, decides a race. The
  // expert's attempts come in one read (instead of one each for the expired, the open and the count).
  const mine: Pick<AttemptRow, "id" | "instance_id" | "status" | "deadline">[] = await reader("exam_attempts").where({ owner_id: given.ownerId }).select("id", "instance_id", "status", "deadline");
  const expired = mine.filter((a) => a.status === ATTEMPT_STATUS.open && Number(a.deadline) < now() - GRACE_MS);
  for (const a of expired) await submitAttempt(Number(a.id), "deadline"); // submit-on-read, as submitIfExpired
  // A submission may have moved the enrolment (合格/不合格): its state is read again then.
  const inst = expired.length ? ((await getInstance(given.id, db)) ?? given) : given;
  const ours = mine.filter((a) => Number(a.instance_id) === inst.id);
  const open = ours.find((a) => a.status === ATTEMPT_STATUS.open && !expired.includes(a));
  if (open) return { status: 200, ok: true, message: "考试进行中", attemptId: Number(open.id) };
  if (inst.state !== ENROLMENT_STATE.studied) return { status: 409, ok: false, message: "培训完毕后才能参加考试" };
  if (!inst.batchId) return { status: 422, ok: false, message: "未找到培训所属的批次" };
  const found = await definitionForStart(inst.batchId);
  if (!found) return { status: 409, ok: false, message: "本批次尚未设置考试，请联系主管部门" };
  const def = found.definition;
  const usedN = ours.length;
  if (usedN >= allowedAttempts(def.attempts, inst.data as ExamData)) return { status: 409, ok: false, message: "考试次数已用完，请联系主管部门" };
  const paper = drawPaper(await liveBank(inst.batchId, found.bankVersion), def.draws, seededRandom(opts.seed ?? (Math.random() * 2 ** 32) >>> 0));
  if (typeof paper === "string") return { status: 409, ok: false, message: `${paper}，请联系主管部门` };
  const t = now();
  const attempt = {
    instance_id: inst.id, owner_id: inst.ownerId, batch_id: inst.batchId, attempt_no: usedN + 1, status: ATTEMPT_STATUS.open,
    paper: JSON.stringify(paper), started_at: t, deadline: t + def.minutes * 60_000, total: paper.length, applied: false,
  };
  // In a group commit with other starts and the answer saves: a cohort pressing 开始考试 together costs
  // a few commits and one INSERT per group, not a commit or statements each.
  const id = await inGroupBatch(attemptInserts, attempt);
  if (id !== null) return { status: 201, ok: true, message: "考试开始", attemptId: id, started: { id, attempt_no: attempt.attempt_no, deadline: attempt.deadline, paper: attempt.paper } };
  // Not written: a unique index said no — this enrolment's open attempt (a double click, a second tab)
  // or, for the expert's other enrolment, the one open attempt per expert.
  const winner = await db("exam_attempts").where({ instance_id: inst.id, status: ATTEMPT_STATUS.open }).first("id");
  if (winner) return { status: 200, ok: true, message: "考试进行中", attemptId: Number(winner.id) };
  return { status: 409, ok: false, message: "您已有一场正在进行的考试，请先完成该考试" };
}

type NewAttempt = Omit<AttemptRow, "id" | "submitted_at" | "submitted_by" | "correct" | "score" | "passed">;

/**
 * The group's new attempts as one INSERT … ON CONFLICT DO NOTHING: a row a unique index refuses (one
 * open attempt per expert, one attempt number per enrolment) is skipped, not an error, and its item's
 * result is null. Returned ids are matched by enrolment, each to the first of its items.
 */
const attemptInserts: GroupBatch<NewAttempt, number | null> = {
  async run(trx, rows) {
    const made: { id: number; instance_id: number }[] = await trx("exam_attempts").insert(rows, ["id", "instance_id"]).onConflict().ignore();
    const idOf = new Map(made.map((r) => [Number(r.instance_id), Number(r.id)]));
    return rows.map((r) => {
      const id = idOf.get(r.instance_id) ?? null;
      idOf.delete(r.instance_id);
      return id;
    });
  },
};

/**
 * Whether question `id` is on the attempt's paper (the stored JSON of PaperItem), and if so its kind and
 * number of options from the shared question cache (questions never change). The paper is parsed per
 * save (about 2 KB, microseconds, short-lived): a per-attempt cache of parsed papers held some 14 KB of
 * objects for each of 3,000 open attempts (about 40 MB of the server's live heap under the exam bench).
 */
async function questionOnPaper(paperJson: string, id: number): Promise<{ kind: QuestionKind; n: number } | null> {
  if (!(JSON.parse(paperJson) as PaperItem[]).some((p) => p.q === id)) return null;
  const q = (await publicQuestions([id])).get(id);
  return q ? { kind: q.kind, n: q.options.length } : null;
}

export type AnswerSave = { ownerId: number; instanceId: number; attemptId: number; questionId: number; seq: number; choice: number[]; clientAt: number };
export type SaveAnswer = { status: number; body: { ok: boolean; message: string; serverNow: number; deadline?: number; seq?: number; submitted?: boolean } };

/**
 * Saves one answer as given (the plain endpoint's write). Acknowledged ({ok:true}) when stored or when
 * a save with a higher sequence number for the question is stored already (a duplicate or a reordered
 * save changes nothing). Refused: 404 for an attempt that is not this expert's in this enrolment, 422 for
 * a question not in the attempt's paper or a malformed choice, 409 once the attempt is submitted or the
 * time (deadline, or grace for answers given by then) has passed. Every answer carries the server's
 * clock and the deadline, so the page re-syncs its countdown.
 */
export async function saveAnswer(a: AnswerSave): Promise<SaveAnswer> {
  const t = now();
  // Read beside the writer (owner, paper and deadline never change; the status is checked again by the
  // guarded write below).
  const attempt: AttemptRow | undefined = await reader("exam_attempts").where({ id: a.attemptId }).first("id", "instance_id", "owner_id", "status", "paper", "deadline");
  if (!attempt || Number(attempt.owner_id) !== a.ownerId || Number(attempt.instance_id) !== a.instanceId) return { status: 404, body: { ok: false, message: "未找到该考试", serverNow: t } };
  const deadline = Number(attempt.deadline);
  const base = { serverNow: t, deadline };
  if (attempt.status !== ATTEMPT_STATUS.open) return { status: 409, body: { ok: false, message: "本次考试已交卷，答案不能再修改", submitted: true, ...base } };
  const kind = await questionOnPaper(attempt.paper, a.questionId);
  if (!kind) return { status: 422, body: { ok: false, message: "该题目不在本次试卷中", ...base } };
  if (!validChoice(kind.kind, kind.n, a.choice)) return { status: 422, body: { ok: false, message: "答案格式不正确", ...base } };
  const timely = saveTimely(t, deadline, a.clientAt);
  if (timely !== true) return { status: 409, body: { ok: false, message: timely, ...base } };
  const stored = await inGroupCommit(async (trx) => {
    // The guarded touch takes the attempt's row lock: a submission in progress finishes first, and then
    // this save sees the attempt closed (nothing is written after grading read the answers).
    const open = await trx("exam_attempts").where({ id: attempt.id, status: ATTEMPT_STATUS.open }).update({ status: ATTEMPT_STATUS.open });
    if (!open) return false;
    await trx("exam_answers")
      .insert({ attempt_id: attempt.id, question_id: a.questionId, seq: a.seq, choice: JSON.stringify(normalChoice(a.choice)), client_at: a.clientAt, saved_at: t })
      .onConflict(["attempt_id", "question_id"])
      .merge(["seq", "choice", "client_at", "saved_at"])
      .where("exam_answers.seq", "<", a.seq);
    return true;
  });
  if (!stored) return { status: 409, body: { ok: false, message: "本次考试已交卷，答案不能再修改", submitted: true, ...base } };
  return { status: 200, body: { ok: true, message: "已保存", seq: a.seq, ...base } };
}

/**
 * Submits and grades the attempt once: the guarded UPDATE … WHERE status='open' picks one winner among
 * the expert's 交卷, the sweeper and submit-on-read (any instance, any restart). Then the enrolment
 * moves (applyResult). Returns false when it was submitted already.
 */
export async function submitAttempt(attemptId: number, by: "expert" | "deadline"): Promise<boolean> {
  const t = now();
  const won = await db.transaction(async (trx) => {
    const n = await trx("exam_attempts").where({ id: attemptId, status: ATTEMPT_STATUS.open }).update({ status: ATTEMPT_STATUS.submitted, submitted_at: t, submitted_by: by });
    if (!n) return false;
    const attempt: AttemptRow = await trx("exam_attempts").where({ id: attemptId }).first();
    const paper = JSON.parse(attempt.paper) as PaperItem[];
    const def = await trx("exam_definitions").where({ batch_id: attempt.batch_id }).first("pass_mark");
    const keys = await answerKeys(paper.map((p) => p.q), trx);
    const answers = new Map<number, number[]>(
      (await trx("exam_answers").where({ attempt_id: attemptId }).select("question_id", "choice")).map((r: { question_id: number; choice: string }) => [Number(r.question_id), JSON.parse(r.choice) as number[]]),
    );
    const g = grade(paper, new Map([...keys].map(([id, q]) => [id, q.answer])), answers, Number(def?.pass_mark ?? 100));
    await trx("exam_attempts").where({ id: attemptId }).update({ correct: g.correct, score: g.score, passed: g.passed });
    return true;
  });
  await applyResult(attemptId);
  return won;
}

/** The stored questions (answer keys included) by id: server side only. */
export async function answerKeys(ids: readonly number[], trx: Knex = db): Promise<Map<number, Question>> {
  const out = new Map<number, Question>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx("exam_questions").whereIn("id", ids.slice(i, i + 500)).select("id", "category", "kind", "stem", "options", "answer", "explanation");
    for (const r of rows) out.set(Number(r.id), { id: Number(r.id), category: r.category, kind: r.kind, stem: r.stem, options: JSON.parse(r.options), answer: JSON.parse(r.answer), explanation: r.explanation });
  }
  return out;
}

/**
 * Moves the enrolment by a graded, not yet applied attempt: `pass-exam` or `fail-exam` as its owner,
 * with the attempt read inside the transition's transaction as the guards' fact (the effect marks it
 * applied, so it counts once). A no-op when applied already or the enrolment is no longer 培训完毕.
 */
export async function applyResult(attemptId: number): Promise<void> {
  const a: AttemptRow | undefined = await db("exam_attempts").where({ id: attemptId }).first("id", "instance_id", "owner_id", "status", "passed", "applied");
  if (!a || a.status !== ATTEMPT_STATUS.submitted || a.applied === true || a.applied === 1) return;
  const r = await applyTransition(Number(a.instance_id), a.passed === true || a.passed === 1 ? "pass-exam" : "fail-exam", { id: Number(a.owner_id), role: "expert" }, { payload: { attemptId } }, {
    facts: async ({ trx }) => ({ examAttempt: (await trx("exam_attempts").where({ id: attemptId }).first()) ?? null }),
  });
  if (r.ok || r.status === 409) return;
  // Another apply (交卷's, or the sweeper's on this or another instance) may have won meanwhile: its
  // commit fell between this transition's read of the enrolment and of the attempt, so the guard saw an
  // applied attempt and refused. That is the race's loser, not a failure.
  const after = await db("exam_attempts").where({ id: attemptId }).first("applied");
  if (after?.applied === true || after?.applied === 1) return;
  // Refused (e.g. the certificate could not be issued): the attempt stays unapplied and the sweeper
  // tries again; say so once per try, without personal data.
  console.error(`exam attempt ${attemptId}: result not applied (${r.status} ${r.message})`);
}

/** Submit-on-read: the owner's open attempts past deadline + grace are submitted now (by the deadline). */
export async function submitIfExpired(ownerId: number): Promise<void> {
  const due: { id: number }[] = await reader("exam_attempts").where({ owner_id: ownerId, status: ATTEMPT_STATUS.open }).where("deadline", "<", now() - GRACE_MS).select("id");
  for (const { id } of due) await submitAttempt(Number(id), "deadline");
}

/**
 * One sweep: every open attempt past deadline + grace is submitted (exactly once, whichever instance
 * sweeps), and graded attempts whose result did not reach the enrolment (a crash in between) are
 * applied. Returns how many attempts this sweep submitted.
 */
export async function sweepExpiredAttempts(limit = 200): Promise<number> {
  const due: { id: number }[] = await db("exam_attempts").where({ status: ATTEMPT_STATUS.open }).where("deadline", "<", now() - GRACE_MS).orderBy("deadline").limit(limit).select("id");
  let submitted = 0;
  for (const { id } of due) if (await submitAttempt(Number(id), "deadline")) submitted++;
  const pending: { id: number }[] = await db("exam_attempts as a").join("workflow_instances as i", "i.id", "a.instance_id")
    .where({ "a.status": ATTEMPT_STATUS.submitted, "a.applied": false, "i.state": ENROLMENT_STATE.studied }).limit(limit).select("a.id");
  for (const { id } of pending) await applyResult(Number(id));
  return submitted;
}
