// A small closed-loop load generator (no wrk on these machines): N connections, each sending its next
// request as soon as the last one answered, for a fixed time. Latencies in ms, and requests per second.
import fs from "node:fs";
import http from "node:http";
import { stats } from "./lib";

export type Shot = { path: string; headers: Record<string, string>; body: string };

export async function load(base: string, connections: number, seconds: number, shotFor: (conn: number, i: number) => Shot, okStatus = 200) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const send = (shot: Shot) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: shot.path, method: "POST", agent, headers: { ...shot.headers, "content-length": Buffer.byteLength(shot.body) } },
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

/** Peak resident memory (VmHWM) of a process, in MB (Linux). */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}
