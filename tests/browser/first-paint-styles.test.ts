import "../setup/guard";
// The signed-in pages' first paint, before (or without) their scripts. antd runs in zero-runtime mode: its
// static antd.css reads CSS variables (--ant-color-primary, --ant-menu-item-padding-inline …) that antd's
// cssinjs defines for the ConfigProvider's `css-var-…` class while it renders. The server must write
// those rules into the page's <head>: without them a slow phone painted run-together nav items, black-on-
// blue buttons and borderless cards until hydration, and JavaScript off kept it so. Hydration then reuses
// the server's <style> elements (no second copy), and the signed-out pages still carry no antd at all.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, checkA11y, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { createAccount, passwordLogin, passwordLoginWithoutScripts } from "./flows";

/** The theme's colorPrimary (app/components/antd-provider.tsx), as a hex custom property and as a computed colour. */
const THEME_PRIMARY = "#0d4c8b";
const THEME_PRIMARY_RGB = "rgb(13, 76, 139)";
/** The link colour of app.css's accessible palette (antd derives #1677ff, 4.1:1 on white). */
const APP_LINK = "#0b4f9c";
const REVIEWER = { username: "reviewer", password: "Demo@Review2025", name: "审核员（乌鲁木齐市）" };
const DESKTOP = { viewport: { width: 1366, height: 800 } };

const ctx = {} as { server: TestServer; browser: Browser; page?: TestPage };
const { test, stage, afterEach, run } = browserSuite("browser: signed-in pages styled before their scripts");
stage(ctx);
afterEach(async () => {
  await ctx.page?.context().close();
  ctx.page = undefined;
});

/**
 * What the current page shows of antd's theme: the css-var class of the first element carrying one
 * (null without one), its --ant-color-primary and --ant-color-link (app.css sets those too, on every
 * css-var element) and --ant-color-bg-container (only antd's generated rules define it), the left padding of the first navigation menu
 * item in px (header bar or side menu), the top border style of the first card in <main>, and the
 * background and text colours of the first primary button in <main> (null where the page has none).
 */
function themeOnPage(page: TestPage) {
  return page.evaluate(() => {
    const themed = document.querySelector('[class*="css-var-"]');
    const navItem = document.querySelector(".app-header .nav .ant-menu-item, .side-nav .ant-menu-item");
    const card = document.querySelector("main .ant-card");
    const primary = document.querySelector("main .ant-btn-primary");
    return {
      cssVarClass: themed ? [...themed.classList].find((c) => c.startsWith("css-var-")) ?? null : null,
      primaryVar: themed ? getComputedStyle(themed).getPropertyValue("--ant-color-primary").trim().toLowerCase() : null,
      linkVar: themed ? getComputedStyle(themed).getPropertyValue("--ant-color-link").trim().toLowerCase() : null,
      containerVar: themed ? getComputedStyle(themed).getPropertyValue("--ant-color-bg-container").trim().toLowerCase() : null,
      navPadding: navItem ? parseFloat(getComputedStyle(navItem).paddingLeft) : null,
      cardBorder: card ? getComputedStyle(card).borderTopStyle : null,
      button: primary ? { background: getComputedStyle(primary).backgroundColor, color: getComputedStyle(primary).color } : null,
    };
  });
}

/** The `data-css-hash` of every cssinjs <style> in the document, in document order. */
const styleHashes = (page: TestPage) =>
  page.evaluate(() => [...document.querySelectorAll("style[data-css-hash]")].map((s) => s.getAttribute("data-css-hash") ?? ""));

/** Fails naming the hashes that occur more than once in `hashes`. */
function assertNoDuplicates(hashes: string[], label: string) {
  const twice = hashes.filter((h, i) => hashes.indexOf(h) !== i);
  assert.equal(twice, [], `${label}: cssinjs styles written twice: ${twice.join(", ")}`);
}

test("登录 without JavaScript: no antd styles in the page (it loads no antd)", async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false });
  await ctx.page.goto("/login");
  assert.is(await ctx.page.locator("style[data-css-hash], style[data-ant-cssinjs-cache-path]").count(), 0, "no cssinjs <style> on 登录");
  ctx.page.assertClean();
});

