import "../setup/guard";
// Issue 14 §1: every printout and every PDF check runs in the document worker pool, with a time limit.
// The pool runs named tasks from the app's worker entry (app/workers/documents.server.ts): the engine's
// own (the printed form, the PDF check) and the features' (the 承诺书). Fed the image that sends pdf-lib's
// PNG decoder into an endless loop, or a task that never ends, a task is stopped at its limit with a
// Chinese reason (WorkerLimitError), the caller's event loop keeps turning meanwhile, and the pool serves
// the next task. The admission feature's 承诺书 template renders through the configured pool.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { APPLICATION_FORM_TASK, PDF_PROBLEM_TASK } from "~/engine/documents/built-in-tasks.server";
import type { ApplicationFormTask } from "~/engine/documents/built-in-tasks.server";
import { closeDocumentWorkers, configureDocumentWorkers, createWorkerPool, WorkerLimitError } from "~/engine/documents/render-pool.server";
import type { WorkerPool } from "~/engine/documents/render-pool.server";
import type { WorkerTask } from "~/engine/documents/worker-task";
import { implementTask, workerEntry, workerTask } from "~/engine/documents/worker-task";
import { ADMISSION_DOCUMENTS } from "~/features/admission/documents.server";
import { DEFAULT_PLEDGE_TEXT, DEFAULT_PLEDGE_TITLE } from "~/features/admission/documents/default-pledge";
import { PLEDGE_TASK } from "~/features/admission/documents/pledge-task";
import type { Application, StepData } from "~/models/applications.server";
import { ID_CARD_MALE, loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";
import { tinyPng } from "../fixtures/tiny-png";
import { STALL_TASK } from "../fixtures/workers/test-worker";
import { damagedPng } from "../setup/uploads";

const APP_ENTRY = new URL("../../app/workers/documents.server.ts", import.meta.url);
const TEST_ENTRY = new URL("../fixtures/workers/test-worker.ts", import.meta.url);
// The time limit counts from a task's start in its thread; a fresh thread's module load (under tsx, a
// compile) counts against the start limit, which is roomy so a busy test machine never trips it.
const LIMITS = { timeLimitMs: 5000, startLimitMs: 120_000, heapMb: 256, threads: 1, maxQueue: 2 };
/**
 * The longest pause of the main thread's loop that still counts as free: half the time limit. A render
 * on the main thread would block it for the whole limit (5 s); a machine whose cores are busy (CI runs
 * several suites at once) was seen to delay a 20 ms timer by 585 ms, so a tighter figure tests the load.
 */
const FREE_LOOP_GAP_MS = LIMITS.timeLimitMs / 2;
/** For renders that must finish: a thread's first task also loads the font. */
const ROOMY = { ...LIMITS, timeLimitMs: 60_000 };

const definitions = new Map(loadFormFiles().map((f) => [f.stem, f.definition]));
const photoRef = VALID_SAMPLES["expert-basic-info"].photo as string;
const formTask = (png: Uint8Array): ApplicationFormTask => ({
  title: "评标专家入库申请表", applicationNumber: "SQ2025000001", generatedAt: new Date(0),
  sections: [{ definition: definitions.get("expert-basic-info")!, data: structuredClone(VALID_SAMPLES["expert-basic-info"]) }],
  images: { [photoRef]: { bytes: png, mime: "image/png" } },
});

/** Runs `work` while probing the event loop every 20 ms: its outcome, the ticks and the longest gap. */
async function probed<T>(work: () => Promise<T>): Promise<{ outcome: T | unknown; ticks: number; maxGap: number; ms: number }> {
  let ticks = 0;
  let maxGap = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks += 1;
  }, 20);
  const t0 = performance.now();
  const outcome = await work().then((v) => v, (e: unknown) => e);
  clearInterval(probe);
  return { outcome, ticks, maxGap, ms: performance.now() - t0 };
}

async function withPool(entry: URL, body: (pool: WorkerPool) => Promise<void>, limits = LIMITS) {
  const pool = createWorkerPool(entry, limits);
  try {
    await body(pool);
  } finally {
    await pool.close();
  }
}

