// Starts the real production server (`node build/server.js`, demo accounts on) on a free port against the
// suite's database, plus a Knex handle on the same database so tests can read the SMS outbox.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { freePort } from "./ports";
import path from "node:path";
import knexFactory from "knex";
import type { Knex } from "knex";
import { knexConfig, sqliteWriterConfig } from "~/utils/db.server";

export type TestServer = {
  url: string; pid: number; db: Knex;
  /** SIGTERM (a clean shutdown), SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL now, as a crash or a power cut would end it; resolves once the process is gone. */
  crash(): Promise<void>;
  /** The server's own output since `mark` (a length of it, e.g. taken when a test began): what it logged. */
  output(mark?: number): string;
};

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/**
 * Starts build/server.js on a free port with demo accounts; `overrides` replace environment variables
 * (another DATABASE_URL, DATABASE_SCHEMA or UPLOAD_DIR: the returned `db` then opens that database).
 * With SERVER_MODE=production (scripts/bench.js sets it, with SESSION_SECRET and CERT_SIGNING_KEY) the
 * server runs as deployed — NODE_ENV=production, so React's production build and Secure cookies, and
 * no demo mode (production refuses it) — and the demo accounts' names and passwords are then created
 * as ordinary accounts, so benchmarks sign in as before.
 */
export async function startServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const production = process.env.SERVER_MODE === "production";
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DEMO: "1", ...overrides };
  if (production) {
    if (!env.SESSION_SECRET || !env.CERT_SIGNING_KEY) throw new Error("SERVER_MODE=production needs SESSION_SECRET and CERT_SIGNING_KEY");
    env.NODE_ENV = "production";
    delete env.DEMO;
  } else if (!env.NODE_ENV || env.NODE_ENV === "production") {
    // Tests run the server in "test" mode: production refuses demo accounts, and development prints
    // codes; "test" is the mode the clock override and demo seeding expect.
    env.NODE_ENV = "test";
  }
  const entry = "build/server.js";
  // SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (not allowed in NODE_OPTIONS).
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  // SERVER_LOG=1 shows the server's own output (errors it logs, and what SERVER_NODE_ARGS such as
  // --trace-gc print) while tests run.
  if (process.env.SERVER_LOG === "1") {
    child.stdout!.pipe(process.stderr);
    child.stderr!.pipe(process.stderr);
  }
  let exited: number | null = null;
  let stopping = false;
  const exitP = new Promise<void>((resolve) => child.on("exit", (code, signal) => {
    exited = code ?? -1;
    // A server gone while tests still talk to it: say why (its own output), or the tests only see refused connections.
    if (!stopping) process.stderr.write(`\n${entry} (pid ${child.pid}) exited during the tests (code ${code}, signal ${signal}):\n${log.slice(-4000)}\n`);
    resolve();
  }));

  const deadline = Date.now() + 120_000; // a failure budget: migrations and seeding on a loaded machine
  for (;;) {
    if (exited !== null) throw new Error(`${entry} exited with ${exited} before answering /healthz:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      stopping = true;
      child.kill("SIGKILL");
      throw new Error(`${entry} did not answer /healthz within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const db = knexFactory(overrides.DATABASE_URL || overrides.DATABASE_SCHEMA ? databaseOf(env) : knexConfig());
  if (production) await createDemoNamedAccounts(db);
  return {
    url,
    pid: child.pid!,
    db,
    output: (mark = 0) => log.slice(mark),
    async crash() {
      stopping = true;
      if (exited === null) {
        child.kill("SIGKILL");
        await exitP;
      }
      await db.destroy();
    },
    async stop() {
      stopping = true;
      await db.destroy();
      if (exited === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exitP;
        clearTimeout(t);
      }
    },
  };
}

/** The demo accounts (same names, passwords and the reviewer's region) as ordinary ones, unless present. */
async function createDemoNamedAccounts(db: Knex): Promise<void> {
  const { DEMO_ACCOUNTS, DEMO_REVIEWER_REGION } = await import("~/models/demo.server");
  const { createUser } = await import("~/models/users.server");
  for (const a of DEMO_ACCOUNTS) {
    if (await db("users").where({ username: a.username }).first("id")) continue;
    const id = await createUser({ ...a, isDemo: false }, db);
    if (a.role === "reviewer") await db("reviewer_scopes").insert({ user_id: id, region: DEMO_REVIEWER_REGION, batch_id: null });
  }
}

/** A plain Knex config for the database an environment names (not this process's own). */
function databaseOf(env: NodeJS.ProcessEnv): Knex.Config {
  const url = env.DATABASE_URL ?? "";
  if (/^postgres(ql)?:\/\//.test(url)) return { client: "pg", connection: url, searchPath: env.DATABASE_SCHEMA ? [env.DATABASE_SCHEMA] : undefined, pool: { min: 0, max: 2 } };
  return sqliteWriterConfig(url);
}

/** The six-digit code in the newest outbox message to `phone`, waiting briefly for it to arrive. */
export async function lastCode(db: Knex, phone: string, after = 0): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const row = await db("sms_outbox").where({ phone }).where("id", ">", after).orderBy("id", "desc").first();
    const m = /验证码为 (\d{6})/.exec(row?.message ?? "");
    if (m) return m[1];
    if (Date.now() > deadline) throw new Error(`no code sent to ${phone}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Id of the newest outbox row (0 when none), so a test can wait for a message sent after it. */
export async function outboxHighWater(db: Knex): Promise<number> {
  const row = await db("sms_outbox").max<{ m: number | null }[]>({ m: "id" });
  return Number(row[0]?.m ?? 0);
}

let seq = 0;
/** A username and phone nobody else in this database has: pid + counter. */
export function uniqueUser(prefix = "u") {
  seq += 1;
  const n = (process.pid * 100 + seq) % 1e8;
  return {
    username: `${prefix}${process.pid}x${seq}`,
    phone: `139${String(n).padStart(8, "0")}`,
  };
}
