// 暂存 of a wizard form step as a plain endpoint (POST /apply/:id/draft): what the wizard sends when
// JavaScript runs. The checks and the save are the apply route's own, in the same order: signed in,
// CSRF, the application readable and changeable by this user (CASL), then Ajv and the write.
import { requireAuth } from "~/features/accounts/auth.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { DRAFT_PATH } from "~/utils/plain-paths";
import { readFormText } from "~/utils/request.server";
import { instanceFor } from "./access.server";
import { postedForms, readStepPost, saveStepFromPost } from "./save-step.server";

/** POST /apply/:id/draft → 200 已暂存, or the 4xx of the first check that fails (401, 403, 404, 400/413, 422). */
export const draftEndpoint: PlainEndpoint = {
  method: "POST",
  path: DRAFT_PATH,
  async handle(request, params) {
    const auth = await requireAuth(request);
    const post = readStepPost(await readFormText(request, request.body), "save");
    const app = await instanceFor(auth, params.id, "update", postedForms(post));
    return saveStepFromPost(app, post);
  },
};
