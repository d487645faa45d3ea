// The production HTTP server: Express + Remix with security headers, an Origin gate for
// state-changing requests, compression, long-cached assets, and a graceful shutdown that closes the
// database pool. Tests build the same app with createApp(), so they exercise this exact chain.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import { Readable, Transform } from "node:stream";
import express from "express";
import compression from "compression";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function securityHeaders(req, res, next) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'", `script-src 'self' 'nonce-${nonce}'`, "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
      "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  });
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000");
  next();
}

/**
 * A cross-site or malformed Origin on a state-changing request is refused here with a 403 (Remix's own
 * check would answer 500). The CSRF token check in the actions still applies to everything else.
 */
function originGate(req, res, next) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || sameOrigin(req, req.app.get("trust proxy"))) return next();
  sendJson(res, 403, { error: "请求来源无效，请刷新页面后重试" });
}

/**
 * No Origin (same-site form posts from old browsers), or one naming this host. Works on Node's request.
 * `Origin: null` (a sandboxed frame, a file: page, a post after a cross-site redirect) names no site of
 * ours: it is foreign. Our own pages send their origin (Referrer-Policy same-origin), and Remix's check
 * would otherwise answer it with a 500.
 */
function sameOrigin(req, trustProxy) {
  const origin = req.headers.origin;
  if (!origin) return true;
  let host = "";
  try {
    host = new URL(origin).host;
  } catch {
    /* malformed: treated as foreign */
  }
  const expected = (trustProxy && req.headers["x-forwarded-host"]?.split(",")[0].trim()) || req.headers.host;
  return Boolean(host) && host === expected;
}

/** A JSON answer written with Node's own response API (so it also serves the requests Express never sees). */
function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers }).end(typeof body === "string" ? body : JSON.stringify(body));
}

// Request bodies are read whole (forms are small) before Remix sees them: a route that refuses a request
// without reading its body then still answers cleanly, instead of the adapter's abort tearing the
// connection down. File uploads (POST /uploads) are the one exception: see streamUpload below.
const MAX_BODY = 1024 * 1024;

// The upload route reads the same variable (app/utils/env.server.ts) as its per-file limit; the body may
// carry that plus the multipart framing and the small `accept` field.
const UPLOAD_MAX_BYTES = /^\d+$/.test(process.env.UPLOAD_MAX_BYTES ?? "") ? Number(process.env.UPLOAD_MAX_BYTES) : 10 * 1024 * 1024;
const UPLOAD_BODY_MAX = UPLOAD_MAX_BYTES + 64 * 1024;
// After an early answer, up to this much more is read and dropped so the client, still sending, gets
// the answer rather than a reset; a body that goes on beyond it has its connection cut.
const UPLOAD_DRAIN_EXTRA = 1024 * 1024;

class TooLarge extends Error {}

/** An oversized body is answered 413 and its connection closed; any other error goes on to Express. */
function refuseTooLarge(e, res, next) {
  if (!(e instanceof TooLarge)) return next(e);
  sendJson(res, 413, { error: "提交的内容过大" }, { Connection: "close" });
}

function readBody(req) {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
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

function toRequest(req, res, body) {
  let url;
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
  return new Request(url, { method: req.method, headers, body, signal: controller.signal, ...stream });
}

/**
 * Writes a Remix answer. Every one of them is `Cache-Control: no-store` (issue 14 §2): pages and data
 * carry personal data (the review page shows a full 身份证号), files and PDFs are personal documents, and
 * the rest are cheap to make again. Set here, on the one path every page, data request, resource route
 * and redirect takes, so no route can forget it; static assets (served before Remix) keep their caching.
 */
async function send(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [k, v] of response.headers) if (k !== "set-cookie" && k !== "cache-control") res.append(k, v);
  res.set("Cache-Control", "no-store");
  for (const c of response.headers.getSetCookie()) res.append("Set-Cookie", c);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

const tooLargeResponse = () =>
  new Response(JSON.stringify({ error: `文件过大，单个文件不能超过 ${Math.floor(UPLOAD_MAX_BYTES / 1024 / 1024)} MB` }), {
    status: 413,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });

/** Reads and drops the rest of a request, up to `limit` more bytes; true when it reached its end. */
function drain(req, limit) {
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let n = 0;
    const done = (ended) => {
      req.off("data", onData).off("end", onEnd).off("error", onEnd).off("close", onClose);
      if (!ended) req.pause();
      resolve(ended);
    };
    const onData = (c) => {
      n += c.length;
      if (n > limit) done(false);
    };
    const onEnd = () => done(true);
    const onClose = () => done(req.readableEnded);
    req.on("data", onData).once("end", onEnd).once("error", onEnd).once("close", onClose);
    req.resume();
  });
}

