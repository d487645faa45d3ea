// The prologue every signed-in plain endpoint shares (暂存, the heartbeat, the exam's answer save;
// docs/decisions/0008), in the house order: signed in (401, or the login redirect), then the form body
// read under its limit with its CSRF token checked (413/415/403). The endpoint's own CASL check and
// validation follow in `handle`.
import type { FormInput } from "~/utils/request.server";
import type { PlainAnswer, PlainEndpoint, PlainRequest } from "~/utils/plain-endpoint.server";
import { readFormText } from "~/utils/request.server";
import type { Auth } from "./auth.server";
import { requireAuth } from "./auth.server";

/** A POST plain endpoint at `path` (an Express pattern) whose `handle` gets the user, the checked form and the path's params. */
export function signedInFormEndpoint(path: string, handle: (auth: Auth, form: FormInput, params: Record<string, string>, request: PlainRequest) => Promise<PlainAnswer>): PlainEndpoint {
  return {
    method: "POST",
    path,
    async handle(request, params) {
      const auth = await requireAuth(request);
      const form = await readFormText(request, request.body);
      return handle(auth, form, params, request);
    },
  };
}
