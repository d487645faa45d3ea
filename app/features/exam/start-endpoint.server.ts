// 开始考试 as a plain endpoint (POST /training/:id/exam/start; docs/decisions/0008): a cohort presses it
// at one moment, so it skips Remix and answers with the paper itself (startExam). The checks in the house
// order: signed in → CSRF → the enrolment is the user's own (else 404, like a missing one) → CASL update
// → the attempt rules (培训完毕, attempts left, one open attempt per expert).
import { signedInFormEndpoint } from "~/features/accounts/form-endpoint.server";
import { ownEnrolment } from "~/features/training/my-training.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { startExam } from "./exam-page.server";
import { EXAM_START_PATH } from "./paths";

/** POST → 201 {ok, message, open} (a new attempt), 200 (the open one), or 401/403/404/409/413/415/422 with a Chinese message. */
export const examStartEndpoint: PlainEndpoint = signedInFormEndpoint(EXAM_START_PATH, async (auth, _form, params) => {
  const { status, ...body } = await startExam(auth, await ownEnrolment(auth, params.id));
  return { status, body };
});