/**
 * POST /uploads: the Node request goes to Remix as a web stream, unbuffered, counted against
 * UPLOAD_BODY_MAX. A declared Content-Length over it is answered 413 at once; a chunked body that grows
 * past it errors the stream and is answered 413 whatever the route said. A refusal that left the body
 * unread drains it (bounded) first and closes the connection, so the client sees the answer, not a reset.
 */
async function streamUpload(handle, req, res) {
  if (Number(req.get("content-length") ?? 0) > UPLOAD_BODY_MAX) {
    res.set("Connection", "close");
    return send(res, tooLargeResponse());
  }
  let seen = 0;
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk, _enc, cb) {
      seen += chunk.length;
      if (seen > UPLOAD_BODY_MAX) {
        tooLarge = true;
        cb(new Error("upload body too large"));
      } else cb(null, chunk);
    },
  });
  req.pipe(counter);
  let response = await handle(toRequest(req, res, Readable.toWeb(counter)), { ip: req.ip, cspNonce: res.locals.nonce });
  if (tooLarge) response = tooLargeResponse();
  if (!req.readableEnded) {
    req.unpipe(counter);
    counter.destroy();
    const ended = await drain(req, Math.max(0, UPLOAD_BODY_MAX + UPLOAD_DRAIN_EXTRA - seen));
    if (!ended || response.status >= 400) res.set("Connection", "close");
  }
  await send(res, response);
}

function remix(build) {
  const handle = createRequestHandler(build, "production");
  return async (req, res, next) => {
    try {
      if (req.method === "POST" && req.path === "/uploads") return await streamUpload(handle, req, res);
      let body;
      if (req.method !== "GET" && req.method !== "HEAD") body = await readBody(req);
      const response = await handle(toRequest(req, res, body), { ip: req.ip, cspNonce: res.locals.nonce });
      await send(res, response);
    } catch (e) {
      refuseTooLarge(e, res, next);
    }
  };
}

// Headers of the plain endpoints' JSON answers (they are never pages, so no CSP nonce is made for them).
const PLAIN_HEADERS = {
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

/** `/apply/:id/draft` → a matcher giving { id } for a matching pathname, or null. */
function pathMatcher(pattern) {
  const names = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), "([^/]+)"))}/?$`);
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
 * The plain endpoints (app/utils/plain-endpoint.server.ts), answered before Express: the Origin gate,
 * the body read whole under the same limit as Remix's, the endpoint run on a request built from Node's
 * own, the JSON answer written straight out. Returns false for a request that is none of them.
 */
function plainEndpoints(entry, trustProxy) {
  const routes = (entry.plainEndpoints ?? []).map((endpoint) => ({ endpoint, match: pathMatcher(endpoint.path) }));
  return (req, res, onError) => {
    if (!routes.length) return false;
    const q = req.url.indexOf("?");
    const pathname = q < 0 ? req.url : req.url.slice(0, q);
    let params = null;
    const route = routes.find((r) => r.endpoint.method === req.method && (params = r.match(pathname)));
    if (!route) return false;
    if (!sameOrigin(req, trustProxy)) {
      sendJson(res, 403, { error: "请求来源无效，请刷新页面后重试" }, PLAIN_HEADERS);
      return true;
    }
    (async () => {
      const body = (await readBody(req)).toString("utf8");
      const url = `http://${req.headers.host || "localhost"}${req.url}`;
      const answer = await entry.answerPlain(route.endpoint, entry.plainRequest(url, req.method, req.headers, body), params);
      sendJson(res, answer.status, answer.body, answer.location ? { ...PLAIN_HEADERS, Location: answer.location } : PLAIN_HEADERS);
    })().catch((e) => refuseTooLarge(e, res, onError));
    return true;
  };
}

