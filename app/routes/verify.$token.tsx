// 证书核验 (public, read-only): what a certificate's QR code opens. No sign-in, no form, no action. GET is
// answered ahead of Remix by the hot endpoint (features/certificates/verify-endpoint.server.ts); this
// route answers the rest the same way (HEAD through other servers, and 405 for any other method).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { verifyAnswer } from "~/features/certificates/verify.server";
import { clientIp } from "~/utils/request.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { status, html, headers } = await verifyAnswer(params.token ?? "", clientIp(context), request.headers.get("cookie"));
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", ...headers } });
}
