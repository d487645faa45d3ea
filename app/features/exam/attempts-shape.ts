// What the training enrolment keeps of the exam (data.exam, data.extraAttempts). Browser-safe.

/** The latest graded attempt as the enrolment recorded it; `used`/`allowed` count attempts. */
export type ExamSummary = { attemptId: number; attemptNo: number; score: number; passed: boolean; gradedAt: number; used: number; allowed: number; needsStudy: boolean };
