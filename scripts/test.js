#!/usr/bin/env node
// Runs every test suite (unit, integration, browser) with uvu under tsx and prints one closing line
// `N passed, N failed`. DATABASE_URL=postgres://… runs the same suites on PostgreSQL (one fresh schema
// per suite); otherwise each suite gets a fresh SQLite file. `node scripts/test.js unit` runs one suite;
// TEST_PATTERN=accounts narrows it to matching file names.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ["unit", "integration", "browser"];
const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "expert-tests-"));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  return r;
}

// Integration and browser suites drive the production build, so build once first.
if (suites.some((s) => s !== "unit") && !process.env.SKIP_BUILD) {
  const b = run("npm", ["run", "build"], { NODE_ENV: "production" });
  if (b.status !== 0) {
    console.log("\nbuild failed\n0 passed, 1 failed");
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
const pattern = new RegExp(process.env.TEST_PATTERN ?? "\\.test\\.tsx?$");

/** Runs the matching files of a suite in one process, on a database of their own; adds up the results. */
function runFiles(suite, dbName, filePattern) {
  const env = { NODE_ENV: "test", TEST_CLOCK: "1", TZ: "Asia/Shanghai", NO_COLOR: "1", UPLOAD_DIR: path.join(tmp, `${dbName}-uploads`) };
  if (pg) env.DATABASE_SCHEMA = `t_${dbName}_${process.pid}`;
  else env.DATABASE_URL = path.join(tmp, `${dbName}.sqlite`);
  const r = run("node", ["--import", "tsx", "tests/setup/run.ts", path.join("tests", suite), filePattern], env);
  const out = ((r.stdout ?? "") + (r.stderr ?? "")).replace(/\x1b\[[0-9;]*m/g, "");
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const stray = (out.match(/UNEXPECTED console\.error/g) ?? []).length;
  if (skipped) console.log(`(${skipped} skipped in ${suite})`);
  passed += ok;
  failed += total - ok - skipped + stray;
  if (r.status !== 0 && total - ok - skipped + stray === 0) failed += 1; // crashed before reporting
  if (pg) run("psql", [process.env.DATABASE_URL, "-qc", `DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`]);
}

for (const suite of suites) {
  const dir = path.join(root, "tests", suite);
  if (!fs.existsSync(dir)) continue;
  console.log(`\n=== ${suite} (${pg ? "PostgreSQL" : "SQLite"}) ===`);
  if (suite !== "browser") {
    runFiles(suite, suite, pattern.source);
    continue;
  }
  // Each browser journey gets a database of its own: one that publishes new form or workflow versions
  // (as an administrator would) must not change what the next journey sees.
  const files = fs.readdirSync(dir).filter((f) => /\.test\.tsx?$/.test(f) && pattern.test(f)).sort();
  files.forEach((f, i) => runFiles(suite, `browser${i}`, `^${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
