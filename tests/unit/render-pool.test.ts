import "../setup/guard";
// Issue 14 §1: the 申请表 is drawn in a worker thread with a time limit. Fed the image that sends
// pdf-lib's PNG decoder into an endless loop, the render is stopped at its limit with a Chinese reason
// (WorkerLimitError), the caller's event loop keeps turning meanwhile, and the pool serves the next render.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createWorkerPool, WorkerLimitError } from "~/engine/documents/render-pool.server";
import type { ApplicationFormTask } from "~/engine/documents/render-worker.server";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";
import { tinyPng } from "../fixtures/tiny-png";
import { damagedPng } from "../setup/uploads";

const definitions = new Map(loadFormFiles().map((f) => [f.stem, f.definition]));
const photoRef = VALID_SAMPLES["expert-basic-info"].photo as string;
const task = (png: Uint8Array): ApplicationFormTask => ({
  title: "评标专家入库申请表", applicationNumber: "SQ2025000001", generatedAt: new Date(0),
  sections: [{ definition: definitions.get("expert-basic-info")!, data: structuredClone(VALID_SAMPLES["expert-basic-info"]) }],
  images: { [photoRef]: { bytes: png, mime: "image/png" } },
});

test("a render over its time limit is stopped with a Chinese reason; the event loop stays free; the pool goes on", async () => {
  const pool = createWorkerPool({ timeLimitMs: 5000, heapMb: 256, threads: 1, maxQueue: 2 });
  try {
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
    const err = await pool.renderApplicationForm(task(damagedPng())).then(() => null, (e: unknown) => e);
    clearInterval(probe);
    assert.ok(err instanceof WorkerLimitError, String(err));
    assert.is((err as WorkerLimitError).limit, "time");
    assert.match((err as Error).message, /超时/);
    assert.ok(performance.now() - t0 < 15_000, "stopped near its limit (a new thread starts meanwhile)");
    assert.ok(ticks > 20 && maxGap < 500, `event loop kept turning: ${ticks} ticks, longest gap ${Math.round(maxGap)} ms`);

    const bytes = await pool.renderApplicationForm(task(tinyPng()));
    assert.is(Buffer.from(bytes.subarray(0, 5)).toString("latin1"), "%PDF-", "the next render works");
  } finally {
    await pool.close();
  }
});

test.run();
