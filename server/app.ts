// The production HTTP server: Express + Remix with security headers, an Origin gate for
// state-changing requests, compression, long-cached assets, the hot endpoints ahead of all of it, and a
// last error handler that never shows a stack. Tests build the same app with createApp(), so they
// exercise this exact chain.
import crypto from "node:crypto";
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import compression from "compression";
import expressStaticGzip from "express-static-gzip";
import { createRequestHandler } from "@remix-run/node";
import { FRAMEWORK_REFUSALS } from "~/utils/framework-refusals";
import type { AppBuild } from "./entry";
import { hotEndpoints } from "./hot-endpoints";
import { BAD_ORIGIN, BAD_URL, PLAIN_HEADERS, readBody, refuseTooLarge, sameOrigin, send, sendError, sendJson, SERVER_ERROR, toRequest } from "./http";
import { BILL_MAX_BYTES, LESSON_MAX_BYTES, streamUpload } from "./uploads";

/** 课程内容's lesson upload (admin only) streams too, under its own, larger limit. */
const LESSON_UPLOAD = /^\/admin\/batches\/\d{1,12}\/courses\/upload\/?$/;

// server/ in development, build/ once bundled: the project root is one level up either way.
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** A lesson's file (学习): the page shows a PDF lesson in a frame, so this one answer may be framed by our own pages. */
const LESSON_MEDIA = /^\/training\/\d{1,12}\/lessons\/\d{1,12}\/media\/?$/;

function securityHeaders(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  const framable = LESSON_MEDIA.test(req.path);
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'", `script-src 'self' 'nonce-${nonce}'`, "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
      framable ? "frame-ancestors 'self'" : "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": framable ? "SAMEORIGIN" : "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  });
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000");
  next();
}

/**
 * A cross-site or malformed Origin on a state-changing request is refused here with a 403 (Remix's own
 * check would answer 500). The CSRF token check in the actions still applies to everything else.
 */
function originGate(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || sameOrigin(req, Boolean(req.app.get("trust proxy")))) return next();
  sendJson(res, 403, { error: BAD_ORIGIN });
}

/** A path whose %-escapes do not decode (`/apply/%E0%A4%A`) is answered 400 before anything reads it. */
function refuseMalformedUrl(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  try {
    decodeURIComponent(req.path);
  } catch {
    return sendError(req, res, 400, BAD_URL);
  }
  next();
}

/**
 * The last error handler: whatever reaches it is answered with a status and a Chinese sentence, never a
 * stack or a file path, whatever NODE_ENV is (Express's own handler prints the stack outside production).
 * A client error Express or its middleware flagged (a malformed escape, a bad body) keeps its 4xx.
 */
function lastErrorHandler(e: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) {
  const err = e as { status?: unknown; statusCode?: unknown } | null;
  const flagged = Number(err?.status ?? err?.statusCode);
  const status = e instanceof URIError ? 400 : flagged >= 400 && flagged < 500 ? flagged : 500;
  if (status >= 500) console.error(e);
  if (res.headersSent) return res.destroy();
  sendError(req, res, status, status === 400 ? BAD_URL : status < 500 ? "请求无效" : SERVER_ERROR);
}

/**
 * A data request Remix refused by itself (a post to a route without an action: 405; `_data` naming no
 * route: 403) answers {"message":"Unexpected Server Error"}: the same refusal, said as our JSON errors are
 * ({ error: Chinese }). Only 4xx answers marked X-Remix-Error are read; everything else passes untouched.
 */
async function inChinese(response: Response): Promise<Response> {
  if (response.status < 400 || response.status >= 500 || !response.headers.has("X-Remix-Error")) return response;
  const text = await response.clone().text();
  if (!text.includes("Unexpected Server Error")) return response;
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  const error = FRAMEWORK_REFUSALS[response.status] ?? "请求无法处理";
  return new Response(JSON.stringify({ error, message: error }), { status: response.status, headers });
}

// Request bodies are read whole (forms are small) before Remix sees them: a route that refuses a request
// without reading its body then still answers cleanly, instead of the adapter's abort tearing the
// connection down. File uploads (POST /uploads, and a payment bill to POST /admin/payments/upload) are the
// exception (uploads.ts).
function remix(build: AppBuild) {
  const handle = createRequestHandler(build, "production");
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      if (req.method === "POST" && req.path === "/uploads") return await streamUpload(handle, req, res);
      if (req.method === "POST" && req.path === "/admin/payments/upload") return await streamUpload(handle, req, res, BILL_MAX_BYTES);
      if (req.method === "POST" && LESSON_UPLOAD.test(req.path)) return await streamUpload(handle, req, res, LESSON_MAX_BYTES);
      const body = req.method !== "GET" && req.method !== "HEAD" ? await readBody(req) : undefined;
      const response = await handle(toRequest(req, res, body), { ip: req.ip, cspNonce: res.locals.nonce });
      await send(res, await inChinese(response));
    } catch (e) {
      refuseTooLarge(e, res, next);
    }
  };
}

/** How long an idle keep-alive connection stays open, ms (longer than nginx's and browsers' 60 s). */
const KEEP_ALIVE_MS = 65_000;

/** Node's request listener, with `listen(...)` as on http.Server (same arguments) for tests and main. */
export type AppHandler = ((req: IncomingMessage, res: ServerResponse) => void) & { listen: (...args: unknown[]) => http.Server };

/** The whole request chain for a build; `trustProxy` takes client IP and host from X-Forwarded-*. */
export function createApp(build: AppBuild, { trustProxy = process.env.TRUST_PROXY === "1" } = {}): AppHandler {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use(securityHeaders);
  app.use(refuseMalformedUrl);
  app.use(originGate);
  // The client build's scripts and styles as compressed at build time (scripts/precompress.js: brotli 11,
  // gzip 9), so a first visit costs the server no compression and the phone fewer bytes; a file without a
  // copy (or a client accepting neither) is answered as before, the compression middleware doing the rest.
  app.use("/build", expressStaticGzip(path.join(root, "public/build"), { enableBrotli: true, orderPreference: ["br", "gzip"], serveStatic: { immutable: true, maxAge: "1y" } }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all("*", remix(build));
  app.use(lastErrorHandler);
  // Hot endpoints come first: their short JSON answers need neither Express, compression nor page headers.
  const hot = hotEndpoints(build.entry.module, trustProxy);
  const serverError = (res: ServerResponse) => (e: unknown) => {
    console.error(e);
    if (!res.headersSent) sendJson(res, 500, { error: SERVER_ERROR }, PLAIN_HEADERS);
    else res.destroy();
  };
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    if (!hot(req, res, serverError(res))) app(req, res);
  }) as AppHandler;
  handler.listen = (...args) => {
    const server = http.createServer(handler);
    // Idle keep-alive sockets outlive the client's (a browser's, a load balancer's): with Node's 5 s, a
    // client reusing a socket the server is closing at that moment gets ECONNRESET, which a busy machine
    // makes likely. headersTimeout must exceed keepAliveTimeout.
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
    return server.listen(...(args as Parameters<http.Server["listen"]>));
  };
  return handler;
}

/** The Remix server build (`npm run build` writes it). */
export async function loadBuild(): Promise<AppBuild> {
  return import(pathToFileURL(path.join(root, "build/index.js")).href);
}
