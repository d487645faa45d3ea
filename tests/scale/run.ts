// `npm run test:scale` (issue 21): the scaled shape, run. Two `node build/server.js` instances on one
// PostgreSQL schema and one upload folder behind Debian's nginx on loopback, then through nginx: a
// session and CSRF token made on A work on B, a file uploaded through A is served by B, the same file
// uploaded through both at once is stored once (content-addressed, temp + rename), a form version
// published through A is used by B without a restart, nginx spreads requests over both, and each
// scheduled job runs once per period with two instances; A killed (SIGKILL) under 暂存 load and restarted
// loses no acknowledged save, and reads never fail meanwhile. Uses the existing build (run `npm run build`
// first); ends with `N passed, N failed`. DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
// must be PostgreSQL; the run makes a schema of its own and drops it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { printSummary } from "../../scripts/test-summary.js";
import { multipart, pdf } from "../setup/uploads";
import { ScaleBrowser } from "./browser";
import { PIN_HEADER, kill, startInstance, startNginx, stop, type Instance, type Proc } from "./cluster";

const DATABASE_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
if (!/^postgres(ql)?:\/\//.test(DATABASE_URL)) {
  console.log(`test:scale runs on PostgreSQL only (DATABASE_URL=${DATABASE_URL})`);
  process.exit(printSummary(0, 1));
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "expert-scale-"));
const schema = `scale_${process.pid}`;
// The instances' shared settings; this process reads the same database through them (set before the app's modules load).
const shared: NodeJS.ProcessEnv = {
  NODE_ENV: "test", DATABASE_URL, DATABASE_SCHEMA: schema, UPLOAD_DIR: path.join(tmp, "uploads"),
  SESSION_SECRET: crypto.randomBytes(32).toString("hex"), TRUST_PROXY: "1", NO_COLOR: "1",
};
Object.assign(process.env, shared);
const { db } = await import("~/utils/db.server");
const { JOB, EXAM_SWEEP_MS } = await import("~/features/jobs.server");
const { DEMO_ACCOUNTS } = await import("~/models/demo.server");

const FORM = "change-avoidance";
const FORM_DATA = `/forms/${FORM}?_data=${encodeURIComponent("routes/_app.forms.$key")}`;
const EDITOR_ACTION = `/admin/forms/${FORM}?_data=${encodeURIComponent("routes/_app.admin.forms.$key")}`;
const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

