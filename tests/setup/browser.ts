// Headless Debian Chromium through playwright-core (never a downloaded browser), pages that fail the
// test on script errors or console errors, and an axe-core check (served from node_modules) that fails
// on serious or critical violations.
import fs from "node:fs";
import path from "node:path";
import { suite } from "uvu";
import { chromium } from "playwright-core";
import type { Browser, BrowserContextOptions, Locator, Page } from "playwright-core";
import { startServer } from "./server";
import type { TestServer } from "./server";

export type { Browser, Page };

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const AXE = path.join(root, "node_modules/axe-core/axe.min.js");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

export type TestPage = Page & {
  /** Problems seen so far (page errors, console errors); `assertClean` throws if any. */
  problems: string[];
  assertClean(): void;
};

/**
 * Chromium logs every 4xx response as a console error. Two kinds are expected and tolerated: a
 * favicon 404, and the 4xx answers of Remix data requests (`?_data=`), which carry a form's
 * validation errors (400), a failed login (401) or a too-early SMS resend (429). Everything else —
 * a missing script or stylesheet, any 5xx — still fails the test.
 */
function expectedStatus(url: string, text: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (/\/favicon\.(ico|svg)$/.test(u.pathname)) return /status of 404/.test(text);
  return u.searchParams.has("_data") && /status of 4\d\d/.test(text);
}

/**
 * A page in a fresh context (own cookies). Uncaught page errors and console errors are recorded and
 * rethrown by `assertClean()` — and by `checkA11y`, which every test calls on each page it visits.
 */
