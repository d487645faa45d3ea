// Runs the test files of one suite folder with uvu, then closes the database pool and exits
// (uvu's own bin would hang on the open pool). Usage: tsx tests/setup/run.ts tests/unit [pattern]
import fs from "node:fs";
import path from "node:path";
import { run } from "uvu/run";

const dir = path.resolve(process.argv[2] ?? "tests/unit");
const pattern = new RegExp(process.argv[3] ?? "\\.test\\.tsx?$");
const files = fs.readdirSync(dir).filter((f) => pattern.test(f) && /\.test\.tsx?$/.test(f)).sort();
await run(files.map((f) => ({ name: f, file: path.join(dir, f) })));
const g = globalThis as { __db?: { destroy(): Promise<void> } };
if (g.__db) {
  // The app ran in this process: its scheduled jobs (the exam sweeper, every 15 s) stop first, or a tick
  // meeting the closing pool logs "lease not taken", which counts as a failure (CI, 2026-12-02).
  const { stopScheduledJobs } = await import("~/services/scheduler.server");
  await stopScheduledJobs();
  await g.__db.destroy();
}
process.exit(process.exitCode ?? 0);
