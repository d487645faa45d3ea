// 暂存 of a wizard form step as a plain endpoint (POST /apply/:id/draft): what the wizard sends when
// JavaScript runs. The checks and the save are the apply route's own, in the same order: signed in,
// CSRF, the application readable and changeable by this user (CASL), then Ajv and the write.
import { applicationFor } from "./application-access.server";
import { requireAuth } from "./auth.server";
import type { PlainEndpoint } from "./plain-endpoint.server";
import { DRAFT_PATH } from "./plain-paths";
import { readFormText } from "./request.server";
import { postedForms, readStepPost, saveStepFromPost } from "./save-step.server";

export const draftEndpoint: PlainEndpoint = {
  method: "POST",
  path: DRAFT_PATH,
  async handle(request, params) {
    const auth = await requireAuth(request);
    const post = readStepPost(await readFormText(request, request.body), "save");
    const app = await applicationFor(auth, params.id, "update", postedForms(post));
    return saveStepFromPost(app, post);
  },
};
