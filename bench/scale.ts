// Issue 21, acceptance 6: one instance against two behind nginx (`npm run bench -- scale`). The same
// 暂存 load as draft_save (32 connections, one expert each, BENCH_SECONDS each) through nginx, first
// with instance A alone in the upstream, then with A and B; PostgreSQL (INBOX_PG_URL or the default
// local server) in a schema of its own, dropped after. Writes scale.one_instance_rps,
// scale.two_instances_rps and scale.two_instances_ratio (goal on a 2-core machine: ≥ 1.0, two instances
// never slower than one: the load generator, nginx, PostgreSQL and both instances share the cores, so
// a second instance can only add what the first left idle). Runs in a child process of its own, whose
// environment points the app's modules at that schema before they load.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;

export async function run() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env, SCALE_BENCH_CHILD: "1", NODE_ENV: "test", NO_COLOR: "1", TRUST_PROXY: "1",
    DATABASE_URL: process.env.INBOX_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test", DATABASE_SCHEMA: `bench_scale_${process.pid}`,
    UPLOAD_DIR: path.join(tmp, "uploads"), SESSION_SECRET: crypto.randomBytes(32).toString("hex"), SCALE_BENCH_DIR: tmp,
  };
  console.log(`scale: 暂存 through nginx, ${CONNECTIONS} connections, ${SECONDS} s each — one instance, then two (PostgreSQL)`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/scale.ts"], { env, stdio: "inherit" });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`the scale benchmark exited with ${r.status}`);
}

async function child() {
  const { db } = await import("~/utils/db.server");
  const { startInstance, startNginx, stop } = await import("../tests/scale/cluster");
  const { draftRequest, expertSession } = await import("../tests/setup/http-session");
  const { warmLoad } = await import("./load");
  const { record } = await import("./lib");
  type Proc = Awaited<ReturnType<typeof startInstance>>;
  const dir = process.env.SCALE_BENCH_DIR!;
  const procs: Proc[] = [];
  try {
    const a = await startInstance("a", { ...process.env, DEMO: "1" });
    procs.push(a);
    const sessions = await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => expertSession(a.url, n)));
    const save = (c: number, i: number) => draftRequest(sessions[c], i);
    const nginxDir = (name: string) => {
      const d = path.join(dir, name);
      fs.mkdirSync(d);
      return d;
    };
    const one = await startNginx(nginxDir("one"), [a]);
    procs.push(one as Proc);
    const r1 = await warmLoad(one.url, CONNECTIONS, SECONDS, save);
    await stop(one);
    const b = await startInstance("b", process.env);
    procs.push(b);
    const two = await startNginx(nginxDir("two"), [a, b]);
    procs.push(two as Proc);
    const r2 = await warmLoad(two.url, CONNECTIONS, SECONDS, save);
    if (r1.errors || r2.errors) throw new Error(`errors during the run: one instance ${r1.errors}, two ${r2.errors}`);
    console.log(`  one instance: ${r1.rps.toFixed(0)} saves/s, p99 ${r1.p99.toFixed(1)} ms; two: ${r2.rps.toFixed(0)} saves/s, p99 ${r2.p99.toFixed(1)} ms (${os.cpus().length} cores)`);
    record({ "scale.one_instance_rps": r1.rps, "scale.two_instances_rps": r2.rps, "scale.two_instances_ratio": r2.rps / r1.rps });
  } finally {
    for (const p of procs.reverse()) await stop(p);
    await db.raw(`DROP SCHEMA IF EXISTS "${process.env.DATABASE_SCHEMA}" CASCADE`).catch(() => undefined);
    await db.destroy();
  }
}

if (process.env.SCALE_BENCH_CHILD) {
  await child();
  process.exit(0);
}