export async function newPage(browser: Browser, opts: BrowserContextOptions & { baseURL: string }): Promise<TestPage> {
  // Reduced motion: antd's dialogs, popovers and selects open without their zoom/slide (the app honours
  // the setting), so a click never lands where a growing element will be a frame later.
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", reducedMotion: "reduce", ...opts });
  context.setDefaultTimeout(20_000); // a failure budget for a loaded machine (tests wait on conditions)
  const page = (await context.newPage()) as TestPage;
  page.problems = [];
  page.on("pageerror", (err) => page.problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const loc = msg.location()?.url ?? "";
    if (/Failed to load resource/.test(msg.text()) && expectedStatus(loc, msg.text())) return;
    page.problems.push(`console.error: ${msg.text()}${loc ? ` (${loc})` : ""}`);
  });
  page.on("response", (res) => {
    if (res.status() === 404 && /\/favicon\.(ico|svg)$/.test(new URL(res.url()).pathname)) return;
    if (res.status() >= 500) page.problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.assertClean = () => {
    if (page.problems.length) {
      const p = page.problems.splice(0);
      throw new Error(`browser reported problems:\n  ${p.join("\n  ")}`);
    }
  };
  return page;
}

/**
 * Waits for the Remix router to be idle and for CSS transitions and animations (tab ink bar, menu
 * highlight, dropdown fade) to finish, so axe measures the colours a reader actually sees rather
 * than a frame mid-fade. Re-checks after each round: a render after navigation starts new ones.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const r = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; fetchers: Map<string, { state: string }> } } }).__remixRouter;
    return !r || (r.state.navigation.state === "idle" && [...r.state.fetchers.values()].every((f) => f.state === "idle"));
  });
  // A string, not a function: tsx (esbuild keepNames) would wrap inner arrow functions in a __name
  // helper that does not exist in the page.
  await page.evaluate(`(async () => {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const running = document.getAnimations().filter((a) => a.playState === "running" && a.effect && a.effect.getComputedTiming().iterations !== Infinity);
      if (!running.length) return;
      await Promise.race([Promise.allSettled(running.map((a) => a.finished)), new Promise((r) => setTimeout(r, deadline - Date.now()))]);
    }
  })()`);
}

let axeCode: string | undefined;
const axeSource = () => (axeCode ??= fs.readFileSync(AXE, "utf8"));

export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

type AxeNode = { target: unknown[]; failureSummary?: string; html: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };

/** Inside a browserSuite test, violations are collected here and fail the test when it ends. */
let a11yFindings: string[] | null = null;

/**
 * Runs axe-core on the current page; fails on any serious or critical violation, naming each one.
 * Inside a `browserSuite` test the failure is deferred to the end of the test, so an accessibility
 * problem is reported without cutting short the functional steps that follow it.
 */
export async function checkA11y(page: Page, label: string): Promise<void> {
  (page as TestPage).assertClean?.();
  await page.waitForLoadState("load");
  await settled(page);
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  // addScriptTag would insert an inline <script>, which the app's nonce-based CSP rightly refuses;
  // evaluating the same local file through DevTools keeps the CSP on (so its violations still fail).
  if (!present) await page.evaluate(axeSource());
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations;
  })) as AxeViolation[];
  // Landmark rules are "moderate" in axe, yet two <main>s (one nested in the other) cost a screen-reader
  // user the 跳到主要内容 jump; they fail here too.
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical" || v.id.startsWith("landmark-"));
  if (bad.length) {
    const lines = bad.map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${JSON.stringify(n.target)}  ${n.html.slice(0, 160)}\n        ${(n.failureSummary ?? "").replace(/\s*\n\s*/g, " ")}`)
        .join("\n");
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    });
    const report = `axe: ${bad.length} serious/critical violation(s) on ${label} (${page.url()}):\n${lines.join("\n")}`;
    if (a11yFindings) a11yFindings.push(report);
    else throw new Error(report);
  }
  (page as TestPage).assertClean?.();
}

/** Waits until React has hydrated the document, so clicks reach their handlers (menus, SMS button). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = window as unknown as { __remixRouter?: unknown };
    return !!w.__remixRouter && Object.keys(document.body).some((k) => k.startsWith("__reactFiber"));
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

/** Loads a path and waits for hydration. */
export async function visit(page: Page, pathname: string): Promise<void> {
  await page.goto(pathname);
  await hydrated(page);
}

/** Reloads the page and waits for hydration (a click before it would submit natively, without the form's data). */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await hydrated(page);
}

/** antd puts a space between the two characters of a two-character Chinese button label ("登 录"). */
export const buttonName = (label: string) => new RegExp(`^\\s*${[...label].join("\\s?")}\\s*$`);

/**
 * A form control by the text of its <label>. The visible label may start with the required-field
 * star (aria-hidden, so screen readers announce just the label); it is ignored here the same way.
 * Give a locator instead of the page to look only inside it (one form among several).
 */
export function field(page: Page | Locator, label: string) {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByLabel(new RegExp(`^\\s*\\*?\\s*${esc}\\s*$`));
}

/**
 * A uvu suite for browser tests. uvu swallows an error thrown by a `before` hook (every test just
 * fails, silently), so set-up errors are kept and reported by each test instead. With
 * `sequential`, each test continues where the previous one ended (a user's journey): after a
 * failure the rest say so at once instead of each waiting out its own timeouts.
 */
export function browserSuite(name: string, opts: { sequential?: boolean } = {}) {
  const s = suite(name);
  let setupError: unknown;
  let broken: string | undefined;
  let staged: { server?: TestServer } | undefined;
  const guard = (fn: () => Promise<void>) => async () => {
    if (setupError) return;
    try {
      await fn();
    } catch (e) {
      setupError = e;
    }
  };
  const test = (title: string, fn: () => Promise<void>) =>
    s(title, async () => {
      if (setupError) throw new Error(`set-up failed: ${setupError instanceof Error ? setupError.stack ?? setupError.message : String(setupError)}`);
      if (broken) throw new Error(`not run: an earlier step failed (${broken})`);
      const findings: string[] = (a11yFindings = []);
      const mark = staged?.server?.output().length ?? 0;
      try {
        await fn();
      } catch (e) {
        if (opts.sequential) broken = title;
        if (findings.length && e instanceof Error) e.message += `\n\n${findings.join("\n\n")}`;
        // What the server logged during the failed step (an action that threw, a stalled transaction).
        const logged = staged?.server?.output(mark).trim();
        if (logged && e instanceof Error) e.message += `\n\nserver output during this step:\n${logged.slice(-3000)}`;
        throw e;
      } finally {
        a11yFindings = null;
      }
      // Accessibility findings fail this step only; a journey goes on to the next one.
      if (findings.length) throw new Error(findings.join("\n\n"));
    });
  return {
    test,
    /**
     * The demo server and a browser in `ctx`, started before the suite's first test; after its last, the
     * pages `pages()` returns are closed, then the browser and the server. Call it before other set-up.
     */
    stage(ctx: { server?: TestServer; browser?: Browser }, pages: () => Array<Page | undefined> = () => []) {
      staged = ctx;
      s.before(guard(async () => {
        ctx.server = await startServer();
        ctx.browser = await launchBrowser();
      }));
      s.after(async () => {
        for (const p of pages()) if (p) await closePage(p);
        await ctx.browser?.close();
        await ctx.server?.stop();
      });
    },
    before: (fn: () => Promise<void>) => s.before(guard(fn)),
    beforeEach: (fn: () => Promise<void>) => s.before.each(guard(fn)),
    // Clean-up is not guarded: it runs after a failed set-up too, and must cope with what is missing.
    after: (fn: () => Promise<void>) => s.after(fn),
    afterEach: (fn: () => Promise<void>) => s.after.each(fn),
    run: () => s.run(),
  };
}
