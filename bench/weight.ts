// Issue 19, acceptance 6: page weight of a first visit on a slow phone. Per page (/login; the wizard
// /apply/:id of the demo expert and their 首页 /, the page most of their visits open on; the reviewer's
// inbox /review; the admin's form editor /admin/forms/<key>),
// in Debian Chromium with an empty cache, CDP network emulation (1.6 Mbit/s down, 750 kbit/s up, 150 ms
// RTT) and 4× CPU throttling:
// - JS and CSS: the gzip bytes on the wire of every script and stylesheet response until the page is
//   interactive and the network is idle. The context asks for `Accept-Encoding: gzip, deflate` (our
//   compression middleware would otherwise answer Chromium with brotli, and the goals are gzip figures);
//   a body that still arrives uncompressed (below the middleware's 1 KB threshold) counts as it came.
//   Response headers are not counted.
// - Time to interactive: navigation start → the later of the load event's end and the `hydrated`
//   performance mark, which entry.client.tsx sets from the effect of the element wrapping the whole
//   app, i.e. after React has hydrated the document and run every page effect (clicks reach handlers).
// Writes weight.<page>_js_kb, weight.<page>_css_kb, weight.<page>_tti_ms to bench/results.json.
import type { BrowserContext, Page, Response } from "playwright-core";
import { startApplication } from "../tests/browser/flows";
import { padColumns, record } from "./lib";
import type { BenchServer } from "./server";

/** The goals of issue 19 (KB gzip JS; ms to interactive); the form editor has no time goal, 首页 none. */
const PAGES: { key: "login" | "wizard" | "expert_home" | "inbox" | "form_editor"; label: string; jsGoal: number | null; ttiGoal: number | null }[] = [
  { key: "login", label: "/login", jsGoal: 120, ttiGoal: 2000 },
  { key: "wizard", label: "wizard /apply/:id", jsGoal: 300, ttiGoal: 3000 },
  { key: "expert_home", label: "expert 首页 /", jsGoal: null, ttiGoal: null },
  { key: "inbox", label: "inbox /review", jsGoal: 250, ttiGoal: 3000 },
  { key: "form_editor", label: "form editor /admin/forms/:key", jsGoal: 600, ttiGoal: null },
];

const FORM_KEY = "expert-basic-info";
const RUNS = 3; // per page; the median is reported
const THROTTLE = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
const CPU_SLOWDOWN = 4;

type Sample = { jsKb: number; cssKb: number; ttiMs: number; files: number; encodings: Set<string> };

/** Wire bytes of a script or stylesheet response, or null for any other response. */
async function weigh(res: Response): Promise<{ kind: "js" | "css"; bytes: number; encoding: string } | null> {
  const type = (await res.headerValue("content-type")) ?? "";
  const kind = /javascript/.test(type) ? "js" : /text\/css/.test(type) ? "css" : null;
  if (!kind) return null;
  const sizes = await res.request().sizes();
  return { kind, bytes: sizes.responseBodySize, encoding: (await res.headerValue("content-encoding")) ?? "identity" };
}

