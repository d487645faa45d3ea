// Plain JSON endpoints: the few hot requests whose answer is a short JSON message, never a page. The
// custom server answers them ahead of its page middleware and Remix's router (docs/decisions/0008);
// they use the same auth, CSRF, CASL checks and models as the routes — only the framework is skipped.
import type { IncomingHttpHeaders } from "node:http";
import type { RequestHead } from "./http.server";

export type PlainRequest = RequestHead & { body: string };
export type PlainAnswer = { status: number; body: unknown };
export type PlainEndpoint = {
  method: "POST";
  /** An Express path pattern, e.g. `/apply/:id/draft`. */
  path: string;
  handle(request: PlainRequest, params: Record<string, string>): Promise<PlainAnswer>;
};

/** The request as the checks read it, straight from what Node parsed (no fetch `Request` is built). */
export function plainRequest(url: string, method: string, headers: IncomingHttpHeaders, body: string): PlainRequest {
  return {
    url,
    method,
    body,
    headers: {
      get(name) {
        const v = headers[name.toLowerCase()];
        return Array.isArray(v) ? v.join(", ") : (v ?? null);
      },
    },
  };
}

/**
 * Runs an endpoint. A thrown Response (httpError's 4xx, requireAuth's redirect) becomes the answer, as
 * in a route; anything else is a server error and is thrown on.
 */
export async function answerPlain(endpoint: PlainEndpoint, request: PlainRequest, params: Record<string, string>): Promise<{ status: number; location?: string; body: string }> {
  try {
    const a = await endpoint.handle(request, params);
    return { status: a.status, body: JSON.stringify(a.body) };
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return { status: e.status, location: e.headers.get("location") ?? undefined, body: (await e.text()) || "{}" };
  }
}
