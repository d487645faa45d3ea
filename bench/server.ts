// The server as deployed (production mode unless SERVER_MODE=test; tests/setup/server.ts) and a headless Chromium for benchmarks, started once per run.
import { launchBrowser, newPage, visit } from "../tests/setup/browser";
import type { Browser, Page } from "../tests/setup/browser";
import { submitPasswordLogin } from "../tests/browser/flows";
import { startServer } from "../tests/setup/server";
import type { TestServer } from "../tests/setup/server";

export type BenchServer = TestServer & {
  browser(): Promise<Browser>;
  /** A fresh browser context signed in as one of the demo-named accounts. */
  signedInPage(username: string, password: string): Promise<Page>;
  close(): Promise<void>;
};

export async function startBench(): Promise<BenchServer> {
  const server = await startServer();
  let browser: Browser | undefined;
  const getBrowser = async () => (browser ??= await launchBrowser());
  return {
    ...server,
    browser: getBrowser,
    async signedInPage(username, password) {
      const page = await newPage(await getBrowser(), { baseURL: server.url });
      await visit(page, "/login");
      await submitPasswordLogin(page, username, password);
      await page.waitForURL((u) => u.pathname === "/");
      return page;
    },
    async close() {
      await browser?.close();
      await server.stop();
    },
  };
}
