// The root's loader: the CSRF token (set as a cookie when new) and the CSP nonce of this response. A server
// module of its own, so the document's browser module (root.tsx) imports no server code.
import { json } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csrfToken } from "~/utils/csrf.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { token, setCookie } = await csrfToken(request);
  const nonce = (context as { cspNonce?: string }).cspNonce ?? "";
  return json({ csrf: token, nonce }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}
