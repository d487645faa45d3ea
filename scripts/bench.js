#!/usr/bin/env node
// Runs the benchmarks (bench/run.ts) against a fresh production build and a scratch SQLite database
// (or DATABASE_URL=postgres://… with its own schema). Figures go to bench/results.json.
// `--run <file.ts> [args]` runs another script in the same scratch setting (npm run test:crash).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "expert-bench-"));
if (!process.env.SKIP_BUILD) {
  const b = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (b.status !== 0) process.exit(1);
}
const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const args = process.argv[2] === "--run" ? process.argv.slice(3) : ["bench/run.ts", ...process.argv.slice(2)];
// Benchmarks measure the server as deployed (tests/setup/server.ts: NODE_ENV=production, React's production
// build, no demo mode), with a secret and a certificate key made for this run; `--run` scripts keep test mode.
const production = process.argv[2] !== "--run" && process.env.SERVER_MODE !== "test";
const env = {
  ...process.env,
  ...(production ? {
    SERVER_MODE: "production",
    SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
    CERT_SIGNING_KEY: crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
  } : {}),
  NODE_ENV: "test",
  TZ: "Asia/Shanghai",
  NO_COLOR: "1",
  UPLOAD_DIR: path.join(tmp, "uploads"),
  ...(pg ? { DATABASE_SCHEMA: `bench_${process.pid}` } : { DATABASE_URL: path.join(tmp, "bench.sqlite") }),
};
const r = spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: root, stdio: "inherit", env });
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(r.status ?? 1);
