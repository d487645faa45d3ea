// Issue 16, acceptance 6: the exam under a whole cohort. 3,000 examinees (users, sessions, pool records and
// training enrolments in 培训完毕, written straight into the database) have the exam page open (one
// keep-alive connection each, as a browser would) and press 开始考试 at the same moment through the real
// built server: the start time is POST /training/:id/exam/start (a plain endpoint), whose answer carries
// the paper the page then shows (goal p95 ≤ 1 s; anchor: Moodle 4.5 strained at 3,000 starts).
// Then every examinee saves an answer every 10 s (3,000 / 10 s = 300 saves/s, open loop: a save is timed
// from when it was due, so a slow answer cannot hide the ones queued behind it) through the hot endpoint
// POST /training/:id/exam/answer: p99 (goal ≤ 100 ms), and lost answers — every acknowledged answer must
// be in exam_answers afterwards (goal 0). Server peak memory: VmHWM of the server process (goal ≤ 300 MB).
// The baseline, in the same run: the same database work (startAttempt, saveAnswer) behind a bare
// node:http handler in a child process (no Express, Remix, session, CSRF or CASL), same connections,
// same moment, same rate, on the same enrolments after the attempts are cleared.
// Sizes: EXAM_EXAMINEES (default 3000), EXAM_SECONDS of saving (default 30).
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { Knex } from "knex";
import { createCookie } from "@remix-run/node";
import { sessionSecrets } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { poolRecordInDb } from "../tests/setup/certificate";
import { startServer } from "../tests/setup/server";
import { record, stats } from "./lib";

const EXAMINEES = Number(process.env.EXAM_EXAMINEES ?? 3000);
const SAVE_SECONDS = Number(process.env.EXAM_SECONDS ?? 30);
const SAVE_EVERY_MS = 10_000;
const WARM_CONCURRENCY = 200; // opening the pages: below the server's listen backlog (511)
const PAGE_DATA = `_data=${encodeURIComponent("routes/_app.training.$id.exam")}`;

type Examinee = { userId: number; enrolment: number; cookie: string; csrf: string; agent: http.Agent; attempt?: number; questions?: { id: number; options: number[] }[] };
type Reply = { status: number; body: string };
type Ack = { attempt: number; q: number; seq: number; choice: string };

const first = (rows: unknown[]) => rows.map((r) => Number(typeof r === "object" && r ? (r as { id: number }).id : r));

/** The Set-Cookie pair (name=value) our server would have issued for `value` under its secrets. */
async function cookiePair(name: string, value: string): Promise<string> {
  const c = createCookie(name, { httpOnly: true, sameSite: "lax", path: "/", secrets: sessionSecrets() });
  return (await c.serialize(value)).split(";")[0];
}

/** One request on the examinee's own keep-alive connection. */
function send(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string> = {}, body = ""): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `fn` over the items with at most `n` in flight. */
async function pooled<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

/**
 * A batch with a 100-question exam (Qinghai 2025's shape: 100 questions, 90 minutes, pass mark 80, two
 * attempts) drawn from a 300-question bank, and `n` experts in 培训完毕 with a signed-in session each.
 */
