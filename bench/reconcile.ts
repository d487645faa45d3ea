// Issue 15, acceptance 6: a 100,000-line WeChat Pay 交易账单 previewed and committed (`npm run bench --
// reconcile`). The bill holds 1,000 payments of enrolled experts (each settled through training's
// settlePayment on commit: a workflow transition, a `payments` row, an SMS), 500 refunds, 500 payments
// naming unknown 专家编号 and 98,000 other payments without one (a merchant account's other business):
// settling 100,000 lines one transition each is not what a day's bill asks of it. Measured in a child
// process of its own, with the server's heap policy (so its peak RSS is the import's as the server would
// hold it, not the bench runner's): the preview (streamed
// parse, classification, staging, one insert transaction) and the commit, as `reconcile.100k_ms`, and the
// process's peak RSS as `reconcile.peak_rss_mb` (goals ≤ 10 s and ≤ 300 MB). Baseline, same run and
// file: reading the bill alone (parse only, every line built, nothing looked up or stored), printed as a
// ratio. The upload itself is not timed: a 21 MB bill is over the default 10 MB UPLOAD_MAX_BYTES.
// A second child previews the same file again with V8's old generation capped at 128 MB
// (`reconcile.preview_peak_rss_mb_heap128`): what the import really keeps alive, as opposed to the
// garbage V8 lets pile up before collecting it in a process whose own modules already hold ~100 MB of heap.
// CPU time (user + system of every thread, the database driver's included) is printed beside the wall
// time: on a shared machine it says more about the import's own cost. On PostgreSQL (DATABASE_URL=
// postgres://…) the keys end in `_pg`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startInstanceWithin } from "~/engine/workflows/runtime.server";
import { readBuiltInWorkflows, syncWorkflowDefinitions } from "~/engine/workflows/registry.server";
import { registerFeatures } from "~/features/index.server";
import { referenceFinder } from "~/features/reconciliation/expert-reference";
import { commitImport, expertNumberFormats, previewBill } from "~/features/reconciliation/imports.server";
import { BillReader } from "~/features/reconciliation/parse/bill.server";
import { fileSource } from "~/features/reconciliation/parse/source.server";
import { trainingPaymentPort } from "~/features/reconciliation/payment-port.server";
import { db, migrateLatest } from "~/utils/db.server";
import { WX_HEADER, WX_PREAMBLE, WX_SUMMARY, wxPay, wxRefund } from "../tests/fixtures/bills/wechat";
import { limitHeapGrowth } from "../server/heap";
import { record } from "./lib";

const LINES = 100_000;
const MATCHES = 1_000;
const REFUNDS = 500;
const UNKNOWN = 500;
const FEE = "200.00";
const MARK = "RECONCILE_BENCH_RESULT ";

type Result = { parseMs: number; previewMs: number; commitMs: number; previewCpuMs: number; commitCpuMs: number; peakRssMb: number; startRssMb: number; settled: number; counts: Record<string, number> };

/** A 专家编号 in the batch's format ("XJ{year}{seq:4}") for a sequence number, as the pool would make it. */
const numberOf = (format: string, seq: number) =>
  format.replace(/\{year\}/g, "2099").replace(/\{seq(?::(\d+))?\}/g, (_, w?: string) => String(seq).padStart(Math.max(Number(w ?? 1), 7), "0"));

/** 1,000 experts in the pool, each with a training enrolment awaiting the 200.00 元 fee. */
export async function seedEnrolments(tag: string): Promise<{ numbers: string[]; unknown: (i: number) => string }> {
  const admin = await db("users").where({ role: "admin" }).orderBy("id").first("id");
  const batch = await db("batches").orderBy("id").first("id", "number_format");
  await db("batches").where({ id: batch.id }).update({ fee_fen: 20000 });
  const t = Date.now();
  const numbers = Array.from({ length: MATCHES }, (_, i) => numberOf(batch.number_format, Number(tag) * 10_000 + i));
  await db.transaction(async (trx) => {
    const users = numbers.map((n, i) => ({ username: `rb${tag}x${i}`, password_hash: "!", name: `对账基准专家${i}`, phone: `136${tag}${String(i).padStart(5, "0")}`, role: "expert", created_at: t, updated_at: t }));
    for (let i = 0; i < users.length; i += 200) await trx("users").insert(users.slice(i, i + 200));
    const ids: number[] = (await trx("users").where("username", "like", `rb${tag}x%`).orderBy("id").pluck("id")).map(Number);
    for (const [i, userId] of ids.entries()) {
      const r = await startInstanceWithin(trx, {
        workflowKey: "training", actor: { id: admin.id, role: "admin" }, ownerId: userId, batchId: batch.id,
        data: { payment: { dueFen: 20000, kind: "fee", deadline: t + 30 * 86_400_000, deadlineDate: "2099-12-31", provisional: false } },
      });
      if (!r.ok) throw new Error(r.message);
      // The pool record payableByExpertNumber reads (number → owner). Its admitting instance stands in
      // for the admission, which this bench does not run.
      await trx("experts").insert({
        number: numbers[i], user_id: userId, id_card: `650101${tag}${String(i).padStart(8, "0")}X`, name: `对账基准专家${i}`,
        specialties: "[]", avoidance_units: "[]", status: "active", admitted_at: t, batch_id: batch.id, instance_id: r.instance.id, updated_at: t,
      });
    }
  });
  // Numbers in the same format that nobody holds.
  return { numbers, unknown: (i) => numberOf(batch.number_format, 90_000_000 + i) };
}