/** One first visit of `path` in a fresh context (empty cache) holding `cookies` of a signed-in user. */
async function visitOnce(server: BenchServer, path: string, storage: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined): Promise<Sample> {
  const browser = await server.browser();
  const context = await browser.newContext({ baseURL: server.url, locale: "zh-CN", timezoneId: "Asia/Shanghai", storageState: storage, extraHTTPHeaders: { "Accept-Encoding": "gzip, deflate" } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", THROTTLE);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const pending: Promise<Awaited<ReturnType<typeof weigh>>>[] = [];
    let counting = true; // requests finishing after the page is interactive and idle are not its first load
    page.on("requestfinished", (req) => {
      if (counting) pending.push(req.response().then((r) => (r ? weigh(r) : null)));
    });
    const res = await page.goto(path, { waitUntil: "load", timeout: 120_000 });
    if (!res || res.status() !== 200 || new URL(page.url()).pathname !== new URL(path, server.url).pathname) {
      throw new Error(`weight: ${path} answered ${res?.status()} at ${page.url()}`);
    }
    await page.waitForFunction(() => performance.getEntriesByName("hydrated").length > 0, null, { timeout: 120_000 });
    await page.waitForLoadState("networkidle", { timeout: 120_000 });
    counting = false;
    const ttiMs = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return Math.max(nav.loadEventEnd, performance.getEntriesByName("hydrated")[0].startTime);
    })()`)) as number;
    const weighed = (await Promise.all(pending)).filter((w) => w !== null);
    const sum = (kind: "js" | "css") => weighed.filter((w) => w.kind === kind).reduce((a, w) => a + w.bytes, 0) / 1024;
    return { jsKb: sum("js"), cssKb: sum("css"), ttiMs, files: weighed.length, encodings: new Set(weighed.map((w) => w.encoding)) };
  } finally {
    await context.close();
  }
}

/** The signed-in state of a demo account, and the page it should open. */
async function signedIn(server: BenchServer, username: string, password: string, after?: (page: Page) => Promise<string>) {
  const page = await server.signedInPage(username, password);
  const path = after ? await after(page) : "";
  const storage = await page.context().storageState();
  await page.context().close();
  return { storage, path };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(server: BenchServer) {
  console.log(`weight: first visit, empty cache, ${THROTTLE.downloadThroughput * 8 / 1e6} Mbit/s down, ${THROTTLE.latency} ms RTT, ${CPU_SLOWDOWN}× CPU; median of ${RUNS}`);
  const expert = await signedIn(server, "expert", "Demo@Expert2025", async (page) => {
    const existing = await server.db("workflow_instances").join("users", "users.id", "workflow_instances.owner_id").where("users.username", "expert").first("workflow_instances.id");
    return `/apply/${existing?.id ?? (await startApplication(page))}`;
  });
  const reviewer = await signedIn(server, "reviewer", "Demo@Review2025");
  const admin = await signedIn(server, "admin", "Demo@Admin2025");
  const targets: Record<(typeof PAGES)[number]["key"], { path: string; storage?: typeof admin.storage }> = {
    login: { path: "/login" },
    wizard: expert,
    expert_home: { path: "/", storage: expert.storage },
    inbox: { path: "/review", storage: reviewer.storage },
    form_editor: { path: `/admin/forms/${FORM_KEY}`, storage: admin.storage },
  };
  const figures: Record<string, number> = {};
  const rows: string[] = [];
  for (const p of PAGES) {
    const { path, storage } = targets[p.key];
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await visitOnce(server, path, storage));
    const js = median(samples.map((s) => s.jsKb));
    const css = median(samples.map((s) => s.cssKb));
    const tti = median(samples.map((s) => s.ttiMs));
    const encodings = [...new Set(samples.flatMap((s) => [...s.encodings]))].join("/");
    figures[`weight.${p.key}_js_kb`] = js;
    figures[`weight.${p.key}_css_kb`] = css;
    figures[`weight.${p.key}_tti_ms`] = tti;
    rows.push(
      `  ${padColumns(p.label, 30)} JS ${js.toFixed(0).padStart(4)} KB${p.jsGoal ? ` (goal ≤ ${p.jsGoal}, ${(js / p.jsGoal).toFixed(2)}×)` : ""}  ` +
        `CSS ${css.toFixed(0).padStart(4)} KB  TTI ${(tti / 1000).toFixed(2).padStart(5)} s` +
        (p.ttiGoal ? ` (goal ≤ ${p.ttiGoal / 1000} s, ${(tti / p.ttiGoal).toFixed(2)}×)` : "") +
        `  [${samples[0].files} files, ${encodings}]`,
    );
  }
  console.log(rows.join("\n"));
  record(figures);
}
