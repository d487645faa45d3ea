// Effects of the exam part of workflows/training.yaml, inside the transition's transaction:
// `record-exam-result` (pass-exam / fail-exam) marks the graded attempt applied — a guarded UPDATE, so a
// result moves the enrolment once — and records it on the enrolment (data.exam: score, 合格, 批阅时间,
// attempts used and allowed, whether a retake needs 补学); `grant-exam-attempt` (an administrator's
// 增加考试机会) allows one more attempt.
import { EffectRefusal, only } from "~/engine/workflows/effects";
import type { Effect } from "~/engine/workflows/effects";
import type { ExamData } from "./attempts.server";

export const recordExamResult: Effect = {
  title: "记录考试结果",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const attemptId = Number(ctx.payload.attemptId);
    const n = await ctx.trx("exam_attempts").where({ id: attemptId, instance_id: ctx.instance.id, status: "submitted", applied: false }).update({ applied: true });
    if (n !== 1) throw new EffectRefusal(409, "该次考试结果已处理");
    const a = await ctx.trx("exam_attempts").where({ id: attemptId }).first("attempt_no", "score", "passed", "submitted_at");
    const def = await ctx.trx("exam_definitions").where({ batch_id: ctx.instance.batchId }).first("attempts", "retake_needs_study");
    const [{ n: used }] = await ctx.trx("exam_attempts").where({ instance_id: ctx.instance.id }).count<{ n: number | string }[]>({ n: "*" });
    const data = ctx.instance.data as ExamData;
    ctx.set({
      data: {
        ...data,
        exam: {
          attemptId, attemptNo: Number(a.attempt_no), score: Number(a.score), passed: a.passed === true || a.passed === 1, gradedAt: Number(a.submitted_at),
          used: Number(used), allowed: Number(def?.attempts ?? 1) + (data.extraAttempts ?? 0),
          needsStudy: def ? def.retake_needs_study === true || def.retake_needs_study === 1 : true,
        },
      },
    });
  },
};

export const grantExamAttempt: Effect = {
  title: "增加一次考试机会",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const data = ctx.instance.data as ExamData;
    ctx.set({ data: { ...data, extraAttempts: (data.extraAttempts ?? 0) + 1, ...(data.exam ? { exam: { ...data.exam, allowed: data.exam.allowed + 1 } } : {}) } });
  },
};