async function seed(db: Knex, n: number): Promise<{ batchId: number; examinees: Examinee[] }> {
  const t = Date.now();
  const { id: _id, ...batch } = await db("batches").orderBy("id").first();
  const [batchId] = first(await db("batches").insert({ ...batch, name: `考试基准批次${process.pid}` }).returning("id"));
  const categories = ["法律法规", "招标投标实务", "职业道德"];
  const questions = categories.flatMap((category) => Array.from({ length: 100 }, (_, i) => i % 5 === 4
    ? { batch_id: batchId, category, kind: "judge", stem: `${category} 判断题 ${i + 1}`, options: JSON.stringify(["正确", "错误"]), answer: "[0]", explanation: "解析", created_at: t }
    : { batch_id: batchId, category, kind: "single", stem: `${category} 单选题 ${i + 1}`, options: JSON.stringify(["甲", "乙", "丙", "丁"]), answer: "[0]", explanation: "解析", created_at: t }));
  await db.batchInsert("exam_questions", questions, 100);
  const draws = [{ category: "法律法规", count: 40 }, { category: "招标投标实务", count: 40 }, { category: "职业道德", count: 20 }];
  await db("exam_definitions").insert({ batch_id: batchId, draws: JSON.stringify(draws), minutes: 90, pass_mark: 80, attempts: 2, retake_needs_study: false, updated_at: t });

  const passwordHash = await hashPassword(`Bench#${process.pid}`); // one hash: nobody signs in with it
  const tag = `${process.pid % 1000}`.padStart(3, "0");
  const people = Array.from({ length: n }, (_, i) => ({ username: `exb${tag}x${i}`, phone: `137${tag}${String(i).padStart(5, "0")}`, name: `考生${i}` }));
  await db.batchInsert("users", people.map((p) => ({ ...p, password_hash: passwordHash, role: "expert", status: "active", is_demo: 0, must_change_password: 0, created_at: t, updated_at: t })), 50);
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i += 500) {
    for (const r of await db("users").whereIn("username", people.slice(i, i + 500).map((p) => p.username)).select("id", "username")) ids.set(r.username, Number(r.id));
  }
  const wf = await db("workflow_versions").where({ key: "training" }).orderBy("version", "desc").first("key", "version", "hash");
  const examinees: Examinee[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 250) {
    const chunk = people.slice(i, i + 250);
    await db.transaction(async (trx) => {
      for (const [j, p] of chunk.entries()) await poolRecordInDb(trx, { userId: ids.get(p.username)!, batchId, number: `KSB${tag}${i + j}`, name: p.name, phone: p.phone });
    });
  }
  const enrolments = people.map((p) => ({
    workflow_key: wf.key, workflow_version: wf.version, workflow_hash: wf.hash, owner_id: ids.get(p.username)!, batch_id: batchId,
    state: "studied", row_version: 1, data: JSON.stringify({ studyOpensAt: t }), created_at: t, updated_at: t, submitted_at: null,
  }));
  await db.batchInsert("workflow_instances", enrolments, 50);
  const enrolmentOf = new Map<number, number>();
  for (const r of await db("workflow_instances").where({ workflow_key: wf.key, batch_id: batchId }).select("id", "owner_id")) enrolmentOf.set(Number(r.owner_id), Number(r.id));
  const sessions = [];
  for (const p of people) {
    const token = crypto.randomBytes(32).toString("base64url");
    const csrf = crypto.randomBytes(32).toString("base64url");
    tokens.push(token);
    const userId = ids.get(p.username)!;
    sessions.push({ id: crypto.createHash("sha256").update(token).digest("hex"), user_id: userId, created_at: t, last_seen_at: t, expires_at: t + 12 * 3600_000, ip: "127.0.0.1" });
    examinees.push({ userId, enrolment: enrolmentOf.get(userId)!, cookie: `${await cookiePair("sid", token)}; ${await cookiePair("csrf", csrf)}`, csrf, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) });
  }
  await db.batchInsert("sessions", sessions, 100);
  return { batchId, examinees };
}

type Target = {
  /** Opens the examinee's page (and connection) before the start. */
  open(e: Examinee): Promise<Reply>;
  /** 开始考试 and the paper; the attempt id and question ids go onto the examinee. */
  start(e: Examinee): Promise<{ action: number; ok: boolean }>;
  save(e: Examinee, a: { q: number; seq: number; choice: string; at: number }): Promise<Reply>;
};

/** The real server, as the exam page calls it. */
function appTarget(url: string): Target {
  const base = new URL(url);
  const page = (e: Examinee) => send(e.agent, base, "GET", `/training/${e.enrolment}/exam?${PAGE_DATA}`, { cookie: e.cookie });
  const post = (e: Examinee, path: string, fields: Record<string, string>) =>
    send(e.agent, base, "POST", path, { cookie: e.cookie, "content-type": "application/x-www-form-urlencoded", "x-csrf-token": e.csrf }, new URLSearchParams({ _csrf: e.csrf, ...fields }).toString());
  return {
    open: page,
    async start(e) {
      const t0 = performance.now();
      const r = await post(e, `/training/${e.enrolment}/exam/start`, {});
      const action = performance.now() - t0;
      if (r.status !== 200 && r.status !== 201) return { action, ok: false };
      const open = JSON.parse(r.body).open as { attemptId: number; questions: { id: number; options: { id: number }[] }[] } | undefined;
      if (!open) return { action, ok: false };
      e.attempt = open.attemptId;
      e.questions = open.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) }));
      return { action, ok: true };
    },
    save: (e, a) => post(e, `/training/${e.enrolment}/exam/answer`, { attempt: String(e.attempt), q: String(a.q), seq: String(a.seq), choice: a.choice, at: String(a.at) }),
  };
}

/** The bare handler (see serveBare): the same calls without the framework or the session. */
function bareTarget(url: string): Target {
  const base = new URL(url);
  const post = (e: Examinee, path: string, fields: Record<string, string>) =>
    send(e.agent, base, "POST", path, { "content-type": "application/x-www-form-urlencoded" }, new URLSearchParams({ owner: String(e.userId), instance: String(e.enrolment), ...fields }).toString());
  return {
    open: (e) => post(e, "/open", {}),
    async start(e) {
      const t0 = performance.now();
      const r = await post(e, "/start", {});
      const action = performance.now() - t0;
      if (r.status !== 200) return { action, ok: false };
      const open = JSON.parse(r.body) as { attemptId: number; questions: { id: number; options: number[] }[] };
      e.attempt = open.attemptId;
      e.questions = open.questions;
      return { action, ok: true };
    },
    save: (e, a) => post(e, "/answer", { attempt: String(e.attempt), q: String(a.q), seq: String(a.seq), choice: a.choice, at: String(a.at) }),
  };
}

