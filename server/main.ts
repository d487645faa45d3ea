// `npm run serve`: loads the build, migrates and seeds (startup), listens on PORT and shuts down
// gracefully (the database pool is closed) on SIGTERM/SIGINT.
import { createApp, loadBuild } from "./app";
import { limitHeapGrowth } from "./heap";
import { reportLoopDelay } from "./loop-delay";

async function main(): Promise<void> {
  limitHeapGrowth();
  const build = await loadBuild();
  const life = build.entry.module;
  await life.startup({ demo: process.env.DEMO === "1" });
  const port = Number(process.env.PORT || 3000);
  const server = createApp(build).listen(port, () => console.log(`评标专家管理系统 listening on http://localhost:${port}`));
  reportLoopDelay();
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(async () => {
      await life.shutdown();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

await main();
