// The production server: Express + Remix, security headers, compression, static assets with long
// caching, and a graceful shutdown that closes the database pool.
import crypto from "node:crypto";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const build = await import("./build/index.js");
const life = build.entry.module;
await life.startup({ demo: process.env.DEMO === "1" });

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", true);
app.use(compression());

app.use((req, res, next) => {
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
  if (process.env.NODE_ENV === "production" && req.secure) res.set("Strict-Transport-Security", "max-age=31536000");
  next();
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (req, res) => ({ ip: req.ip, cspNonce: res.locals.nonce }),
  }),
);

const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => console.log(`评标专家管理系统 listening on http://localhost:${port}`));

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  server.close(async () => {
    await life.shutdown();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
