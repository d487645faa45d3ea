// 测试 (manual 三, issue 16): the exam of a batch's training — question bank, definition, attempts. The
// workflow part (合格/不合格, 补学, 重新考试, 增加考试机会) is this feature's guards and effects.
import type { Feature } from "../types";
import { copyExam } from "./definitions.server";
import { grantExamAttempt, recordExamResult } from "./effects.server";
import { examAttemptsUsed, examFailed, examPassed, examRetryAllowed, retakeAllowed } from "./guards";

export const exam: Feature = {
  name: "exam",
  register(api) {
    api.registerGuard("exam-passed", examPassed);
    api.registerGuard("exam-failed", examFailed);
    api.registerGuard("retake-allowed", retakeAllowed);
    api.registerGuard("exam-retry-allowed", examRetryAllowed);
    api.registerGuard("exam-attempts-used", examAttemptsUsed);
    api.registerEffect("record-exam-result", recordExamResult);
    api.registerEffect("grant-exam-attempt", grantExamAttempt);
    api.registerBatchCopier("exam", copyExam);
  },
};
