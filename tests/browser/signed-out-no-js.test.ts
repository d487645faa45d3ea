import "../setup/guard";
// 登录 and 注册 with JavaScript off (issue 19, page weight): the signed-out pages are plain server-rendered
// forms without antd, so they work before their scripts arrive on a slow phone, and without them: the
// tabs are links, refusals come back in Chinese in place, and a right password signs in.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, closePage, field, newPage } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { createAccount } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, beforeEach, afterEach, run } = browserSuite("browser: 登录 and 注册 without JavaScript");
stage(ctx);

beforeEach(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false });
});
afterEach(async () => {
  if (ctx.page) await closePage(ctx.page);
});

/**
 * With scripts off, a refused form comes back as the page itself answered 400 or 401, which Chromium logs
 * as a failed resource: expected for that one address, and only that one.
 */
function expectRefusal(page: TestPage, pathname: string, status: number) {
  const expected = `status of ${status} `;
  const i = page.problems.findIndex((p) => p.includes(expected) && p.endsWith(`${pathname})`));
  assert.ok(i >= 0, `Chromium logged no ${status} for ${pathname}: ${page.problems.join("; ")}`);
  page.problems.splice(i, 1);
}

test("登录: the 手机号登录 tab is a link; a wrong password is refused in Chinese; the right one signs in", async () => {
  const { page } = ctx;
  const me = await createAccount("expert", { ...uniqueUser("nojs"), name: "无脚本专家" });
  await page.goto("/login");
  assert.is(await page.locator('link[rel="stylesheet"][href*="antd"]').count(), 0, "no antd stylesheet on 登录");
  await page.getByRole("tab", { name: "手机号登录" }).click();
  await page.waitForURL((u) => u.searchParams.get("mode") === "sms");
  await field(page, "短信验证码").waitFor();
  await page.getByRole("tab", { name: "账号密码登录" }).click();
  await page.waitForURL((u) => !u.searchParams.has("mode"));
  await field(page, "用户名").fill(me.username);
  await field(page, "密码").fill("Wrong#Pass2026");
  await page.getByRole("button", { name: buttonName("登录") }).click();
  await page.getByRole("alert").filter({ hasText: "用户名或密码错误" }).waitFor();
  assert.is(new URL(page.url()).pathname, "/login");
  expectRefusal(page, "/login", 401);
  await field(page, "用户名").fill(me.username);
  await field(page, "密码").fill(me.password);
  await page.getByRole("button", { name: buttonName("登录") }).click();
  await page.getByRole("heading", { name: `您好，${me.name}` }).waitFor();
  assert.is(new URL(page.url()).pathname, "/");
  page.assertClean();
});

test("注册: a weak password is explained under 密码, the entries are kept, no account", async () => {
  const { page, server } = ctx;
  const u = uniqueUser("nojsreg");
  await page.goto("/register");
  await field(page, "用户名").fill(u.username);
  await field(page, "密码").fill("Ab1!x");
  await field(page, "确认密码").fill("Ab1!x");
  await field(page, "姓名").fill("阿依古丽");
  await field(page, "手机号").fill(u.phone);
  await field(page, "短信验证码").fill("123456");
  await page.getByRole("button", { name: buttonName("注册") }).click();
  const err = page.locator("#f-password-err");
  await err.waitFor();
  assert.is((await err.textContent())?.trim(), "密码长度至少 8 位");
  assert.is(await field(page, "密码").getAttribute("aria-invalid"), "true");
  assert.is(await field(page, "用户名").inputValue(), u.username);
  assert.is(await server.db("users").where({ username: u.username }).first(), undefined);
  expectRefusal(page, "/register", 400);
  page.assertClean();
});

run();
