// The typed registry of hot endpoints: the few requests (暂存, the course heartbeat, the exam's answer
// save, the public certificate check) answered before Express and Remix (docs/decisions/0008). Each runs
// the same auth → CSRF → CASL → validate → guarded write path as its route action (the certificate check
// is public and read-only); the app declares them in its entry module (`plainEndpoints`), this module
// only matches, reads and answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlainEndpoint } from "../app/utils/plain-endpoint.server";
import type { ServerEntry } from "./entry";
import { BAD_ORIGIN, PLAIN_HEADERS, PLAIN_PAGE_HEADERS, readBody, refuseTooLarge, requestIp, sameOrigin, sendJson } from "./http";

/** `/apply/:id/draft` → a matcher giving { id } for a matching pathname, or null. */
export function pathMatcher(pattern: string): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), "([^/]+)"))}/?$`);
  return (pathname) => {
    const m = re.exec(pathname);
    try {
      return m && Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    } catch {
      return null; // a malformed escape: no match (Remix answers 404)
    }
  };
}

/**
 * A handler for the entry's hot endpoints: the Origin gate, the body read whole under the same limit as
 * Remix's, the endpoint run on a request built from Node's own, the JSON answer written straight out.
 * It returns false for a request that is none of them; errors go to `onError`.
 */
export function hotEndpoints(entry: ServerEntry, trustProxy: boolean) {
  const routes = (entry.plainEndpoints ?? []).map((endpoint: PlainEndpoint) => ({ endpoint, match: pathMatcher(endpoint.path) }));
  return (req: IncomingMessage, res: ServerResponse, onError: (e: unknown) => void): boolean => {
    if (!routes.length) return false;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    let params: Record<string, string> | null = null;
    const method = req.method === "HEAD" ? "GET" : req.method;
    const route = routes.find((r) => r.endpoint.method === method && (params = r.match(pathname)));
    if (!route || !params) return false;
    const reads = method !== "GET";
    if (reads && !sameOrigin(req, trustProxy)) {
      sendJson(res, 403, { error: BAD_ORIGIN }, PLAIN_HEADERS);
      return true;
    }
    const matched: Record<string, string> = params;
    (async () => {
      const body = reads ? (await readBody(req)).toString("utf8") : "";
      const full = `http://${req.headers.host || "localhost"}${url}`;
      const request = entry.plainRequest(full, req.method ?? "POST", req.headers, body, requestIp(req, trustProxy));
      const answer = await entry.answerPlain(route.endpoint, request, matched);
      const headers = { ...(answer.html ? PLAIN_PAGE_HEADERS : PLAIN_HEADERS), ...answer.headers, ...(answer.location ? { Location: answer.location } : {}) };
      // Node leaves the body out of an answer to HEAD.
      res.writeHead(answer.status, { "Content-Type": answer.html ? "text/html; charset=utf-8" : "application/json; charset=utf-8", ...headers }).end(answer.body);
    })().catch((e) => refuseTooLarge(e, res, onError));
    return true;
  };
}
