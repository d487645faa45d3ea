// URLs of the exam's plain endpoints, shared by the server's registry and the page. Browser-safe.
export const EXAM_ANSWER_PATH = "/training/:id/exam/answer";
export const examAnswerPath = (enrolmentId: number) => EXAM_ANSWER_PATH.replace(":id", String(enrolmentId));
export const EXAM_START_PATH = "/training/:id/exam/start";
export const examStartPath = (enrolmentId: number) => EXAM_START_PATH.replace(":id", String(enrolmentId));
