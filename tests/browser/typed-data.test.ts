import "../setup/guard";
// Nothing a user types is lost (issue 14 §6): a 下一步 refused for a missing field keeps what was typed
// (首页 and back finds it all); the wizard autosaves and says when; leaving with unsaved input asks
// first (a link inside the app, and closing the tab); a date typed and followed at once by 暂存 or 下一步
// is saved; a 500 answer keeps the page and the input and says what happened; and a 500 that reaches the
// root's error boundary draws the error page instead of crash-looping into a blank page.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, reload, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { uniqueUser } from "../setup/server";
import { chooseOption, createAccount, passwordLogin, section, startApplication, submitPasswordLogin } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage; applyUrl: string };
const { test, stage, before, run } = browserSuite("browser: nothing typed is lost", { sequential: true });
stage(ctx, () => [ctx.page]);

const press = (page: TestPage, label: string) => page.getByRole("button", { name: buttonName(label) }).click();
const notice = (page: TestPage, text: string) => page.locator(".wizard .ant-alert").filter({ hasText: text }).first().waitFor();
const basic = (page: TestPage, label: string) => field(section(page, "基本信息"), label);
const autosaved = (page: TestPage) => page.locator(".wizard-autosave").filter({ hasText: /^已自动保存 \d\d:\d\d$/ });
const DRAFT = "**/apply/*/draft";
/** Forgets the problems a test provoked on purpose (a 500 answer it faked), keeping any other. */
const forget = (page: TestPage, pattern: RegExp) => page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !pattern.test(p)));

before(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const person = await createAccount("expert", { ...uniqueUser("typed"), name: "林晓东" });
  await passwordLogin(ctx.page, person.username, person.password, person.name);
  await startApplication(ctx.page);
  ctx.applyUrl = new URL(ctx.page.url()).pathname;
  await ctx.page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
});

test("five fields, 下一步 refused for a missing one, 首页 and back: every field is still there", async () => {
  const { page } = ctx;
  await basic(page, "姓名").fill("林晓东");
  await chooseOption(page, basic(page, "性别"), "男");
  await basic(page, "通讯地址").fill("乌鲁木齐市天山区人民路8号");
  await basic(page, "工作单位").fill("新疆交通规划勘察设计研究院");
  await basic(page, "职务").fill("总工程师");
  await press(page, "下一步");
  await notice(page, "请按提示补充或修改后再进入下一步");
  assert.is(new URL(page.url()).searchParams.get("step"), "basic-info", "refused: still on step 1");
  // What was typed is kept as a draft right away, not only after the autosave's pause.
  await autosaved(page).waitFor();
  await checkA11y(page, "step 1 refused, kept");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await visit(page, ctx.applyUrl);
  await page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  assert.is(await basic(page, "姓名").inputValue(), "林晓东");
  assert.match(await section(page, "基本信息").locator(".ant-form-item:not(:has(.ant-form-item))").filter({ has: field(page, "性别") }).innerText(), "男");
  assert.is(await basic(page, "通讯地址").inputValue(), "乌鲁木齐市天山区人民路8号");
  assert.is(await basic(page, "工作单位").inputValue(), "新疆交通规划勘察设计研究院");
  assert.is(await basic(page, "职务").inputValue(), "总工程师");
});

test("a date typed and followed at once by 暂存 is saved", async () => {
  const { page } = ctx;
  const date = basic(page, "出生日期");
  await date.click();
  await date.fill("1978-03-12");
  await press(page, "暂存"); // no Enter, no wait: the click comes while the picker still holds the text
  await notice(page, "已暂存");
  await reload(page);
  assert.is(await basic(page, "出生日期").inputValue(), "1978-03-12");
});

test("a date typed and followed at once by 下一步 is saved (refused for the missing fields, kept as a draft)", async () => {
  const { page } = ctx;
  const date = basic(page, "出生日期");
  await date.click();
  await date.fill("1979-04-15");
  const kept = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`${ctx.applyUrl}/draft`));
  await press(page, "下一步");
  await notice(page, "请按提示补充或修改后再进入下一步");
  assert.is((await kept).status(), 200);
  assert.match((await kept).request().postData() ?? "", "1979-04-15");
  await autosaved(page).waitFor();
  await reload(page);
  assert.is(await basic(page, "出生日期").inputValue(), "1979-04-15");
});

test("leaving with unsaved input asks first: a link inside the app (stay, then leave), and closing the tab", async () => {
  const { page } = ctx;
  // The autosave may not get through (here: no network), so the input stays unsaved for as long as the test needs.
  await page.route(DRAFT, (r) => r.abort());
  await basic(page, "职务").fill("副总工程师");
  const home = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" });
  await home.click();
  const ask = page.getByRole("dialog").filter({ hasText: "有尚未保存的内容" });
  await ask.waitFor();
  await checkA11y(page, "leave confirm");
  await ask.getByRole("button", { name: "留在本页" }).click();
  await ask.waitFor({ state: "detached" });
  assert.is(new URL(page.url()).pathname, ctx.applyUrl, "stayed");
  assert.is(await basic(page, "职务").inputValue(), "副总工程师", "the input is still there");

  // Closing the tab (or reloading) asks through the browser's own prompt.
  const dialog = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.is(d.type(), "beforeunload");
  await d.dismiss();
  assert.not.ok(page.isClosed(), "dismissed: the page stays");
  assert.is(await basic(page, "职务").inputValue(), "副总工程师");

  await home.click();
  await ask.waitFor();
  await ask.getByRole("button", { name: /离\s?开/ }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await page.locator(".wizard").waitFor({ state: "detached" });
  await page.unroute(DRAFT);
  forget(page, /net::ERR_FAILED|Failed to load resource/);
  await visit(page, ctx.applyUrl);
  assert.is(await basic(page, "职务").inputValue(), "总工程师", "left on purpose: the unsaved change is gone, the saved value stays");
});

test("an autosave answering while 有尚未保存的内容 is open carries on with the move: the click is not lost", async () => {
  const { page } = ctx;
  // The autosave is held on its way until the question is on screen, then let through.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(DRAFT, async (r) => {
    await held;
    await r.continue();
  });
  const autosave = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`${ctx.applyUrl}/draft`));
  await basic(page, "职务").fill("总工程师（兼）");
  await autosave;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  const ask = page.getByRole("dialog").filter({ hasText: "有尚未保存的内容" });
  await ask.waitFor();
  release();
  await page.waitForURL((u) => u.pathname === "/");
  await ask.waitFor({ state: "detached" });
  await page.unroute(DRAFT);
  await visit(page, ctx.applyUrl);
  assert.is(await basic(page, "职务").inputValue(), "总工程师（兼）", "the autosave was stored");
});

