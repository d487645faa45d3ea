// A small closed-loop load generator (no wrk on these machines): N connections, each sending its next
// request as soon as the last one answered, for a fixed time. Latencies in ms, and requests per second.
import fs from "node:fs";
import http from "node:http";
import { stats } from "./lib";

export type Shot = { path: string; headers: Record<string, string>; body: string; method?: string };

/** Seconds of the same load sent, and not counted, before a measured run (`warmLoad`). */
export const WARMUP_SECONDS = 3;

/**
 * `load` after WARMUP_SECONDS of the same requests: the figures are the server's steady state, not its
 * first seconds (JIT compilation of the route's code, the database pool opening its connections), which
 * would otherwise fall on whichever server a benchmark measures first.
 */
export async function warmLoad(base: string, connections: number, seconds: number, shotFor: (conn: number, i: number) => Shot, okStatus = 200) {
  await load(base, connections, WARMUP_SECONDS, shotFor, okStatus);
  return load(base, connections, seconds, shotFor, okStatus);
}

export async function load(base: string, connections: number, seconds: number, shotFor: (conn: number, i: number) => Shot, okStatus = 200) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const send = (shot: Shot) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: shot.path, method: shot.method ?? "POST", agent, headers: { ...shot.headers, "content-length": Buffer.byteLength(shot.body) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(shot.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, conn) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        const status = await send(shotFor(conn, i));
        latencies.push(performance.now() - t0);
        if (status !== okStatus) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: latencies.length / elapsed, errors, ...stats(latencies) };
}

/** Resident memory (VmRSS) of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Samples a process's resident memory every 20 ms until stopped; the highest reading. (VmHWM would also
 * count what the process did before, such as the sign-ins that set up a run.)
 */
export function watchPeakRss(pid: number): () => number {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(pid));
  };
}