/** Starts at one moment, then saves at 300/s for SAVE_SECONDS; latencies in ms and the acknowledged answers. */
async function drive(target: Target, examinees: Examinee[]) {
  let openErrors = 0;
  await pooled(examinees, WARM_CONCURRENCY, async (e) => {
    if ((await target.open(e)).status !== 200) openErrors++;
  });
  const starts: number[] = [];
  const actions: number[] = [];
  let startErrors = 0;
  const t0 = performance.now();
  await Promise.all(examinees.map(async (e) => {
    const r = await target.start(e).catch(() => ({ action: NaN, ok: false }));
    starts.push(performance.now() - t0);
    actions.push(r.action);
    if (!r.ok) startErrors++;
  }));
  const startWall = performance.now() - t0;

  const saves: number[] = [];
  const acks: Ack[] = [];
  let saveErrors = 0;
  const s0 = performance.now() + 200;
  const rounds = Math.max(1, Math.round((SAVE_SECONDS * 1000) / SAVE_EVERY_MS));
  await Promise.all(examinees.map(async (e, i) => {
    if (!e.attempt || !e.questions?.length) return;
    for (let k = 0; k < rounds; k++) {
      const due = s0 + (i / examinees.length) * SAVE_EVERY_MS + k * SAVE_EVERY_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const q = e.questions[(i + k) % e.questions.length];
      const choice = String(q.options[(i * 7 + k) % q.options.length]);
      const seq = k + 1;
      const r = await target.save(e, { q: q.id, seq, choice, at: Date.now() }).catch(() => ({ status: 0, body: "" }));
      saves.push(performance.now() - due);
      if (r.status === 200 && JSON.parse(r.body).ok === true) acks.push({ attempt: e.attempt, q: q.id, seq, choice: JSON.stringify([Number(choice)]) });
      else saveErrors++;
    }
  }));
  const saveWall = (performance.now() - s0) / 1000;
  return { openErrors, startErrors, start: stats(starts), action: stats(actions.filter((x) => !Number.isNaN(x))), startWall, saveErrors, save: stats(saves), saveRate: saves.length / saveWall, acks };
}

