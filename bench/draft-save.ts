// Issue 5, acceptance 5: 暂存 of a wizard step through the real HTTP action (session, CSRF, CASL, Ajv,
// transaction) against a bare node:http handler doing the same write, 32 connections, one expert each;
// p99 and the server's peak resident memory during the run. The action is the one the wizard sends
// 暂存 to: the plain endpoint POST /apply/:id/draft. For scale, also the same save through the Remix
// route action (the path without JavaScript) and the most trivial Remix data request (the framework's floor).
// Each run follows a few seconds of the same load (warmLoad), so no server is measured cold.
import { spawn } from "node:child_process";
import { record } from "./lib";
import { warmLoad, watchPeakRss } from "./load";
import { startServer } from "../tests/setup/server";
import { draftPath } from "~/utils/plain-paths";
import { draftData, draftRequest, expertSession } from "../tests/setup/http-session";

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);


export async function run() {
  console.log(`draft_save: 暂存 through the app vs a bare node:http handler, ${CONNECTIONS} connections, ${SECONDS} s each`);
  // A server process of its own, so its peak memory is this run's alone (not what earlier benchmarks left).
  const server = await startServer();
  try {
    await measure(server.url, server.pid);
  } finally {
    await server.stop();
  }
}

async function measure(url: string, pid: number) {
  const sessions = await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => expertSession(url, n)));
  const route = encodeURIComponent("routes/_app.apply.$id");
  const save = (path: (appId: number) => string) => (c: number, i: number) => ({ ...draftRequest(sessions[c], i), path: path(sessions[c].appId) });
  const peak = watchPeakRss(pid);
  const app = await warmLoad(url, CONNECTIONS, SECONDS, save(draftPath));
  const rss = peak();
  const viaRemix = await warmLoad(url, CONNECTIONS, SECONDS, save((id) => `/apply/${id}?_data=${route}`));
  // The framework's floor: the same server answering a data request that does one `select 1` and nothing
  // else (no session, no form). The save cannot beat this; its ratio to the bare handler bounds ours.
  const floor = await warmLoad(url, CONNECTIONS, SECONDS, () => ({ path: "/healthz?_data=routes%2Fhealthz", headers: {}, body: "", method: "GET" }));

  const port = 20000 + (process.pid % 20000);
  const bare = spawn(process.execPath, ["--import", "tsx", "bench/bare-server.ts"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => bare.stdout!.once("data", () => resolve()));
  const base = await warmLoad(`http://127.0.0.1:${port}`, CONNECTIONS, SECONDS, (c, i) => ({
    path: "/save",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ownerId: sessions[c].userId, scope: `application:${sessions[c].appId}`, data: draftData(i) }),
  }));
  bare.kill();
  if (app.errors || viaRemix.errors || base.errors || floor.errors) {
    throw new Error(`errors during the run: app ${app.errors}, via Remix ${viaRemix.errors}, bare ${base.errors}, floor ${floor.errors}`);
  }
  // On PostgreSQL the same keys with the suffix _pg (draft_save.ratio_vs_bare_pg, issue 21), so a run on
  // each database keeps both in bench/results.json.
  const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "_pg" : "";
  const figures: Record<string, number> = {
    "draft_save.rps": app.rps,
    "draft_save.bare_rps": base.rps,
    "draft_save.ratio_vs_bare": app.rps / base.rps,
    "draft_save.p99_ms": app.p99,
    "draft_save.bare_p99_ms": base.p99,
    "draft_save.peak_rss_mb": rss,
    "draft_save.remix_action_rps": viaRemix.rps,
    "draft_save.remix_action_ratio_vs_bare": viaRemix.rps / base.rps,
    "draft_save.remix_action_p99_ms": viaRemix.p99,
    "draft_save.floor_rps": floor.rps,
    "draft_save.floor_ratio_vs_bare": floor.rps / base.rps,
  };
  record(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k + pg, v])));
}
