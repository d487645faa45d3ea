// 保存答案 as a plain endpoint (POST /training/:id/exam/answer; docs/decisions/0008): the exam page
// posts every answer as it is given. The route actions' checks in the same order: signed in → CSRF →
// CASL (the enrolment is the user's own) → validate → the guarded write (saveAnswer). Fields: attempt,
// q (question id), seq (the page's per-attempt sequence number), choice (option ids, comma-separated;
// empty clears), at (when it was given, epoch ms of the server's clock as the page estimates it).
import { requireAbility } from "~/features/accounts/auth.server";
import { signedInFormEndpoint } from "~/features/accounts/form-endpoint.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { httpError } from "~/utils/request.server";
import { saveAnswer } from "./attempts.server";
import { EXAM_ANSWER_PATH } from "./paths";

const INT = /^[0-9]{1,15}$/;
const positive = (v: string | null, max = Number.MAX_SAFE_INTEGER) => (v !== null && INT.test(v) && Number(v) > 0 && Number(v) <= max ? Number(v) : null);

/** POST → 200 {ok, serverNow, deadline, seq}, or 400/401/403/404/409/413/415/422 with a Chinese message. */
export const examAnswerEndpoint: PlainEndpoint = signedInFormEndpoint(EXAM_ANSWER_PATH, async (auth, form, params) => {
  const instanceId = positive(params.id ?? null, 2 ** 31);
  // The enrolment must be one the user may update (their own): the attempt is then looked up by owner.
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: auth.user.id });
  if (!instanceId) throw httpError(404, "未找到该考试");
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  };
  const attemptId = positive(text("attempt"), 2 ** 31);
  const questionId = positive(text("q"), 2 ** 31);
  const seq = positive(text("seq"), 1e12);
  const at = positive(text("at"), 1e14);
  const choiceText = text("choice") ?? "";
  if (!attemptId || !questionId || !seq || !at || choiceText.length > 40 || !/^([0-9]{1,2}(,[0-9]{1,2})*)?$/.test(choiceText)) throw httpError(400, "答案不完整或格式不正确");
  const choice = choiceText ? choiceText.split(",").map(Number) : [];
  const r = await saveAnswer({ ownerId: auth.user.id, instanceId, attemptId, questionId, seq, choice, clientAt: at });
  return { status: r.status, body: r.body };
});