const pdfText = (pdf: Uint8Array): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-pool-"));
  try {
    fs.writeFileSync(path.join(dir, "doc.pdf"), pdf);
    const r = spawnSync("pdftotext", ["-raw", "-enc", "UTF-8", path.join(dir, "doc.pdf"), "-"], { encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    return r.stdout.replace(/\s+/g, "");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

test("a render over its time limit is stopped with a Chinese reason; the event loop stays free; the pool goes on", async () => {
  await withPool(APP_ENTRY, async (pool) => {
    const { outcome: err, ticks, maxGap, ms } = await probed(() => pool.run(APPLICATION_FORM_TASK, formTask(damagedPng())));
    assert.ok(err instanceof WorkerLimitError, String(err));
    assert.is((err as WorkerLimitError).limit, "time");
    assert.match((err as Error).message, /超时/);
    assert.ok(ms < 15_000, "stopped near its limit (a new thread starts meanwhile)");
    assert.ok(ticks > 20 && maxGap < FREE_LOOP_GAP_MS, `event loop kept turning: ${ticks} ticks, longest gap ${Math.round(maxGap)} ms`);

    const bytes = await pool.run(APPLICATION_FORM_TASK, formTask(tinyPng()));
    assert.is(Buffer.from(bytes.subarray(0, 5)).toString("latin1"), "%PDF-", "the next render works");
  });
});

test("any task over its time limit is stopped with 处理超时 and its thread replaced; the next task runs", async () => {
  await withPool(TEST_ENTRY, async (pool) => {
    const { outcome: err, ticks, maxGap } = await probed(() => pool.run(STALL_TASK, null));
    assert.ok(err instanceof WorkerLimitError, String(err));
    assert.is((err as WorkerLimitError).limit, "time");
    assert.is((err as Error).message, "处理超时（超过 5 秒）");
    assert.ok(ticks > 20 && maxGap < FREE_LOOP_GAP_MS, `event loop kept turning: ${ticks} ticks, longest gap ${Math.round(maxGap)} ms`);
    const again = await pool.run(PLEDGE_TASK, { title: "t", text: "x", values: { name: "张三", idCard: "", date: "" }, dataHash: "0".repeat(64) });
    assert.is(JSON.parse(new TextDecoder().decode(again)).name, "张三", "a fresh thread serves the next task");
  });
});

test("a task that cannot start within the start limit is dropped as 服务器繁忙 and never runs", async () => {
  await withPool(TEST_ENTRY, async (pool) => {
    const probe = { title: "t", text: "x", values: { name: "王五", idCard: "", date: "" }, dataHash: "0".repeat(64) };
    // Load the thread first (its cold start may itself miss the short start limit: try again until it
    // is up), so the stall below starts at once.
    for (let tries = 1; ; tries++) {
      const ok = await pool.run(PLEDGE_TASK, probe).then(() => true, (e: unknown) => (e instanceof WorkerLimitError && e.limit === "busy" && tries < 60 ? false : Promise.reject(e)));
      if (ok) break;
    }
    const stall = pool.run(STALL_TASK, null).then((): WorkerLimitError => assert.unreachable("the stall ended") as never, (e: WorkerLimitError) => e);
    const t0 = performance.now();
    const waiting = await pool.run(PLEDGE_TASK, probe).then(() => assert.unreachable("ran behind the stall"), (e: unknown) => e);
    assert.ok(waiting instanceof WorkerLimitError && waiting.limit === "busy", String(waiting));
    assert.is((waiting as Error).message, "服务器繁忙");
    assert.ok(performance.now() - t0 < 6_000, "dropped at its start limit, not after the stall's time limit");
    assert.is((await stall).limit, "time");
  }, { ...LIMITS, timeLimitMs: 10_000, startLimitMs: 2_000 });
});

test("the 承诺书 renders in a worker thread of the app's entry: its text, with a rare-character name", async () => {
  await withPool(APP_ENTRY, async (pool) => {
    const pdf = await pool.run(PLEDGE_TASK, { title: DEFAULT_PLEDGE_TITLE, text: DEFAULT_PLEDGE_TEXT, values: { name: "𠮷野䶮", idCard: ID_CARD_MALE, date: "2025年5月23日" }, dataHash: "a".repeat(64), producer: "评标专家管理系统" });
    const text = pdfText(pdf);
    for (const s of ["评标专家信用承诺书", "姓名：𠮷野䶮", ID_CARD_MALE, "2025年5月23日", "承诺人（签字）："]) assert.ok(text.includes(s), `${s} in ${text.slice(0, 200)}`);
    assert.is(await pool.run(PDF_PROBLEM_TASK, pdf), null, "the app's entry knows the engine's PDF check too");
  }, ROOMY);
});

test("the admission feature's 承诺书 template renders through the configured pool, never on the caller's thread", async () => {
  configureDocumentWorkers(TEST_ENTRY, LIMITS);
  try {
    const app = { instance: { id: 7, createdAt: Date.UTC(2025, 4, 1) }, batch: { pledgeText: "本人{{name}}承诺。" } } as unknown as Application;
    const data: StepData = { "expert-basic-info": { data: { name: "李四", idCard: ID_CARD_MALE }, status: "draft", version: 1 } };
    const template = ADMISSION_DOCUMENTS.pledge;
    const answer = JSON.parse(new TextDecoder().decode(await template.render(app, data, template.hash(app, data))));
    assert.equal(answer, { name: "李四", mainThread: false, threadId: answer.threadId });
    assert.ok(answer.threadId > 0);
  } finally {
    await closeDocumentWorkers();
  }
});

test("a worker entry refuses a task name given twice, and an unknown task is an error, not a hang", async () => {
  const same = workerTask<null, number>("same");
  const a = implementTask(same, () => 1);
  const b = implementTask(same, () => 2);
  assert.throws(() => workerEntry([a, b]), /registered twice/);
  const run = workerEntry([a]);
  assert.is(await run({ task: "same", input: null }), 1);
  await run({ task: "other", input: null }).then(() => assert.unreachable("unknown task ran"), (e: Error) => assert.match(e.message, /not in this worker entry/));
});

test.run();
