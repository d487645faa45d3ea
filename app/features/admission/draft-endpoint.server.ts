// 暂存 and 下一步 of a wizard form step as a plain endpoint (POST /apply/:id/draft): what the wizard sends
// when JavaScript runs. The checks and the save are the apply route's own, in the same order: signed in,
// CSRF, the application readable and changeable by this user (CASL), then Ajv and the write.
// `intent=next` is 下一步 (completeness and rules; a refusal still keeps the type-valid documents as a
// draft, see saveFormStep); anything else is 暂存. 下一步 comes here rather than to the route action
// because a fetcher's 5xx would replace the page by the error boundary and lose what was typed; a plain
// answer, even a 500, leaves the page and its input in place (issue 14 §6).
import { signedInFormEndpoint } from "~/features/accounts/form-endpoint.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { DRAFT_PATH } from "~/utils/plain-paths";
import { field } from "~/utils/request.server";
import { instanceFor } from "./access.server";
import { answerStepPost, readStepPost } from "./save-step.server";

/** POST /apply/:id/draft → 200 已暂存/已保存, or the 4xx of the first check that fails (401, 403, 404, 400/413, 422). */
export const draftEndpoint: PlainEndpoint = signedInFormEndpoint(DRAFT_PATH, async (auth, form, params) => {
  const post = readStepPost(form, field(form, "intent", 20) === "next" ? "next" : "save");
  const app = await instanceFor(auth, params.id, "update", post.forms);
  return answerStepPost(app, post);
});