test("a 500 answer keeps the page and the input and says what happened", async () => {
  const { page } = ctx;
  await page.route(DRAFT, (r) => r.fulfill({ status: 500, contentType: "application/json; charset=utf-8", body: JSON.stringify({ error: "服务器内部错误，请稍后重试" }) }));
  await basic(page, "工作单位").fill("新疆维吾尔自治区建筑设计研究院");
  await press(page, "暂存");
  await notice(page, "服务器内部错误，请稍后重试");
  assert.is(await basic(page, "工作单位").inputValue(), "新疆维吾尔自治区建筑设计研究院");
  // 下一步 posts the same way: the same message, the same page.
  await press(page, "下一步");
  await page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  assert.is(await basic(page, "工作单位").inputValue(), "新疆维吾尔自治区建筑设计研究院");
  // An answer that is not even JSON (a proxy's error page) is still a message, not a blank page.
  await page.unroute(DRAFT);
  await page.route(DRAFT, (r) => r.fulfill({ status: 502, contentType: "text/html", body: "<html><body>Bad Gateway</body></html>" }));
  await press(page, "暂存");
  await page.locator(".wizard .ant-alert-error").waitFor();
  assert.is(await basic(page, "工作单位").inputValue(), "新疆维吾尔自治区建筑设计研究院");
  await page.unroute(DRAFT);
  forget(page, /HTTP 50[02] POST|status of 50[02]/);
  await checkA11y(page, "step 1 after a 500");
  // The server is back: the same input is saved as it stands.
  await press(page, "暂存");
  await notice(page, "已暂存");
});

test("a 500 that reaches the root (the login form's action) draws the Chinese error page, and 返回首页 works", async () => {
  // Its own page: signed out, and closed at the end.
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    await visit(page, "/login");
    // What Remix answers for an uncaught error in an action: a 500 marked as an error for the client router.
    await page.route(/_data=/, (r) =>
      r.request().method() === "POST"
        ? r.fulfill({ status: 500, headers: { "X-Remix-Error": "yes", "content-type": "application/json" }, body: JSON.stringify({ message: "Unexpected Server Error" }) })
        : r.continue(),
    );
    await submitPasswordLogin(page, "expert", "wrong-anyway");
    await page.getByText("系统繁忙，请稍后再试").waitFor();
    forget(page, /HTTP 500 POST|status of 500/);
    // Before the fix, antd threw on every render of the rebuilt document (a loop of errors, a blank page).
    page.assertClean();
    await checkA11y(page, "root error page");
    await page.unroute(/_data=/);
    await page.getByRole("link", { name: /返回首页/ }).click();
    await page.getByRole("tab", { name: "账号密码登录" }).waitFor();
    page.assertClean();
  } finally {
    await closePage(page);
  }
});

test("a connection that drops during a post draws 网络异常 (not 500) with 重新加载, which brings the page back", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    await visit(page, "/login");
    // The phone loses its connection: the post never reaches the server.
    await page.route(/_data=/, (r) => (r.request().method() === "POST" ? r.abort("internetdisconnected") : r.continue()));
    await submitPasswordLogin(page, "expert", "wrong-anyway");
    await page.getByRole("alert").filter({ hasText: "网络连接中断" }).waitFor();
    assert.not.match(await page.locator("main, body").first().innerText(), /500|系统繁忙/);
    forget(page, /ERR_INTERNET_DISCONNECTED|Failed to fetch/);
    page.assertClean();
    await checkA11y(page, "network error page");
    await page.unroute(/_data=/);
    await page.getByRole("link", { name: "重新加载" }).click();
    await page.getByRole("tab", { name: "账号密码登录" }).waitFor();
    assert.is(new URL(page.url()).pathname, "/login");
    page.assertClean();
  } finally {
    await closePage(page);
  }
});

test("the autosave runs a moment after the last change and shows its time (Beijing)", async () => {
  const { page } = ctx;
  // 09:07 in Beijing whatever the machine's zone; timers keep running (the pause before the autosave is
  // real). Last in the suite: a frozen clock also stalls antd's motions for the tests after it.
  await page.clock.setFixedTime(new Date("2026-03-02T09:07:30+08:00"));
  await reload(page);
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`${ctx.applyUrl}/draft`));
  await basic(page, "职务").fill("教授级高级工程师");
  assert.is((await saved).status(), 200);
  await page.locator(".wizard-autosave").filter({ hasText: "已自动保存 09:07" }).waitFor();
  await reload(page);
  assert.is(await basic(page, "职务").inputValue(), "教授级高级工程师");
});

run();
