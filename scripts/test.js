#!/usr/bin/env node
// Runs every test suite (unit, integration, browser) with uvu under tsx and prints one closing line
// `N passed, N failed`. DATABASE_URL=postgres://… runs the same suites on PostgreSQL (one fresh schema
// per process); otherwise each process gets a fresh SQLite file. `node scripts/test.js unit` runs one
// suite; TEST_PATTERN=accounts narrows it to matching file names.
//
// Test processes run side by side (TEST_JOBS at a time; default 2, the cores CI has), which keeps the
// whole run inside CI's 30 minutes: the integration suite is split into 3 × TEST_JOBS shards, the unit
// suite (run last) into TEST_JOBS, and every browser journey is a process of its own. Each process has a database of its own, so no test sees
// another's data; a journey that publishes new form or workflow versions (as an administrator would)
// cannot change what the next one sees. A process's output is printed whole when it ends. A browser
// journey that fails runs once more alone at the end and is named in the summary (TEST_NO_RERUN=1: no).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { printSummary } from "./test-summary.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ["unit", "integration", "browser"];
const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "expert-tests-"));
const jobs = Math.max(1, Number(process.env.TEST_JOBS) || 2);

// Integration and browser suites drive the production build, so build once first.
if (suites.some((s) => s !== "unit") && !process.env.SKIP_BUILD) {
  const b = spawnSync("npm", ["run", "build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, stdio: "inherit" });
  if (b.status !== 0) {
    console.log("\nbuild failed\n0 passed, 1 failed");
    process.exit(1);
  }
}

const pattern = new RegExp(process.env.TEST_PATTERN ?? "\\.test\\.tsx?$");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const filesOf = (suite) => {
  const dir = path.join(root, "tests", suite);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.test\.tsx?$/.test(f) && pattern.test(f)).sort() : [];
};
/** The marker of a test file that runs in a process of its own (see the sharding below). */
const OWN_SHARD = /^\/\/ test-runner: own shard/m;
/** A pattern matching exactly these file names. */
const exactly = (files) => `^(${files.map(escape).join("|")})$`;

/** The processes to run: { suite, dbName, filePattern, label }. */
const work = [];
for (const suite of suites) {
  const files = filesOf(suite);
  if (!files.length) continue;
  if (suite === "browser") {
    files.forEach((f, i) => work.push({ suite, dbName: `browser${i}`, filePattern: exactly([f]), label: `${suite} ${f}` }));
  } else if (jobs > 1 && files.length > 1) {
    // Shards balanced by file size: size is only a rough proxy for how long a file runs. Integration gets
    // three per job, so the jobs even out as they go; unit, which runs last, one per job, so no job ends
    // the run alone with the whole suite. A file marked `// test-runner: own shard` (a short file that runs
    // for minutes, like the form fuzz) is a shard of its own, queued first: balanced by size it landed
    // beside the heaviest files and made one shard 943 s long (CI, 2026-12-02).
    const count = Math.min(files.length, suite === "integration" ? jobs * 3 : jobs);
    const own = files.filter((f) => OWN_SHARD.test(fs.readFileSync(path.join(root, "tests", suite, f), "utf8").slice(0, 4000))).slice(0, count - 1);
    own.forEach((f, i) => work.push({ suite, dbName: `${suite}-own${i}`, filePattern: exactly([f]), label: `${suite} ${f}` }));
    const shards = Array.from({ length: count - own.length }, () => ({ files: [], bytes: 0 }));
    const sized = files.filter((f) => !own.includes(f)).map((f) => ({ f, bytes: fs.statSync(path.join(root, "tests", suite, f)).size })).sort((a, b) => b.bytes - a.bytes);
    for (const { f, bytes } of sized) {
      const s = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
      s.files.push(f);
      s.bytes += bytes;
    }
    shards.filter((s) => s.files.length).forEach((s, i) => work.push({ suite, dbName: `${suite}${i}`, filePattern: exactly(s.files.sort()), label: `${suite} (shard ${i + 1}: ${s.files.length} files)` }));
  } else {
    work.push({ suite, dbName: suite, filePattern: exactly(files), label: suite });
  }
}

let passed = 0;
let failed = 0;
/** Browser journeys that failed once, to run again alone at the end; and those that then passed. */
const again = [];
const flaky = [];

/**
 * Runs one process of test files on a database of its own; resolves with { ok, bad } once it exits
 * (bad: tests that failed, stray console errors, or 1 for a process that crashed before reporting).
 */
function runFiles({ suite, dbName, filePattern, label }, note = "") {
  const env = { ...process.env, NODE_ENV: "test", TEST_CLOCK: "1", TZ: "Asia/Shanghai", NO_COLOR: "1", UPLOAD_DIR: path.join(tmp, `${dbName}${note ? "-again" : ""}-uploads`) };
  if (pg) env.DATABASE_SCHEMA = `t_${dbName}_${process.pid}`;
  else env.DATABASE_URL = path.join(tmp, `${dbName}${note ? "-again" : ""}.sqlite`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("node", ["--import", "tsx", "tests/setup/run.ts", path.join("tests", suite), filePattern], { cwd: root, env });
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.on("close", (status) => {
      const raw = Buffer.concat(chunks).toString("utf8");
      // Wall time per process (s), so a slow CI run shows which files took it.
      console.log(`\n=== ${label} (${pg ? "PostgreSQL" : "SQLite"}${note}; ${Math.round((Date.now() - started) / 1000)} s) ===`);
      process.stdout.write(raw);
      const out = raw.replace(/\x1b\[[0-9;]*m/g, "");
      const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const stray = (out.match(/UNEXPECTED console\.error/g) ?? []).length;
      if (skipped) console.log(`(${skipped} skipped in ${label})`);
      let bad = total - ok - skipped + stray;
      if (status !== 0 && bad === 0) bad = 1; // crashed before reporting
      if (pg) spawnSync("psql", [process.env.DATABASE_URL, "-qc", `DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`]);
      resolve({ ok, bad });
    });
  });
}

// Longest first (browser journeys and integration shards), so the pool ends together.
const queue = [...work.filter((w) => w.suite !== "unit"), ...work.filter((w) => w.suite === "unit")];
await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
  for (let w = queue.shift(); w; w = queue.shift()) {
    const { ok, bad } = await runFiles(w);
    // A browser journey drives Chromium against a real server: on a machine whose cores are all busy
    // (CI runs SQLite and PostgreSQL side by side) one of its waits can run out. It runs once more,
    // alone, at the end (as Playwright's own runner does with `retries`); it counts as passed only if
    // that whole run passes, and the summary names it. Other suites are not run again.
    if (bad && w.suite === "browser" && !process.env.TEST_NO_RERUN) again.push(w);
    else {
      passed += ok;
      failed += bad;
    }
  }
}));
for (const w of again) {
  const { ok, bad } = await runFiles(w, ", run again alone after a failure");
  passed += ok;
  failed += bad;
  if (!bad) flaky.push(w.label);
}
if (flaky.length) console.log(`\nfailed once, then passed when run again alone (${flaky.length}): ${flaky.join(", ")}`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(printSummary(passed, failed));
