// Node-level request and response helpers shared by the server's paths: the Origin check, JSON and
// error answers, whole-body reads under a limit, and the fetch Request/Response bridge to Remix.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { BODY_MAX_BYTES } from "~/utils/body-limits";

/** Headers of the JSON and error answers written outside Remix (never pages, so no CSP nonce). */
export const PLAIN_HEADERS = {
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
} as const;

/**
 * A hot endpoint's small page (the certificate check): self-contained, so nothing but its inline styles
 * may load, and it may not be framed.
 */
export const PLAIN_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
} as const;

/**
 * The client's address as Express's `req.ip` gives it: the first X-Forwarded-For entry behind a trusted
 * proxy (TRUST_PROXY=1, nginx in the scaled shape), else the socket's peer.
 */
export function requestIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0].trim();
  return first || req.socket.remoteAddress || "unknown";
}

export const BAD_URL = "请求地址格式不正确，请检查链接是否完整";
export const BAD_ORIGIN = "请求来源无效，请刷新页面后重试";
export const SERVER_ERROR = "服务器内部错误，请稍后重试";

/** Largest form body read whole (bytes); file uploads stream instead (uploads.ts). */
export const MAX_BODY = BODY_MAX_BYTES;

export class TooLarge extends Error {}

/**
 * No Origin (same-site form posts from old browsers), or one naming this host. Works on Node's request.
 * `Origin: null` (a sandboxed frame, a file: page, a post after a cross-site redirect) names no site of
 * ours: it is foreign. Our own pages send their origin (Referrer-Policy same-origin), and Remix's check
 * would otherwise answer it with a 500.
 */
export function sameOrigin(req: IncomingMessage, trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  let host = "";
  try {
    host = new URL(origin).host;
  } catch {
    /* malformed: treated as foreign */
  }
  const forwarded = req.headers["x-forwarded-host"];
  const expected = (trustProxy && (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0].trim()) || req.headers.host;
  return Boolean(host) && host === expected;
}

/** A JSON answer written with Node's own response API (so it also serves the requests Express never sees). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers }).end(typeof body === "string" ? body : JSON.stringify(body));
}

/** An error answer: a small Chinese page for a browser's page request, JSON for anything else. */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  if (!String(req.headers.accept ?? "").includes("text/html")) return sendJson(res, status, { error: message }, PLAIN_HEADERS);
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${message}</title></head>` +
    `<body><h1>${status}</h1><p>${message}</p><p><a href="/">返回首页</a></p></body></html>`;
  res.writeHead(status, { ...PLAIN_HEADERS, "Content-Type": "text/html; charset=utf-8" }).end(page);
}

/** The whole body, at most MAX_BODY bytes; rejects with TooLarge beyond it (declared or sent). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.pause();
        reject(new TooLarge());
      } else chunks.push(c);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** An oversized body is answered 413 and its connection closed; any other error goes on to `next`. */
export function refuseTooLarge(e: unknown, res: ServerResponse, next: (e: unknown) => void): void {
  if (!(e instanceof TooLarge)) return next(e);
  sendJson(res, 413, { error: "提交的内容过大" }, { Connection: "close" });
}

/** The fetch Request Remix reads, from Express's request; aborted when the client goes away. */
export function toRequest(req: ExpressRequest, res: ExpressResponse, body?: Buffer | ReadableStream): Request {
  let url: URL;
  try {
    url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") || "localhost"}`);
  } catch {
    url = new URL(req.originalUrl, "http://localhost");
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v != null) headers.set(k, v);
  }
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  // A streamed body needs duplex "half" (fetch's Request insists on it).
  const stream = body instanceof ReadableStream ? { duplex: "half" } : {};
  return new Request(url, { method: req.method, headers, body, signal: controller.signal, ...stream } as RequestInit);
}

/**
 * Writes a Remix answer. Every one of them is `Cache-Control: no-store` (issue 14 §2): pages and data
 * carry personal data (the review page shows a full 身份证号), files and PDFs are personal documents, and
 * the rest are cheap to make again. Set here, on the one path every page, data request, resource route
 * and redirect takes, so no route can forget it; static assets (served before Remix) keep their caching.
 * A route may opt in to `public, max-age=N` (N < 1000 s) on an answer that sets no cookie.
 */
export async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [k, v] of response.headers) if (k !== "set-cookie" && k !== "cache-control") res.append(k, v);
  // The one exception a route can ask for: a public, briefly cacheable answer with no personal data (the
  // certificate verify page, for anonymous visitors). Anything else is no-store.
  const asked = response.headers.get("cache-control") ?? "";
  res.set("Cache-Control", /^public, max-age=\d{1,3}$/.test(asked) && !response.headers.has("set-cookie") ? asked : "no-store");
  for (const c of response.headers.getSetCookie()) res.append("Set-Cookie", c);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
