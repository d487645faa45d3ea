// Issue 14 §1 metric: hostile inputs sent to a running server while a probe requests /healthz every
// 20 ms. Figures: the longest gap between two probe answers (goal ≤ 100 ms: nothing stalls the event
// loop) and the server's peak resident memory (goal ≤ 400 MB). The inputs: the decompression-bomb PNGs
// (8000² in 186 KB, 20000² in 1.1 MB), a PNG with damaged image data (uploaded, and printed in the
// 申请表 from a blob stored before upload checks existed), a catastrophic pattern `^(a+)+$` with a
// 29-character answer, a JSON Logic rule of nested loops (20⁵ evaluations), and a 10 MB PDF of many pages.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PDFDocument } from "pdf-lib";
import { db } from "~/utils/db.server";
import { syncFormDefinitions } from "~/engine/forms/registry.server";
import { checkRules } from "~/engine/forms/rules";
import type { FormDefinition } from "~/engine/forms/validate";
import { draftPath } from "~/utils/plain-paths";
import { VALID_SAMPLES } from "../tests/fixtures/form-samples";
import { bombPng, damagedPng, multipart, pdf, png } from "../tests/setup/uploads";
import { startServer } from "../tests/setup/server";
import { expertSession } from "../tests/setup/http-session";
import { padColumns, record } from "./lib";
import { watchPeakRss } from "./load";

const FORM_KEY = "bench-adversarial";

