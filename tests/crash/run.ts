// `npm run test:crash` (issue 21, acceptance 4): the server is SIGKILLed at a random moment under write
// load, KILLS times (default 100), on one SQLite database (WAL, synchronous=FULL: app/utils/db.server.ts).
// After every kill the database passes `PRAGMA integrity_check`, and every 暂存 the server acknowledged
// (HTTP 200 from POST /apply/:id/draft) is there: each writer saves an increasing counter into its own
// draft, so the stored counter must be at least the last one acknowledged. Prints the figures and ends
// with `N passed, N failed` (one check per kill). Started by scripts/bench.js (scratch database, build).
import knexFactory from "knex";
import { expertSession, savedCounter, sendDraft } from "../setup/http-session";
import { startServer } from "../setup/server";
import type { TestServer } from "../setup/server";
import { closeDatabase } from "~/utils/db.server";

const KILLS = Number(process.env.KILLS ?? 100);
const WRITERS = 4;
/** The kill falls 0–400 ms after saves began to be acknowledged: in the middle of saves, commits and WAL checkpoints alike. */
const killDelayMs = () => Math.floor(Math.random() * 400);

const file = process.env.DATABASE_URL!;
if (!file || /^postgres/.test(file)) throw new Error("test:crash runs on a SQLite file (DATABASE_URL is set by scripts/bench.js)");

let server: TestServer = await startServer();
const sessions = await Promise.all(Array.from({ length: WRITERS }, (_, n) => expertSession(server.url, n)));
await closeDatabase(); // this process's own pool (used to create the accounts) stays out of the kills
const acked = new Array<number>(WRITERS).fill(-1);
let counter = 0;
let passed = 0;
const failures: string[] = [];
let acknowledged = 0;
let cut = 0;

const save = (url: string, w: number, n: number) => sendDraft(url, sessions[w], n);

/** The stored counter of each writer's draft, and the integrity check, read on a connection of its own. */
async function inspect(): Promise<{ integrity: string; stored: number[] }> {
  const k = knexFactory({ client: "sqlite3", connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    const integrity = ((await k.raw("PRAGMA integrity_check")) as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const stored = await Promise.all(sessions.map(async (s) => {
      const row = await k("form_submissions").where({ scope: `application:${s.appId}`, form_key: "expert-basic-info" }).first("data");
      return savedCounter(row?.data);
    }));
    return { integrity, stored };
  } finally {
    await k.destroy();
  }
}

const started = Date.now();
for (let kill = 1; kill <= KILLS; kill++) {
  let running = true;
  let round = 0;
  const url = server.url;
  const writers = sessions.map(async (_, w) => {
    while (running) {
      const n = ++counter;
      try {
        if ((await save(url, w, n)) === 200) {
          acked[w] = Math.max(acked[w], n);
          acknowledged++;
          round++;
        }
      } catch {
        cut++; // the connection died with the server: not acknowledged, may or may not be applied
        return;
      }
    }
  });
  // Saves are flowing (the first after a start warms the route up), then the kill at a random moment.
  while (round === 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, killDelayMs()));
  await server.crash();
  running = false;
  await Promise.all(writers);
  const { integrity, stored } = await inspect();
  const lost = stored.flatMap((s, w) => (s < acked[w] ? [`writer ${w}: stored ${s} < acknowledged ${acked[w]}`] : []));
  if (integrity === "ok" && !lost.length) passed++;
  else failures.push(`kill ${kill}: integrity ${integrity}; ${lost.join("; ") || "no acknowledged write lost"}`);
  server = await startServer();
}
await server.stop();
console.log(`crash: ${KILLS} kills in ${Math.round((Date.now() - started) / 1000)} s; ${acknowledged} saves acknowledged, ${cut} cut by a kill; integrity ok and 0 acknowledged writes lost after ${passed} of ${KILLS} kills`);
for (const f of failures) console.log(`  FAIL ${f}`);
console.log(`\n${passed} passed, ${KILLS - passed} failed`);
process.exit(failures.length ? 1 : 0);