/** Acknowledged answers not (or not as given) in exam_answers: the lost ones. */
async function lostAnswers(db: Knex, acks: Ack[]): Promise<number> {
  const last = new Map<string, Ack>();
  for (const a of acks) {
    const k = `${a.attempt}:${a.q}`;
    if (!last.has(k) || last.get(k)!.seq < a.seq) last.set(k, a);
  }
  const attempts = [...new Set(acks.map((a) => a.attempt))];
  const stored = new Map<string, { seq: number; choice: string }>();
  for (let i = 0; i < attempts.length; i += 500) {
    for (const r of await db("exam_answers").whereIn("attempt_id", attempts.slice(i, i + 500)).select("attempt_id", "question_id", "seq", "choice")) {
      stored.set(`${r.attempt_id}:${r.question_id}`, { seq: Number(r.seq), choice: r.choice });
    }
  }
  let lost = 0;
  for (const [k, a] of last) {
    const s = stored.get(k);
    if (!s || s.seq < a.seq || (s.seq === a.seq && s.choice !== a.choice)) lost++;
  }
  return lost;
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

function describe(label: string, r: Awaited<ReturnType<typeof drive>>) {
  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(`  ${label}: start p50 ${ms(r.start.median)} p95 ${ms(r.start.p95)} (action alone p95 ${ms(r.action.p95)}), all ${EXAMINEES} in ${ms(r.startWall)}, ${r.startErrors} refused;` +
    ` saves ${r.save.n} at ${r.saveRate.toFixed(0)}/s p50 ${r.save.median.toFixed(1)} p99 ${r.save.p99.toFixed(1)} ms, ${r.saveErrors} not acknowledged`);
}

export async function run() {
  const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
  const sfx = pg ? "_pg" : "";
  console.log(`exam: ${EXAMINEES} examinees start at one moment, then save an answer every 10 s for ${SAVE_SECONDS} s (${pg ? "PostgreSQL" : "SQLite"}), app vs a bare handler`);
  // A server process of its own: its VmHWM is this run's (its start-up included), not other benchmarks'.
  const server = await startServer();
  let bare: ReturnType<typeof spawn> | undefined;
  try {
    const s0 = performance.now();
    const { batchId, examinees } = await seed(server.db, EXAMINEES);
    console.log(`  seeded ${EXAMINEES} examinees in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    const app = await drive(appTarget(server.url), examinees);
    const rss = peakRssMb(server.pid);
    const lost = await lostAnswers(server.db, app.acks);
    for (const e of examinees) e.agent.destroy();
    describe("app ", app);

    // The baseline on the same enrolments, cleared of the attempts the app run made.
    const attempts = server.db("exam_attempts").where({ batch_id: batchId }).select("id");
    await server.db("exam_answers").whereIn("attempt_id", attempts).delete();
    await server.db("exam_attempts").where({ batch_id: batchId }).delete();
    // The child listens on a port the system picks (a fixed guess may be one of the 3,000 client
    // connections' ephemeral ports) and prints it; a child that dies first fails the run, not hangs it.
    bare = spawn(process.execPath, ["--import", "tsx", "bench/exam.ts"], { env: { ...process.env, EXAM_BARE_PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      bare!.stdout!.once("data", (b: Buffer) => resolve(Number(/ready (\d+)/.exec(b.toString())?.[1])));
      bare!.once("exit", (code) => reject(new Error(`the bare handler exited (${code}) before it listened`)));
    });
    for (const e of examinees) e.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const base = await drive(bareTarget(`http://127.0.0.1:${port}`), examinees);
    const bareLost = await lostAnswers(server.db, base.acks);
    for (const e of examinees) e.agent.destroy();
    describe("bare", base);
    if (app.openErrors || app.startErrors || base.openErrors || base.startErrors || base.saveErrors || bareLost) {
      console.log(`  NOTE: errors — app: ${app.openErrors} pages, ${app.startErrors} starts, ${app.saveErrors} saves; bare: ${base.openErrors}, ${base.startErrors}, ${base.saveErrors}, ${bareLost} lost`);
    }
    record({
      [`exam.start_p95_ms${sfx}`]: app.start.p95,
      [`exam.save_p99_ms${sfx}`]: app.save.p99,
      [`exam.lost_answers${sfx}`]: lost,
      [`exam.peak_rss_mb${sfx}`]: rss,
      [`exam.start_errors${sfx}`]: app.startErrors,
      [`exam.save_errors${sfx}`]: app.saveErrors,
      [`exam.start_action_p95_ms${sfx}`]: app.action.p95,
      [`exam.saves_per_s${sfx}`]: app.saveRate,
      [`exam.bare_start_p95_ms${sfx}`]: base.start.p95,
      [`exam.bare_save_p99_ms${sfx}`]: base.save.p99,
      [`exam.start_p95_ratio_vs_bare${sfx}`]: app.start.p95 / base.start.p95,
      [`exam.save_p99_ratio_vs_bare${sfx}`]: app.save.p99 / base.save.p99,
    });
  } finally {
    bare?.kill();
    await server.stop();
  }
}

/**
 * The baseline server (this file run with EXAM_BARE_PORT): POST /open reads the enrolment, /start runs
 * startAttempt and returns the paper's question and option ids, /answer runs saveAnswer — the app's own
 * functions on the same database, with the owner taken from the form instead of a session.
 */
async function serveBare(port: number) {
  const { getInstance } = await import("~/engine/workflows/runtime.server");
  const { saveAnswer, startAttempt } = await import("~/features/exam/attempts.server");
  const { db } = await import("~/utils/db.server");
  const handle = async (path: string, f: URLSearchParams): Promise<[number, unknown]> => {
    const owner = Number(f.get("owner"));
    const inst = await getInstance(Number(f.get("instance")));
    if (!inst || inst.ownerId !== owner) return [404, { ok: false }];
    if (path === "/open") return [200, { ok: true, state: inst.state }];
    if (path === "/start") {
      const r = await startAttempt(inst);
      if (!r.ok) return [r.status, r];
      // The paper of the attempt just made comes back with it, as the app's start uses it.
      const text: string = r.started?.paper ?? (await db("exam_attempts").where({ id: r.attemptId }).first("paper")).paper;
      const paper = JSON.parse(text) as { q: number; o: number[] }[];
      return [200, { attemptId: r.attemptId, questions: paper.map((p) => ({ id: p.q, options: p.o })) }];
    }
    const choice = f.get("choice") ?? "";
    const r = await saveAnswer({ ownerId: owner, instanceId: inst.id, attemptId: Number(f.get("attempt")), questionId: Number(f.get("q")), seq: Number(f.get("seq")), choice: choice ? choice.split(",").map(Number) : [], clientAt: Number(f.get("at")) });
    return [r.status, r.body];
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req.url ?? "", new URLSearchParams(Buffer.concat(chunks).toString("utf8")))
        .then(([status, body]) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)))
        .catch(() => res.writeHead(500).end());
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => console.log(`ready ${(server.address() as { port: number }).port}`));
}

if (process.env.EXAM_BARE_PORT !== undefined) await serveBare(Number(process.env.EXAM_BARE_PORT));
