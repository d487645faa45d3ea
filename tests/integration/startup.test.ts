// Start-up safety (issue 3): production refuses to run without a session secret or with demo
// accounts; the admin CLI creates an administrator who must change the one-time password.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { Client, db } from "../setup/app";
import { createUser } from "~/models/users.server";
import { identity } from "../setup/factories";

const serve = (env: Record<string, string>) =>
  spawnSync("node", ["build/server.js"], { env: { ...process.env, PORT: "0", ...env }, encoding: "utf8", timeout: 30_000 });

const t = suite("startup");

t("production without SESSION_SECRET refuses to start", () => {
  const r = serve({ NODE_ENV: "production", SESSION_SECRET: "" });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, "SESSION_SECRET");
});

t("production refuses demo mode and databases holding demo accounts", async () => {
  const demo = serve({ NODE_ENV: "production", SESSION_SECRET: "s3cret-for-test", DEMO: "1" });
  assert.is.not(demo.status, 0);
  assert.match(demo.stderr, "Demo mode");
  const id = identity();
  await createUser({ ...id, password: "Secret#2025x", role: "expert", isDemo: true });
  const withDemo = serve({ NODE_ENV: "production", SESSION_SECRET: "s3cret-for-test" });
  assert.is.not(withDemo.status, 0);
  assert.match(withDemo.stderr, "Demo accounts exist");
  await db("users").where({ username: id.username }).delete();
});

t("admin:create makes an admin whose one-time password must be changed first", async () => {
  const id = identity();
  const r = spawnSync("node", ["--import", "tsx", "scripts/admin-create.ts", "--username", id.username, "--name", "管理员", "--phone", id.phone], { encoding: "utf8", env: process.env });
  assert.is(r.status, 0, r.stderr);
  const pw = /一次性密码: (\S+)/.exec(r.stdout)?.[1];
  assert.ok(pw);
  const c = await new Client().prime();
  const login = await c.post("/login", { mode: "password", username: id.username, password: pw! });
  assert.is(login.status, 302);
  const home = await c.get("/admin/users");
  assert.is(home.headers.get("location"), "/profile/password");
  const bad = spawnSync("node", ["--import", "tsx", "scripts/admin-create.ts", "--username", "x"], { encoding: "utf8", env: process.env });
  assert.is(bad.status, 2);
});

// Decision 0025: what draws documents runs only in the worker threads, and what reads spreadsheets, images
// and media loads with its first use; a static import in the main bundle would load it at start-up.
const NOT_AT_START_UP = ["pdf-lib", "fontkit", "@resvg/resvg-js", "qrcode", "exceljs", "unzipper", "sharp", "file-type", "music-metadata", "svg-captcha"];
const staticImport = (pkg: string) => new RegExp(String.raw`(?:\bfrom\s*|\bimport\s*|require\()"${pkg.replace(/[/.]/g, "\\$&")}(?:/[^"]*)?"`);

t("the server's main bundle imports no drawing, spreadsheet or media library statically; the worker bundle draws", () => {
  const main = fs.readFileSync("build/index.js", "utf8");
  for (const pkg of NOT_AT_START_UP) assert.not.ok(staticImport(pkg).test(main), `build/index.js imports ${pkg} at start-up`);
  assert.ok(/import\("exceljs"\)/.test(main), "exceljs is still there, loaded on demand");
  const worker = fs.readFileSync("build/document-worker.js", "utf8");
  for (const pkg of ["pdf-lib", "fontkit", "@resvg/resvg-js", "qrcode"]) assert.ok(staticImport(pkg).test(worker), `build/document-worker.js imports ${pkg}`);
});

t.run();
