// URLs of the exam's plain endpoint, shared by the server's registry and the page. Browser-safe.
export const EXAM_ANSWER_PATH = "/training/:id/exam/answer";
export const examAnswerPath = (enrolmentId: number) => EXAM_ANSWER_PATH.replace(":id", String(enrolmentId));