const BAD_URL = "请求地址格式不正确，请检查链接是否完整";
const SERVER_ERROR = "服务器内部错误，请稍后重试";

/** A path whose %-escapes do not decode (`/apply/%E0%A4%A`) is answered 400 before anything reads it. */
function refuseMalformedUrl(req, res, next) {
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
// eslint-disable-next-line no-unused-vars
function lastErrorHandler(e, req, res, _next) {
  const flagged = Number(e?.status ?? e?.statusCode);
  const status = e instanceof URIError ? 400 : flagged >= 400 && flagged < 500 ? flagged : 500;
  if (status >= 500) console.error(e);
  if (res.headersSent) return res.destroy();
  sendError(req, res, status, status === 400 ? BAD_URL : status < 500 ? "请求无效" : SERVER_ERROR);
}

/** An error answer: a small Chinese page for a browser's page request, JSON for anything else. */
function sendError(req, res, status, message) {
  if (!String(req.headers.accept ?? "").includes("text/html")) return sendJson(res, status, { error: message }, PLAIN_HEADERS);
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${message}</title></head>` +
    `<body><h1>${status}</h1><p>${message}</p><p><a href="/">返回首页</a></p></body></html>`;
  res.writeHead(status, { ...PLAIN_HEADERS, "Content-Type": "text/html; charset=utf-8" }).end(page);
}

export function createApp(build, { trustProxy = process.env.TRUST_PROXY === "1" } = {}) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use(securityHeaders);
  app.use(refuseMalformedUrl);
  app.use(originGate);
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all("*", remix(build));
  app.use(lastErrorHandler);
  // Plain endpoints come first: their short JSON answers need neither Express, compression nor page headers.
  const plain = plainEndpoints(build.entry.module, trustProxy);
  const serverError = (res) => (e) => {
    console.error(e);
    if (!res.headersSent) sendJson(res, 500, { error: SERVER_ERROR }, PLAIN_HEADERS);
    else res.destroy();
  };
  const handler = (req, res) => plain(req, res, serverError(res)) || app(req, res);
  handler.listen = (...args) => http.createServer(handler).listen(...args);
  return handler;
}

export async function loadBuild() {
  return import(pathToFileURL(path.join(root, "build/index.js")).href);
}

/**
 * Under steady load V8 lets the old space grow to several times the live data before a full collection
 * (measured: live ≈ 90 MB, heap 190 MB and more). A fixed growth factor (by default: at most double the
 * live data) keeps the resident size nearer what is really in use, at the cost of more frequent
 * (concurrent) full collections; unlike a heap cap it never makes a large export fail. 50 saved another
 * 35 MB under the 暂存 load but lengthened its slowest answers. HEAP_GROWING_PERCENT overrides it (0 = V8's
 * own heuristics).
 */
function limitHeapGrowth() {
  const percent = process.env.HEAP_GROWING_PERCENT ?? "100";
  if (/^\d{1,4}$/.test(percent)) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

async function main() {
  limitHeapGrowth();
  const build = await loadBuild();
  const life = build.entry.module;
  await life.startup({ demo: process.env.DEMO === "1" });
  const port = Number(process.env.PORT || 3000);
  const server = createApp(build).listen(port, () => console.log(`评标专家管理系统 listening on http://localhost:${port}`));
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(async () => {
      await life.shutdown();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
