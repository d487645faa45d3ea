// `npm run bench`: every benchmark but the soak, or those named on the command line (e.g. `npm run bench form200`).
// Started by scripts/bench.js, which builds the app and points the database at a scratch directory.
import { startBench } from "./server";
import * as adversarial from "./adversarial";
import * as certificate from "./certificate";
import * as draftSave from "./draft-save";
import * as exam from "./exam";
import * as form200 from "./form200";
import * as inbox from "./inbox";
import * as pdf from "./pdf";
import * as reconcile from "./reconcile";
import * as scale from "./scale";
import * as soak from "./soak";
import * as weight from "./weight";

const BENCHES: Record<string, { run(server: Awaited<ReturnType<typeof startBench>>): Promise<void> }> = { form200, draft_save: draftSave, pdf, inbox, adversarial, reconcile, certificate, exam, weight, soak, inbox_1m: inbox.at1m, scale };
/** Run only when named: the soak takes ten minutes, the inbox at 1,000,000 applications several. */
const ON_REQUEST = new Set(["soak", "inbox_1m"]);

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES).filter((b) => !ON_REQUEST.has(b));
const server = await startBench();
try {
  for (const name of wanted) {
    if (!BENCHES[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(", ")}`);
    await BENCHES[name].run(server);
  }
} finally {
  await server.close();
}
console.log("figures written to bench/results.json");
process.exit(0);