/** The bill: matches, refunds and unknown numbers spread evenly through 100,000 lines. */
export function writeBill(file: string, { numbers, unknown }: Awaited<ReturnType<typeof seedEnrolments>>): void {
  const fd = fs.openSync(file, "w");
  let buf: string[] = [`\uFEFF${[...WX_PREAMBLE, WX_HEADER].join("\r\n")}`];
  const flush = () => {
    fs.writeSync(fd, `${buf.join("\r\n")}\r\n`);
    buf = [];
  };
  const every = (n: number) => Math.floor(LINES / n);
  for (let i = 0; i < LINES; i++) {
    const txn = `4200002501202506${String(i).padStart(12, "0")}`;
    const time = `2025-06-01 ${String(8 + Math.floor(i / 10_000)).padStart(2, "0")}:${String(Math.floor(i / 100) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    if (i % every(MATCHES) === 0) buf.push(wxPay(time, txn, FEE, `岗前培训费 ${numbers[i / every(MATCHES)]}`));
    else if (i % every(REFUNDS) === 1) buf.push(wxRefund(time, `4200002501202505${String(i).padStart(12, "0")}`, `5030${txn}`, FEE, "商品退款"));
    else if (i % every(UNKNOWN) === 2) buf.push(wxPay(time, txn, FEE, `培训费 ${unknown(i)}`));
    else buf.push(wxPay(time, txn, `${(i % 90) + 10}.${String(i % 100).padStart(2, "0")}`, `商品${i % 97}`));
    if (buf.length >= 5000) flush();
  }
  buf.push(...WX_SUMMARY);
  flush();
  fs.closeSync(fd);
}

/** Microseconds of CPU (user + system, every thread of the process) as milliseconds. */
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** In the child: the baseline read, the preview and the commit of `file` (or the preview alone). */
async function measure(file: string, previewOnly: boolean): Promise<Result> {
  limitHeapGrowth(); // as the server runs (server/main.ts)
  const admin = await db("users").where({ role: "admin" }).orderBy("id").first("id", "name");
  const actor = { id: Number(admin.id), role: "admin" as const, name: String(admin.name) };
  const startRssMb = process.memoryUsage().rss / 1048576;
  // Baseline: the same file read alone.
  let t0 = performance.now();
  let n = 0;
  for await (const line of new BillReader(fileSource(file), { findReference: referenceFinder(await expertNumberFormats()) }).read()) n += line.lineNo > 0 ? 1 : 0;
  const parseMs = performance.now() - t0;
  if (n !== LINES) throw new Error(`parsed ${n} lines, expected ${LINES}`);
  t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const p = await previewBill({ source: fileSource(file), fileName: "bench.csv", sha256: "bench", size: fs.statSync(file).size }, actor, "127.0.0.1", trainingPaymentPort);
  const previewMs = performance.now() - t0;
  const previewCpuMs = cpuMs(process.cpuUsage(cpu0));
  if (!p.ok) throw new Error(p.message);
  if (previewOnly) return { parseMs, previewMs, commitMs: 0, previewCpuMs, commitCpuMs: 0, peakRssMb: process.resourceUsage().maxRSS / 1024, startRssMb, settled: 0, counts: {} };
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  const c = await commitImport(p.importId, actor, "127.0.0.1", trainingPaymentPort);
  const commitMs = performance.now() - t0;
  const commitCpuMs = cpuMs(process.cpuUsage(cpu0));
  if (!c.ok || c.settled !== MATCHES) throw new Error(`commit settled ${c.ok ? c.settled : c.message}, expected ${MATCHES}`);
  const imp = await db("payment_imports").where({ id: p.importId }).first();
  const counts = Object.fromEntries(["matched", "mismatch", "unknown", "duplicate", "refund", "processed"].map((k) => [k, Number(imp[`${k}_count`])]));
  return { parseMs, previewMs, commitMs, previewCpuMs, commitCpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024, startRssMb, settled: c.settled, counts };
}

export async function run() {
  console.log(`reconcile: a ${LINES.toLocaleString()}-line WeChat bill (${MATCHES} payments of enrolled experts) previewed and committed`);
  // Seeded and written here, so the child's peak RSS is the import's alone.
  const tag = String(process.pid % 1000).padStart(3, "0");
  const file = path.join(os.tmpdir(), `reconcile-bench-${process.pid}.csv`);
  writeBill(file, await seedEnrolments(tag));
  const fileMb = fs.statSync(file).size / 1048576;
  const child = (flags: string[], previewOnly: boolean) => spawnSync(process.execPath, [...flags, "--import", "tsx", "bench/reconcile.ts"], {
    env: { ...process.env, RECONCILE_BENCH_FILE: file, ...(previewOnly ? { RECONCILE_BENCH_PREVIEW_ONLY: "1" } : {}) }, encoding: "utf8", maxBuffer: 1 << 26,
  });
  let r;
  let capped;
  try {
    r = child([], false);
    capped = child(["--max-old-space-size=128"], true);
  } finally {
    fs.rmSync(file, { force: true });
  }
  const cappedLine = (capped.stdout ?? "").split("\n").find((l) => l.startsWith(MARK));
  const cappedRss = cappedLine ? (JSON.parse(cappedLine.slice(MARK.length)) as Result).peakRssMb : NaN;
  process.stdout.write((r.stdout ?? "").split("\n").filter((l) => !l.startsWith(MARK)).join("\n"));
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`the reconcile bench did not finish: ${(r.stderr ?? "").trim().split("\n").slice(-5).join(" ")}`);
  const x = JSON.parse(line.slice(MARK.length)) as Result;
  const total = x.previewMs + x.commitMs;
  console.log(`  file ${fileMb.toFixed(1)} MB; classes ${JSON.stringify(x.counts)}; settled ${x.settled}`);
  console.log(`  preview ${Math.round(x.previewMs)} ms + commit ${Math.round(x.commitMs)} ms = ${Math.round(total)} ms (goal ≤ 10000); peak RSS ${Math.round(x.peakRssMb)} MB (goal ≤ 300; ${Math.round(x.startRssMb)} MB before the import)`);
  console.log(`  baseline: reading the bill alone ${Math.round(x.parseMs)} ms; ratio ${(total / x.parseMs).toFixed(2)}×`);
  console.log(`  the same preview with V8's old generation capped at 128 MB: peak RSS ${Math.round(cappedRss)} MB`);
  console.log(`  CPU (every thread): preview ${Math.round(x.previewCpuMs)} ms, commit ${Math.round(x.commitCpuMs)} ms`);
  // PostgreSQL's figures under keys of their own (…_pg), beside SQLite's.
  const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "_pg" : "";
  const figures: Record<string, number> = {
    "reconcile.100k_ms": total, "reconcile.peak_rss_mb": x.peakRssMb, "reconcile.preview_ms": x.previewMs, "reconcile.commit_ms": x.commitMs,
    "reconcile.preview_cpu_ms": x.previewCpuMs, "reconcile.commit_cpu_ms": x.commitCpuMs,
    "reconcile.parse_baseline_ms": x.parseMs, "reconcile.ratio_vs_parse": total / x.parseMs, "reconcile.preview_peak_rss_mb_heap128": cappedRss,
  };
  record(Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${k}${pg}`, v])));
}

if (process.env.RECONCILE_BENCH_FILE) {
  try {
    await migrateLatest();
    registerFeatures();
    await syncWorkflowDefinitions(readBuiltInWorkflows());
    console.log(MARK + JSON.stringify(await measure(process.env.RECONCILE_BENCH_FILE, process.env.RECONCILE_BENCH_PREVIEW_ONLY === "1")));
  } finally {
    await db.destroy();
  }
  process.exit(0);
}