const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  let last = performance.now();
  for (;;) {
    const t0 = performance.now();
    await fetch(workerData.url).then((r) => r.arrayBuffer(), () => null);
    const now = performance.now();
    parentPort.postMessage({ at: performance.timeOrigin + now, gap: now - last });
    last = now;
    await new Promise((r) => setTimeout(r, Math.max(0, 20 - (now - t0))));
  }
})();
`;

/**
 * A form with the catastrophic pattern (accepted at publish: it runs on RE2, in linear time) and the
 * nested-loop rule (refused at publish now; published straight into the registry, past the checker, so
 * that the evaluation's step budget is what stops it).
 */
function hostileForm(): FormDefinition {
  const items = Array.from({ length: 20 }, (_, i) => i);
  let logic: unknown = { "==": [1, 2] };
  for (let depth = 0; depth < 5; depth++) logic = { some: [items, logic] };
  return {
    key: FORM_KEY, version: 1, title: "对抗测试",
    schema: { type: "object", properties: { code: { type: "string", title: "代码", pattern: "^(a+)+$", maxLength: 40 } }, additionalProperties: false },
    rules: [{ id: "nested", logic, message: "不满足条件", path: "/code" }],
  } as FormDefinition;
}

/** A PDF of just under 10 MB: 3700 pages, each with its own incompressible content stream. */
async function bigPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 3700; i++) {
    const page = doc.addPage([200, 200]);
    page.drawText(crypto.randomBytes(1800).toString("base64").slice(0, 2400), { x: 10, y: 100, size: 4, maxWidth: 180 });
  }
  return Buffer.from(await doc.save());
}

export async function run() {
  console.log("adversarial: hostile inputs while /healthz is probed every 20 ms");
  const [bomb, hugeBomb, bigDoc] = await Promise.all([bombPng(8000, 8000), bombPng(20000, 20000), bigPdf()]);
  const server = await startServer();
  try {
    const s = await expertSession(server.url, 9000);
    const headers = { cookie: s.cookie };
    const gaps: { at: number; gap: number }[] = []; // filled by the probe (below), once it runs
    const gapSince = (t0: number) => Math.max(0, ...gaps.filter((g) => g.at >= performance.timeOrigin + t0).map((g) => g.gap));
    const send = async (label: string, p: Promise<Response>) => {
      const t0 = performance.now();
      const took = () => `${Math.round(performance.now() - t0)} ms (longest probe gap meanwhile ${Math.round(gapSince(t0))} ms)`;
      try {
        const res = await p;
        const body = await res.text();
        const said = /"(?:error|message)":"([^"]*)"/.exec(body)?.[1] ?? "";
        console.log(`  ${padColumns(label, 34)} ${res.status} in ${took()} ${said.slice(0, 40)}`);
      } catch (e) {
        console.log(`  ${padColumns(label, 34)} failed after ${took()}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
      }
    };
    const uploadOf = (name: string, data: Buffer) => {
      const { body, type } = multipart([{ name: "file", filename: name, data }]);
      return fetch(`${server.url}/uploads`, { method: "POST", headers: { ...headers, "content-type": type, "x-csrf-token": s.csrf }, body: new Uint8Array(body) });
    };

    // Warm-up with harmless inputs of the same kinds: what is measured is how hostile input is handled,
    // not the first use of a code path (module loading, the worker thread starting and parsing its font).
    await send("warm-up: a small PNG", uploadOf("ok.png", png()));
    await send("warm-up: a small PDF", uploadOf("ok.pdf", await pdf("warm-up")));
    await send("warm-up: 申请表", fetch(`${server.url}/apply/${s.appId}/documents/application-form`, { headers }));

    // The damaged PNG as a blob stored before uploads were checked, set as the applicant's photo.
    const bad = damagedPng();
    const badSha = crypto.createHash("sha256").update(bad).digest("hex");
    fs.mkdirSync(path.join(process.env.UPLOAD_DIR!, badSha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(process.env.UPLOAD_DIR!, badSha.slice(0, 2), badSha), bad);
    await db("uploads").insert({ owner_id: s.userId, sha256: badSha, size: bad.length, mime: "image/png", original_name: "旧照片.png", created_at: Date.now() });
    const info = { ...VALID_SAMPLES["expert-basic-info"], photo: `file:${badSha}`, idCardFront: undefined };
    const saved = await fetch(server.url + draftPath(s.appId), {
      method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: s.csrf, intent: "save", step: "basic-info", data: JSON.stringify({ "expert-basic-info": info }) }),
    });
    console.log(`  (draft with the damaged photo saved: ${saved.status})`);

    // The publish-time caps refuse this rule (and what RE2 cannot express); it goes into the registry
    // directly, as a definition from before the caps would be, so that the evaluation budget is measured.
    const refusals = checkRules(hostileForm().rules);
    console.log(`  (the publish check says: ${refusals.join("；") || "nothing"})`);
    let published = "published";
    await syncFormDefinitions([hostileForm()]).catch((e: Error) => (published = `refused at publish: ${e.message.slice(0, 80)}`));
    console.log(`  (hostile form ${published})`);

    // The probe runs in a thread of its own, so that this thread's work (building and sending 10 MB
    // bodies) cannot pass for the server's delay: one request at a time, the next 20 ms after the last
    // began (or at once if it took longer); each answer is reported with its time and the gap before it.
    const probe = new Worker(PROBE, { eval: true, workerData: { url: `${server.url}/healthz` } });
    probe.on("message", (m: { at: number; gap: number }) => gaps.push(m));
    await new Promise((r) => probe.once("message", r));
    const peak = watchPeakRss(server.pid);
    await new Promise((r) => setTimeout(r, 200));

    await send("upload bomb PNG 8000×8000", uploadOf("bomb.png", bomb));
    await send("upload bomb PNG 20000×20000", uploadOf("huge.png", hugeBomb));
    await send("upload damaged PNG", uploadOf("damaged.png", bad));
    await send("print 申请表 with damaged photo", fetch(`${server.url}/apply/${s.appId}/documents/application-form`, { headers }));
    await send("pattern ^(a+)+$, 29 characters", fetch(`${server.url}/forms/${FORM_KEY}`, {
      method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: s.csrf, intent: "save", data: JSON.stringify({ code: `${"a".repeat(28)}!` }) }),
    }));
    await send("rule of 20⁵ nested evaluations", fetch(`${server.url}/forms/${FORM_KEY}`, {
      method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: s.csrf, intent: "submit", data: JSON.stringify({ code: "aaa" }) }),
    }));
    await send(`upload PDF of 3700 pages (${(bigDoc.length / 1048576).toFixed(1)} MB)`, uploadOf("big.pdf", bigDoc));

    await new Promise((r) => setTimeout(r, 200));
    await probe.terminate();
    record({ "adversarial.max_loop_delay_ms": Math.max(...gaps.map((g) => g.gap)), "adversarial.peak_rss_mb": peak() });
  } finally {
    await server.stop();
  }
}
