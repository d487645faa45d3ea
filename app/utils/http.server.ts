// 4xx responses with a Chinese message; loaders and actions throw them, the error boundary shows them.
import { json } from "@remix-run/node";

/**
 * What the auth and CSRF checks read of a request. A fetch `Request` is one; so is the plain endpoints'
 * request (app/utils/plain-endpoint.server.ts), which never builds a full `Request`.
 */
export type RequestHead = { url: string; method: string; headers: { get(name: string): string | null } };

export function httpError(status: number, message: string): Response {
  return json({ error: message }, { status });
}
