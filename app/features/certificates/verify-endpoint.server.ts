// GET /verify/<token> as a hot endpoint (docs/decisions/0008): the page a certificate's QR code opens is
// the one public page read in bulk (every evaluation venue scans certificates), so it skips Express and
// Remix's router (bench: verify.rps against a bare handler). Same answer as the route's loader.
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { verifyAnswer } from "./verify.server";

/** GET → 200 the certificate's status page; 400 malformed or tampered, 404 unknown, 429 over the per-client limit. */
export const verifyEndpoint: PlainEndpoint = {
  method: "GET",
  path: "/verify/:token",
  async handle(request, params) {
    return verifyAnswer(params.token ?? "", request.ip, request.headers.get("cookie"));
  },
};
