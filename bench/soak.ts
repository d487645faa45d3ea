// Issue 21, acceptance 5: the soak. SOAK_SECONDS (default 600) of mixed load at a fixed rate (open loop:
// SOAK_RATE requests per second, default 20, sent on schedule whether or not earlier ones have answered)
// against one server process, measured after SOAK_WARMUP_SECONDS (default 900) of the same load: experts
// browse (首页, their application), 暂存 a wizard step, upload a photo and download 承诺书 PDFs; a reviewer
// opens the 审核 inbox. Uploads stay under the per-expert limit (60 per 10 minutes, app/utils/env.server.ts).
// Why a quarter of an hour of warm-up: under this load the server's resident memory climbs from about 200 to
// about 430 MB over the first 13 minutes and then stays there (a 30-minute run on 2026-12-01, sampled every
// 30 s: 386 MB at 1 min, 425 at 10, 430 from 14 to 29), while the live JS heap does not grow (heap snapshots at
// 12 and 28 minutes: 87.3 and 85.3 MB of live objects; only compiled code grew, by 1 MB). The climb is V8 and
// the allocator sizing themselves to the load, not a leak, and a slope measured across it says nothing about
// leaks; the measured window is the steady state after it. The warm-up's own growth is printed and recorded.
//   soak.errors                  answers other than the expected status, network errors, and requests
//                                not sent because 200 were already waiting (goal 0)
//   soak.rss_slope_mb_per_min    least-squares slope of the server's resident memory, sampled every 5 s
//                                (goal ≤ 0.5)
//   soak.max_loop_delay_ms       the server's longest event-loop delay (perf_hooks histogram, printed by
//                                the server every 5 s: server/loop-delay.ts) (goal ≤ 100)
//   soak.heap_total_slope_mb_per_min  the same slope of V8's heap (from the server's own lines): where the
//                                resident memory grows beside it, the growth is outside the JS heap
//                                (SQLite page caches, worker threads, the allocator)
//   soak.warmup_rss_growth_mb    resident memory at the end of the warm-up minus at its start
// The baseline, measured in the same run: the same server's loop delay over 10 s idle before the load.
// Not part of a plain `npm run bench` (it takes 25 minutes): `npm run bench -- soak`.
import { draftRequest, expertSession, sendDraft, signIn } from "../tests/setup/http-session";
import { startServer } from "../tests/setup/server";
import type { TestServer } from "../tests/setup/server";
import { multipart, png } from "../tests/setup/uploads";
import { record, round, stats } from "./lib";
import { rssMb } from "./load";

const MEASURED_S = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const WARMUP_S = Number(process.env.SOAK_WARMUP_SECONDS ?? 900);
const SECONDS = WARMUP_S + MEASURED_S;
const EXPERTS = 16;
const MAX_WAITING = 200;
const REPORT_MS = 5000;
/** Share of each kind of request, in percent. */
const MIX = { browse: 40, draft: 30, inbox: 15, pdf: 10, upload: 5 } as const;
type Kind = keyof typeof MIX;

type Expert = Awaited<ReturnType<typeof expertSession>>;

export async function run() {
  console.log(`soak: ${MEASURED_S} s measured at ${RATE} requests/s (${Object.entries(MIX).map(([k, v]) => `${k} ${v}%`).join(", ")}), warm-up ${WARMUP_S} s`);
  const server = await startServer({ LOOP_DELAY_REPORT_MS: String(REPORT_MS) });
  try {
    await soak(server);
  } finally {
    await server.stop();
  }
}