let passed = 0;
let failed = 0;
// A promise rejected with no handler (e.g. an answer cut in a way a step did not expect) is a failed check,
// not the end of the run before its cleanup and summary.
process.on("unhandledRejection", (e) => {
  failed++;
  console.log(`✗ unhandled rejection: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
});
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}
async function step(name: string, body: () => Promise<string | void>): Promise<void> {
  try {
    const detail = await body();
    passed++;
    console.log(`✓ ${name}${detail ? ` — ${detail}` : ""}`);
  } catch (e) {
    failed++;
    console.log(`✗ ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
/** Polls `probe` until it gives a value (no fixed sleep), or throws after `ms`. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started = Date.now();
const procs: Proc[] = [];
let a: Instance | undefined;
let b: Instance | undefined;
try {
  // A first (it migrates and seeds the demo accounts), then B on the same schema: B's start-up finds
  // everything in place and competes for each scheduled job's lease, which A holds.
  a = await startInstance("a", { ...shared, DEMO: "1" });
  procs.push(a);
  b = await startInstance("b", shared);
  procs.push(b);
  const nginx = await startNginx(tmp, [a, b]);
  procs.push(nginx);
  let A = a;
  const B = b;
  const holderOf = (holder: string) => (holder.split(":")[1] === String(A.pid) ? "A" : holder.split(":")[1] === String(B.pid) ? "B" : `another process (${holder})`);
  console.log(`scale: instances A (pid ${A.pid}, :${A.port}) and B (pid ${B.pid}, :${B.port}) behind nginx (pid ${nginx.pid}, :${nginx.port}) on PostgreSQL schema ${schema}`);

  const expert = new ScaleBrowser(nginx.url);
  const admin = new ScaleBrowser(nginx.url);

  await step("session and CSRF: signed in on A, the next requests on B are signed in and their token holds", async () => {
    await expert.login(account("expert").username, account("expert").password, "a");
    const page = await expert.fetch(`/forms/${FORM}`, "b");
    check(page.status === 200, `B answered ${page.status} to the signed-in page`);
    const forged = await expert.post("/logout", "b", {}, "x".repeat(43));
    check(forged.status === 403, `B took a wrong CSRF token (${forged.status})`);
    const stillIn = await expert.fetch(`/forms/${FORM}`, "a");
    check(stillIn.status === 200, "the refused post changed the session");
    const sessions = Number((await db("sessions").count<{ n: string }[]>({ n: "*" }))[0].n);
    return `session rows in the shared database: ${sessions}`;
  });

  await step("an upload through A is served by B (one shared upload folder)", async () => {
    const data = await pdf(`scale ${process.pid}`);
    const { body, type } = multipart([{ name: "file", filename: "扩容测试.pdf", type: "application/pdf", data }]);
    const res = await expert.fetch("/uploads", "a", { method: "POST", body: new Uint8Array(body), headers: { "content-type": type, "x-csrf-token": expert.csrf } });
    const answer = (await res.json()) as { ref?: string; error?: string };
    check(res.status === 201 && !!answer.ref, `upload on A: ${res.status} ${answer.error ?? ""}`);
    const sha = answer.ref!.replace(/^file:/, "");
    const served = await expert.fetch(`/uploads/${sha}`, "b");
    check(served.status === 200, `B answered ${served.status}`);
    check(Buffer.from(await served.arrayBuffer()).equals(data), "B served other bytes");
    return `${data.length} bytes, sha256 ${sha.slice(0, 12)}…`;
  });

  await step("the same file uploaded through A and B at the same moment is stored once, whole, with no temp file left", async () => {
    const data = await pdf(`scale twice ${process.pid}`);
    const send = (to: string) => {
      const { body, type } = multipart([{ name: "file", filename: "同时上传.pdf", type: "application/pdf", data }]);
      return expert.fetch("/uploads", to, { method: "POST", body: new Uint8Array(body), headers: { "content-type": type, "x-csrf-token": expert.csrf } });
    };
    const answers = await Promise.all(["a", "b", "a", "b"].map(send));
    const refs = await Promise.all(answers.map(async (r) => `${r.status} ${((await r.json()) as { ref?: string }).ref ?? ""}`));
    check(new Set(refs).size === 1 && refs[0].startsWith("201 file:"), `answers: ${refs.join(", ")}`);
    const sha = refs[0].slice("201 file:".length);
    const dir = shared.UPLOAD_DIR!;
    const stored = fs.readFileSync(path.join(dir, sha.slice(0, 2), sha));
    check(stored.equals(data), "the stored blob is not the file sent");
    const temps = fs.existsSync(path.join(dir, "tmp")) ? fs.readdirSync(path.join(dir, "tmp")) : [];
    check(temps.length === 0, `temp files left: ${temps.join(", ")}`);
    return `4 uploads, 1 blob of ${data.length} bytes (sha256 ${sha.slice(0, 12)}…)`;
  });

  await step("a form version published through A is used by B without a restart", async () => {
    const before = (await (await expert.fetch(FORM_DATA, "b")).json()) as { form: { version: number; title: string } };
    const latest = await db("form_versions").where({ key: FORM }).orderBy("version", "desc").first();
    check(before.form.version === latest.version, `B showed v${before.form.version}, the latest is v${latest.version}`);
    const def = JSON.parse(latest.definition) as { version: number; title: string; schema: Record<string, unknown> };
    const title = `${def.title}（第${def.version + 1}版）`;
    const next = { ...def, version: def.version + 1, title, schema: { ...def.schema, title } };
    await admin.login(account("admin").username, account("admin").password, "a");
    const res = await admin.post(EDITOR_ACTION, "a", { intent: "publish", content: JSON.stringify(next, null, 2) });
    const published = (await res.json()) as { ok: boolean; version?: number; message: string; problems?: { message: string }[] };
    check(res.status === 200 && published.ok && published.version === next.version, `publish on A: ${res.status} ${published.message} ${(published.problems ?? []).map((p) => p.message).join("；")}`);
    const after = (await (await expert.fetch(FORM_DATA, "b")).json()) as { form: { version: number; title: string } };
    check(after.form.version === next.version && after.form.title === next.title, `B still shows v${after.form.version} 「${after.form.title}」`);
    return `v${before.form.version} → v${after.form.version} on B`;
  });

  await step("nginx spreads requests that name no instance over both", async () => {
    const log = path.join(tmp, "access.log");
    const from = fs.statSync(log).size;
    const N = 8;
    for (let i = 0; i < N; i++) check((await expert.fetch(`/forms/${FORM}`, undefined)).status === 200, "a balanced request was not signed in");
    // nginx writes a request's line once the answer is sent: wait for all of them.
    const lines = await until("nginx's access log", 10_000, async () => {
      const l = fs.readFileSync(log).subarray(from).toString("utf8").split("\n").filter((x) => x.startsWith(`GET /forms/${FORM} `));
      return l.length >= N ? l : undefined;
    });
    const served = (inst: Instance) => lines.filter((l) => l.endsWith(`127.0.0.1:${inst.port}`)).length;
    check(served(A) > 0 && served(B) > 0, `A served ${served(A)}, B ${served(B)} of ${lines.length}`);
    return `A ${served(A)}, B ${served(B)}`;
  });

  await step("hourly jobs ran once with two instances (B found A's lease at its start-up)", async () => {
    const hourly = [JOB.uploadCleanup, JOB.certificateReminders];
    const rows = await until("the first runs to finish", 30_000, async () => {
      const r: { name: string; holder: string; runs: number; finished_at: number | null; failed: boolean }[] = await db("job_leases").whereIn("name", hourly);
      return r.length === hourly.length && r.every((x) => x.finished_at) ? r : undefined;
    });
    for (const r of rows) check(r.runs === 1 && !r.failed, `${r.name}: ${r.runs} runs${r.failed ? ", failed" : ""}`);
    return rows.map((r) => `${r.name} ×${r.runs} on ${holderOf(r.holder)}`).join(", ");
  });

  await step(`the exam sweeper (every ${EXAM_SWEEP_MS / 1000} s on both instances) ran once per period over three periods`, async () => {
    // Each run is seen as it starts (polled 10× a second): a period run by both instances would show as
    // two starts milliseconds apart, or as the count jumping by two between polls.
    const seen: { runs: number; started: number; holder: string }[] = [];
    await until("three more sweeper runs", 4 * EXAM_SWEEP_MS, async () => {
      const r = await db("job_leases").where({ name: JOB.examSweeper }).first("runs", "started_at", "holder");
      const last = seen[seen.length - 1];
      if (!last || r.runs !== last.runs) seen.push({ runs: r.runs, started: Number(r.started_at), holder: r.holder });
      return seen.length >= 4 ? true : undefined;
    });
    for (let i = 1; i < seen.length; i++) {
      check(seen[i].runs === seen[i - 1].runs + 1, `runs went ${seen[i - 1].runs} → ${seen[i].runs} between two polls`);
      const gap = seen[i].started - seen[i - 1].started;
      check(gap >= EXAM_SWEEP_MS - 1000, `two runs ${gap} ms apart`);
    }
    return seen.slice(1).map((s, i) => `run ${s.runs} on ${holderOf(s.holder)} after ${((s.started - seen[i].started) / 1000).toFixed(1)} s`).join(", ");
  });

  await step("failover: A is killed (SIGKILL) under 暂存 load through nginx and restarted — no acknowledged save lost, every read answered 200, only requests cut in flight failed (saves sent again)", async () => {
    const { draftRequest, expertSession, savedCounter } = await import("../setup/http-session");
    const writers = await Promise.all([0, 1, 2, 3].map((n) => expertSession(nginx.url, n)));
    const acked = writers.map(() => -1);
    const other: string[] = [];
    let running = true;
    let saves = 0;
    let cut = 0;
    let reads = 0;
    let readsCut = 0;
    const save = (w: number, n: number) => {
      const { path, headers, body } = draftRequest(writers[w], n);
      // Acknowledged means the whole answer arrived: a connection cut after the headers counts as cut (0).
      return fetch(nginx.url + path, { method: "POST", headers, body })
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0);
    };
    // Each writer saves an increasing counter; a save that was cut (502 from nginx, or the connection
    // lost) is sent again with the same data, which 暂存 allows (it stores what it is given).
    const writing = writers.map(async (_, w) => {
      for (let n = 0; running; n++) {
        for (;;) {
          const status = await save(w, n);
          if (status === 200) {
            acked[w] = n;
            saves++;
            break;
          }
          if (status === 502 || status === 0) cut++;
          else other.push(`暂存 answered ${status}`);
        }
      }
    });
    // Reads are idempotent: nginx sends one that A cannot answer to B.
    const reading = (async () => {
      while (running) {
        const res = await fetch(`${nginx.url}/apply/${writers[0].appId}`, { headers: { cookie: writers[0].cookie } }).catch((e: Error) => e);
        reads++;
        if (res instanceof Error) other.push(`a read got no answer (${res.message})`);
        else if (res.status !== 200) other.push(`a read answered ${res.status}`);
        // An answer A was still sending when it died is cut (nginx cannot retry what it began to pass on).
        else if (!(await res.arrayBuffer().then(() => true, () => false))) readsCut++;
      }
    })();
    const savesReach = (n: number) => until(`${n} acknowledged saves`, 60_000, async () => (saves >= n ? true : undefined));
    await savesReach(20);
    await kill(A);
    const afterKill = saves;
    await savesReach(afterKill + 20); // B alone
    A = await startInstance("a", shared, A.port);
    procs.push(A);
    const afterRestart = saves;
    await savesReach(afterRestart + 20);
    running = false;
    await Promise.all([...writing, reading]);
    const stored = await Promise.all(writers.map(async (s) => {
      const row = await db("form_submissions").where({ scope: `application:${s.appId}`, form_key: "expert-basic-info" }).first("data");
      return savedCounter(row?.data);
    }));
    const lost = stored.flatMap((v, w) => (v < acked[w] ? [`writer ${w}: stored ${v} < acknowledged ${acked[w]}`] : []));
    check(!lost.length, lost.join("; "));
    check(!other.length, `${other.length} other failures: ${[...new Set(other)].join(", ")}`);
    // The restarted A serves again: a request pinned to it is signed in.
    check((await fetch(`${nginx.url}/apply/${writers[0].appId}`, { headers: { cookie: writers[0].cookie, [PIN_HEADER]: "a" } })).status === 200, "the restarted A did not serve a pinned request");
    return `${saves} saves acknowledged (${afterKill} before the kill, ${afterRestart - afterKill} on B alone), ${cut} cut and sent again, ${reads} reads (${readsCut} cut mid-answer), 0 lost`;
  });

  await step("signing out on B ends the session on A too", async () => {
    const res = await expert.post("/logout", "b", {});
    check(res.status === 302, `logout on B: ${res.status}`);
    const page = await expert.fetch(`/forms/${FORM}`, "a");
    check(page.status === 302 && (page.headers.get("location") ?? "").startsWith("/login"), `A answered ${page.status} after the logout`);
  });

  await step("A stops: nginx sends every request to B, and B takes over the exam sweeper once A's lease ends", async () => {
    const before = await db("job_leases").where({ name: JOB.examSweeper }).first("runs", "holder");
    await stop(A);
    for (let i = 0; i < 4; i++) check((await expert.fetch("/healthz", undefined)).status === 200, "a request failed with A stopped");
    const taken = await until("B to take the sweeper's lease", 3 * EXAM_SWEEP_MS, async () => {
      const r = await db("job_leases").where({ name: JOB.examSweeper }).first("runs", "holder", "finished_at");
      return holderOf(r.holder) === "B" && r.finished_at ? r : undefined;
    });
    if (before.holder === taken.holder) return "B held it already";
    return `run ${taken.runs} on B (A's last was run ${before.runs})`;
  });
} catch (e) {
  failed++;
  console.log(`✗ the scaled shape did not start: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  for (const p of [...procs].reverse()) await stop(p);
  // On a failure, what the instances and nginx said.
  if (failed) for (const p of procs) console.log(`--- ${p.name} (pid ${p.pid}) ---\n${p.log().slice(-3000)}`);
  if (failed && fs.existsSync(path.join(tmp, "error.log"))) console.log(`--- nginx error.log ---\n${fs.readFileSync(path.join(tmp, "error.log"), "utf8").slice(-3000)}`);
  await db.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await db.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`\nscale: ${passed} of ${passed + failed} checks passed, 2 instances of build/server.js behind nginx on PostgreSQL, ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(printSummary(passed, failed));
