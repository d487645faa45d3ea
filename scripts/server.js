// The production HTTP server: Express + Remix with security headers, an Origin gate for
// state-changing requests, compression, long-cached assets, and a graceful shutdown that closes the
// database pool. Tests build the same app with createApp(), so they exercise this exact chain.
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
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
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const origin = req.get("origin");
  if (!origin || origin === "null") return next();
  let host = "";
  try {
    host = new URL(origin).host;
  } catch {
    /* malformed: treated as foreign */
  }
  const expected = (req.app.get("trust proxy") && req.get("x-forwarded-host")?.split(",")[0].trim()) || req.get("host");
  if (host && host === expected) return next();
  res.status(403).type("application/json").send(JSON.stringify({ error: "请求来源无效，请刷新页面后重试" }));
}

// Request bodies are read whole (forms are small) before Remix sees them: a route that refuses a request
// without reading its body then still answers cleanly, instead of the adapter's abort tearing the
// connection down. Streaming multipart uploads will get their own path with their own size limit.
const MAX_BODY = 1024 * 1024;

class TooLarge extends Error {}

function readBody(req) {
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
  return new Request(url, { method: req.method, headers, body, signal: controller.signal });
}

async function send(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [k, v] of response.headers) if (k !== "set-cookie") res.append(k, v);
  for (const c of response.headers.getSetCookie()) res.append("Set-Cookie", c);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function remix(build) {
  const handle = createRequestHandler(build, "production");
  return async (req, res, next) => {
    try {
      let body;
      if (req.method !== "GET" && req.method !== "HEAD") {
        if (Number(req.get("content-length") ?? 0) > MAX_BODY) throw new TooLarge();
        body = await readBody(req);
      }
      const response = await handle(toRequest(req, res, body), { ip: req.ip, cspNonce: res.locals.nonce });
      await send(res, response);
    } catch (e) {
      if (!(e instanceof TooLarge)) return next(e);
      res.set("Connection", "close").status(413).type("application/json").send(JSON.stringify({ error: "提交的内容过大" }));
    }
  };
}

export function createApp(build, { trustProxy = process.env.TRUST_PROXY === "1" } = {}) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use(securityHeaders);
  app.use(originGate);
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all("*", remix(build));
  return app;
}

export async function loadBuild() {
  return import(pathToFileURL(path.join(root, "build/index.js")).href);
}

async function main() {
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