test("an expert's 首页 without JavaScript: the theme's variables, spaced nav items, bordered cards", async () => {
  const page = (ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false, ...DESKTOP }));
  const me = await createAccount("expert", { ...uniqueUser("paint"), name: "首屏专家" });
  await passwordLoginWithoutScripts(page, me.username, me.password, me.name);
  const seen = await themeOnPage(page);
  assert.ok(seen.cssVarClass, "the antd layout carries a css-var class");
  assert.is(seen.primaryVar, THEME_PRIMARY, "--ant-color-primary is the theme's");
  assert.is(seen.containerVar, "#ffffff", "--ant-color-bg-container is defined: antd's variables came with the server's <style>");
  assert.ok(seen.navPadding !== null && seen.navPadding > 0, `a header nav item has padding (${seen.navPadding} px)`);
  assert.is(seen.cardBorder, "solid", "a card on 首页 has its border");
  assert.is(seen.linkVar, APP_LINK, "app.css's accessible link colour outranks antd's generated --ant-color-link");
  page.assertClean();
});

test("an expert's 首页 on a 390 px phone without JavaScript: 账号信息 in one column, as after hydration", async () => {
  const page = (ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false, viewport: { width: 390, height: 844 } }));
  const me = await createAccount("expert", { ...uniqueUser("paintm"), name: "手机专家" });
  await passwordLoginWithoutScripts(page, me.username, me.password, me.name);
  const card = page.locator(".ant-card").filter({ hasText: "账号信息" });
  const lefts = await card.locator("dt").evaluateAll((dts) => dts.map((d) => Math.round(d.getBoundingClientRect().left)));
  assert.is(lefts.length, 3, "用户名, 角色, 手机号");
  assert.is(new Set(lefts).size, 1, `one column: every label starts at the same x (${lefts})`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling");
  page.assertClean();
});

test("a reviewer's 审批待办 without JavaScript: 查询 is a primary button in the theme's blue, the side menu spaced", async () => {
  const page = (ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false, ...DESKTOP }));
  await passwordLoginWithoutScripts(page, REVIEWER.username, REVIEWER.password, REVIEWER.name);
  await page.goto("/review");
  const seen = await themeOnPage(page);
  assert.is(seen.primaryVar, THEME_PRIMARY, "--ant-color-primary is the theme's");
  assert.is(seen.containerVar, "#ffffff", "antd's variables came with the server's <style>");
  assert.equal(seen.button, { background: THEME_PRIMARY_RGB, color: "rgb(255, 255, 255)" }, "查询: white on the theme's blue");
  assert.ok(seen.navPadding !== null && seen.navPadding > 0, `a side menu item has padding (${seen.navPadding} px)`);
  page.assertClean();
});

test("with JavaScript: hydration keeps the server's styles (same css-var class, no second copy), and so does a navigation", async () => {
  const page = (ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, ...DESKTOP }));
  const me = await createAccount("expert", { ...uniqueUser("paintjs"), name: "首屏脚本专家" });
  await passwordLogin(page, me.username, me.password, me.name);
  // The document exactly as the server sends it (the page's cookies), before any script touched it.
  const html = await (await page.request.get("/")).text();
  const served = [...html.matchAll(/<style[^>]*\sdata-css-hash="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(served.length > 0, "the server's <head> carries cssinjs styles");
  assert.ok(html.indexOf('data-css-hash="') < html.indexOf("</head>"), "inside <head>");
  assertNoDuplicates(served, "server HTML");
  const servedClass = html.match(/\bcss-var-[\w-]+/)?.[0];

  await visit(page, "/");
  const hydrated = await styleHashes(page);
  assertNoDuplicates(hydrated, "hydrated 首页");
  const lost = served.filter((h) => !hydrated.includes(h));
  assert.equal(lost, [], "every server style is still there after hydration");
  const seen = await themeOnPage(page);
  assert.is(seen.cssVarClass, servedClass, "the css-var class the server styled is the one the browser renders");
  assert.is(seen.containerVar, "#ffffff");
  assert.is(seen.linkVar, APP_LINK);
  await checkA11y(page, "首页 (hydrated)");

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "入库申请" }).click();
  await page.waitForURL((u) => u.pathname === "/apply");
  assertNoDuplicates(await styleHashes(page), "入库申请 after a client-side navigation");
  page.assertClean();
});

run();
