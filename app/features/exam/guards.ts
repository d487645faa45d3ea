// Guards of the exam part of workflows/training.yaml. `exam-passed`/`exam-failed` read the graded
// attempt the server supplies as a fact (facts.examAttempt, read inside the transition's transaction):
// without it — the event posted by hand — they refuse, so nobody can declare a result. The guards of
// 不合格 read the result the enrolment recorded (data.exam). Browser-safe.
import type { Guard } from "~/engine/workflows/guards";
import type { GuardContext } from "~/engine/workflows/types";
import type { ExamSummary } from "./attempts-shape";

const BY_SERVER = "考试结果由系统批阅后判定";

function gradedAttempt(ctx: GuardContext): { passed: boolean } | null {
  const a = ctx.facts.examAttempt as { instance_id?: unknown; status?: unknown; applied?: unknown; passed?: unknown } | null | undefined;
  if (!a || Number(a.instance_id) !== ctx.instance?.id || a.status !== "submitted" || a.applied === true || a.applied === 1) return null;
  return { passed: a.passed === true || a.passed === 1 };
}

export const examPassed: Guard = {
  title: "考试成绩合格",
  evaluate: (ctx) => (gradedAttempt(ctx)?.passed === true ? true : BY_SERVER),
};

export const examFailed: Guard = {
  title: "考试成绩不合格",
  evaluate: (ctx) => (gradedAttempt(ctx)?.passed === false ? true : BY_SERVER),
};

const examOf = (ctx: GuardContext) => (ctx.instance?.data as { exam?: ExamSummary } | undefined)?.exam;

/** 补学: from 不合格 only when the batch wants re-study and an attempt is left; elsewhere an administrator's. */
export const retakeAllowed: Guard = {
  title: "可以补学",
  evaluate(ctx) {
    if (ctx.instance?.state !== "failed") return ctx.actor.role === "admin" ? true : "补学需由主管部门发起";
    if (ctx.actor.role !== "admin" && ctx.actor.id !== ctx.instance.ownerId) return "只有本人可以申请补学";
    const e = examOf(ctx);
    if (!e) return "尚无考试结果";
    if (!e.needsStudy) return "本批次考试不合格无需补学，可直接重新考试";
    return e.used < e.allowed ? true : "考试次数已用完，请联系主管部门增加考试机会";
  },
};

/** 重新考试: 不合格, no re-study wanted, an attempt left. */
export const examRetryAllowed: Guard = {
  title: "可以重新考试",
  evaluate(ctx) {
    const e = examOf(ctx);
    if (!e) return "尚无考试结果";
    if (e.needsStudy) return "本批次考试不合格须先补学";
    return e.used < e.allowed ? true : "考试次数已用完，请联系主管部门增加考试机会";
  },
};

/** 增加考试机会: only when every attempt is used. */
export const examAttemptsUsed: Guard = {
  title: "考试次数已用完",
  evaluate(ctx) {
    const e = examOf(ctx);
    return e && e.used >= e.allowed ? true : "仍有考试机会，无需增加";
  },
};
