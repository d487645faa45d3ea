// Issue 17, acceptance 6: the certificate's renders, warm, in-process (PNG through resvg from glyph outlines
// taken from the CJK font files, goal ≤ 150 ms; PDF through pdf-lib, goal ≤ 50 ms and ≤ 200 KB), and the public verify page's
// throughput at 32 connections (goal ≥ 1,000 req/s, p99 ≤ 50 ms) against a bare node:http handler doing
// the same work (signature, one lookup, the same HTML) in the same run. The machine is shared with other
// work: read the figures with the baseline beside them.
import { spawn } from "node:child_process";
import { renderCertificatePdf, renderCertificatePng } from "~/features/certificates/render.server";
import { viewOf, certificateByNumber } from "~/features/certificates/store.server";
import { issueFor, poolExpertInDb } from "../tests/setup/certificate";
import { startServer } from "../tests/setup/server";
import { warmLoad } from "./load";
import { record, stats } from "./lib";

const CONNECTIONS = 32;
const SECONDS = 5;
const SAMPLES = 20;

async function timed(fn: () => unknown | Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function run() {
  console.log(`certificate: PNG and PDF renders (warm, median of ${SAMPLES}); verify page at ${CONNECTIONS} connections vs a bare handler, ${SECONDS} s each`);
  // A server of its own, with the per-IP limit out of the way (every request comes from one address).
  process.env.VERIFY_PER_IP_PER_MINUTE = "1000000000";
  const server = await startServer();
  try {
    const batch = await server.db("batches").orderBy("id").first("id");
    const e = await poolExpertInDb(server.db, { name: "王建国", batchId: Number(batch.id), number: `BENCH${process.pid % 1e5}`, specialties: [] });
    const issued = await issueFor(server.db, e.enrolmentId);
    const cert = (await certificateByNumber(issued.number, server.db))!;
    const view = viewOf(cert, server.url);

    const png = stats(await timed(() => renderCertificatePng(view)));
    let pdfKb = 0;
    const pdf = stats(await timed(async () => (pdfKb = (await renderCertificatePdf(view)).length / 1024)));

    const path = `/verify/${cert.token}`;
    const shot = () => ({ path, headers: {}, body: "", method: "GET" });
    const app = await warmLoad(server.url, CONNECTIONS, SECONDS, shot);
    const port = 20000 + ((process.pid + 7) % 20000);
    const bare = spawn(process.execPath, ["--import", "tsx", "bench/certificate-bare-server.ts"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => bare.stdout!.once("data", () => resolve()));
    const base = await warmLoad(`http://127.0.0.1:${port}`, CONNECTIONS, SECONDS, shot);
    bare.kill();
    if (app.errors || base.errors) throw new Error(`errors during the run: app ${app.errors}, bare ${base.errors}`);
    record({
      "certificate.png_ms": png.median,
      "certificate.png_p95_ms": png.p95,
      "certificate.pdf_ms": pdf.median,
      "certificate.pdf_p95_ms": pdf.p95,
      "certificate.pdf_kb": pdfKb,
      "verify.rps": app.rps,
      "verify.p99_ms": app.p99,
      "verify.bare_rps": base.rps,
      "verify.bare_p99_ms": base.p99,
      "verify.ratio_vs_bare": app.rps / base.rps,
    });
  } finally {
    await server.stop();
  }
}
