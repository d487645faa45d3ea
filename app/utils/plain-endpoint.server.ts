// Plain endpoints: the few hot requests whose answer is a short JSON message (暂存, the heartbeat, the
// exam's answer save) or one small self-contained page (the public certificate check). The custom server
// answers them ahead of its page middleware and Remix's router (docs/decisions/0008); they use the same
// auth, CSRF, CASL checks and models as the routes — only the framework is skipped.
import type { IncomingHttpHeaders } from "node:http";
import type { RequestHead } from "./http.server";

/** `ip` is the client's address as the routes' context has it (X-Forwarded-For only behind a trusted proxy). */
export type PlainRequest = RequestHead & { body: string; ip: string };
/** JSON (`body`, serialised) or a whole HTML page (`html`, with a strict CSP: no scripts, inline styles only). */
export type PlainAnswer = { status: number; body: unknown; headers?: Record<string, string> } | { status: number; html: string; headers?: Record<string, string> };
export type PlainEndpoint = {
  /** POST endpoints read a form body; GET ones (also answering HEAD) read none and skip the Origin gate. */
  method: "POST" | "GET";
  /** An Express path pattern, e.g. `/apply/:id/draft`. */
  path: string;
  handle(request: PlainRequest, params: Record<string, string>): Promise<PlainAnswer>;
};

/** The request as the checks read it, straight from what Node parsed (no fetch `Request` is built). */
export function plainRequest(url: string, method: string, headers: IncomingHttpHeaders, body: string, ip = "unknown"): PlainRequest {
  return {
    url,
    method,
    body,
    ip: ip.slice(0, 64),
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
export async function answerPlain(endpoint: PlainEndpoint, request: PlainRequest, params: Record<string, string>): Promise<PlainReply> {
  try {
    const a = await endpoint.handle(request, params);
    return "html" in a ? { status: a.status, html: true, body: a.html, headers: a.headers } : { status: a.status, html: false, body: JSON.stringify(a.body), headers: a.headers };
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return { status: e.status, html: false, location: e.headers.get("location") ?? undefined, body: (await e.text()) || "{}" };
  }
}

/** An answer as the server writes it: the body serialised, whether it is a page, extra headers. */
export type PlainReply = { status: number; html: boolean; body: string; location?: string; headers?: Record<string, string> };