/** The highest `max_ms` of the server's loop-delay lines printed after output position `mark`. */
function maxLoopDelay(server: TestServer, mark: number): number {
  const values = [...server.output(mark).matchAll(/^loop-delay max_ms=([\d.]+)/gm)].map((m) => Number(m[1]));
  return values.length ? Math.max(...values) : NaN;
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

async function soak(server: TestServer) {
  const base = server.url;
  const experts: Expert[] = [];
  for (let n = 0; n < EXPERTS; n++) experts.push(await expertSession(base, n));
  const reviewer = await signIn(base, "reviewer", "Demo@Review2025");
  const send: Record<Kind, (i: number) => Promise<[Response, number]>> = {
    browse: async (i) => {
      const e = experts[i % EXPERTS];
      return [await fetch(base + (i % 2 ? `/apply/${e.appId}` : "/"), { headers: { cookie: e.cookie } }), 200];
    },
    draft: async (i) => {
      const e = experts[i % EXPERTS];
      const { path, headers, body } = draftRequest(e, i);
      return [await fetch(base + path, { method: "POST", headers, body }), 200];
    },
    inbox: async () => [await fetch(`${base}/review`, { headers: { cookie: reviewer.cookie() } }), 200],
    pdf: async (i) => {
      const e = experts[i % EXPERTS];
      return [await fetch(`${base}/apply/${e.appId}/documents/pledge`, { headers: { cookie: e.cookie } }), 200];
    },
    upload: async (i) => {
      const e = experts[i % EXPERTS];
      const { body, type } = multipart([{ name: "accept", data: "image/png,image/jpeg" }, { name: "file", filename: "照片.png", type: "image/png", data: png() }]);
      return [await fetch(`${base}/uploads`, { method: "POST", headers: { cookie: e.cookie, "x-csrf-token": e.csrf, "content-type": type }, body: new Uint8Array(body) }), 201];
    },
  };
  // Every expert has a saved step, so 承诺书 has data to print.
  for (const [i, e] of experts.entries()) {
    const status = await sendDraft(base, e, i);
    if (status !== 200) throw new Error(`setting up: 暂存 answered ${status}`);
  }

  // Baseline: the idle server's loop delay.
  const idleMark = server.output().length;
  await new Promise((r) => setTimeout(r, 10_000 + 500));
  const idleDelay = maxLoopDelay(server, idleMark);

  // A fixed cycle of 100 slots in the mix's proportions, interleaved.
  const slots: Kind[] = [];
  for (let s = 0; s < 100; s++) {
    let best: Kind = "browse";
    let lag = -Infinity;
    for (const k of Object.keys(MIX) as Kind[]) {
      const owed = ((s + 1) * MIX[k]) / 100 - slots.filter((x) => x === k).length;
      if (owed > lag) [best, lag] = [k, owed];
    }
    slots.push(best);
  }

  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const latencies: Record<Kind, number[]> = { browse: [], draft: [], inbox: [], pdf: [], upload: [] };
  const faults = new Map<string, number>();
  const fault = (what: string) => faults.set(what, (faults.get(what) ?? 0) + 1);
  let waiting = 0;
  let sent = 0;
  let loadMark = 0;
  const rss: [number, number][] = [];
  const sampler = setInterval(() => rss.push([seconds() / 60, rssMb(server.pid)]), REPORT_MS);
  const inFlight = new Set<Promise<void>>();
  const turns: Record<Kind, number> = { browse: 0, draft: 0, inbox: 0, pdf: 0, upload: 0 };
  for (let i = 0; ; i++) {
    const due = i / RATE;
    if (due >= SECONDS) break;
    const wait = due - seconds();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
    if (!loadMark && due >= WARMUP_S) loadMark = server.output().length;
    const kind = slots[i % slots.length];
    // Each kind takes the experts in turn (the request number alone would give a kind only a few of
    // them: 100 slots against 16 experts), so uploads stay under each expert's limit.
    const turn = turns[kind]++;
    const counted = due >= WARMUP_S;
    if (waiting >= MAX_WAITING) {
      if (counted) fault(`${kind}: not sent, ${MAX_WAITING} waiting`);
      continue;
    }
    waiting++;
    sent++;
    const started = performance.now();
    const p = send[kind](turn)
      .then(async ([res, expected]) => {
        await res.arrayBuffer();
        if (!counted) return;
        latencies[kind].push(performance.now() - started);
        if (res.status !== expected) fault(`${kind}: ${res.status}`);
      })
      .catch((e: Error) => {
        if (counted) fault(`${kind}: ${e.message}`);
      })
      .finally(() => {
        waiting--;
        inFlight.delete(p);
      });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  await new Promise((r) => setTimeout(r, REPORT_MS + 500)); // the last interval's loop-delay line
  clearInterval(sampler);

  const errors = [...faults.values()].reduce((a, b) => a + b, 0);
  const steady = rss.filter(([m]) => m * 60 >= WARMUP_S);
  const warmupGrowth = (steady[0]?.[1] ?? NaN) - (rss[0]?.[1] ?? NaN);
  const rssSlope = slope(steady);
  const maxDelay = maxLoopDelay(server, loadMark);
  // The server's own memory lines after the warm-up, one per 5 s: minutes since the start of the load, MB.
  const heap = [...server.output(loadMark).matchAll(/^loop-delay .*heap_total_mb=([\d.]+)/gm)].map((m, i): [number, number] => [(WARMUP_S + (i + 1) * (REPORT_MS / 1000)) / 60, Number(m[1])]);
  const heapSlope = heap.length > 1 ? slope(heap) : NaN;
  console.log(`  ${sent} requests in ${round(seconds(), 1)} s; resident memory ${round(rss[0]?.[1] ?? NaN, 1)} → ${round(steady[0]?.[1] ?? NaN, 1)} MB during the warm-up, ${round(steady[0]?.[1] ?? NaN, 1)} → ${round(steady.at(-1)?.[1] ?? NaN, 1)} MB after it`);
  for (const k of Object.keys(MIX) as Kind[]) {
    const s = stats(latencies[k]);
    console.log(`  ${k.padEnd(7)} ${String(s.n).padStart(6)} answered  median ${round(s.median, 1)} ms  p95 ${round(s.p95, 1)} ms  p99 ${round(s.p99, 1)} ms`);
  }
  for (const [what, n] of faults) console.log(`  error: ${what} ×${n}`);
  console.log(`  V8 heap (total) ${round(heap[0]?.[1] ?? NaN, 1)} → ${round(heap.at(-1)?.[1] ?? NaN, 1)} MB: ${round(heapSlope, 2)} MB/min of the resident ${round(rssSlope, 2)}`);
  console.log(`  loop delay: max ${maxDelay} ms under load vs ${idleDelay} ms idle (×${round(maxDelay / idleDelay, 1)}); goals: 0 errors, slope ≤ 0.5 MB/min, loop delay ≤ 100 ms`);
  record({
    "soak.errors": errors,
    "soak.rss_slope_mb_per_min": rssSlope,
    "soak.max_loop_delay_ms": maxDelay,
    "soak.heap_total_slope_mb_per_min": heapSlope,
    "soak.idle_max_loop_delay_ms": idleDelay,
    "soak.requests": sent,
    "soak.warmup_rss_growth_mb": warmupGrowth,
    "soak.p95_ms": stats(Object.values(latencies).flat()).p95,
  });
}
