// 学习进度's heartbeat as a plain endpoint (POST /training/:id/lessons/:lessonId/heartbeat,
// docs/decisions/0008): what the 学习 page sends every ≤ 10 s while a lesson plays or a document is
// visible, and on pause or leave (navigator.sendBeacon). Checks in the house order: signed in, CSRF,
// the enrolment is this user's (CASL; another's is 404), learning open and the lesson in the batch, the
// range well formed, then the rules and the guarded write.
import { requireAbility } from "~/features/accounts/auth.server";
import { signedInFormEndpoint } from "~/features/accounts/form-endpoint.server";
import { ownEnrolment } from "~/features/training/my-training.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { HEARTBEAT_PATH } from "~/utils/plain-paths";
import { httpError } from "~/utils/request.server";
import { recordHeartbeat, studyableLesson } from "./progress.server";

const SECONDS = /^\d{1,6}(\.\d{1,3})?$/;

/** POST → 200 HeartbeatAnswer, or 4xx { error } (401, 403 CSRF or not yet paid, 404, 413/415, 422, 409 refused by the rules). */
export const heartbeatEndpoint: PlainEndpoint = signedInFormEndpoint(HEARTBEAT_PATH, async (auth, form, params) => {
  const inst = await ownEnrolment(auth, params.id);
  requireAbility(auth.ability, "update", "Enrolment", { owner_id: inst.ownerId });
  const lesson = await studyableLesson(inst, params.lessonId);
  const from = String(form.get("from") ?? "");
  const to = String(form.get("to") ?? "");
  if (!SECONDS.test(from) || !SECONDS.test(to)) throw httpError(422, "学习进度数据无效");
  return recordHeartbeat(auth, inst, lesson, { from: Number(from), to: Number(to) });
});
