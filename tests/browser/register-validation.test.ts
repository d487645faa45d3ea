import "../setup/guard";
// 注册 with a weak password: the reason appears in Chinese under 密码, tied to the field for screen
// readers, the other entries are kept, and no account is created.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, beforeEach, afterEach, run } = browserSuite("browser: 注册 explains a weak password in place");
stage(ctx);

beforeEach(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
});
afterEach(async () => {
  if (ctx.page) await closePage(ctx.page);
});

async function submitWith(page: TestPage, password: string) {
  const u = uniqueUser("weak");
  await visit(page, "/register");
  await field(page, "用户名").fill(u.username);
  await field(page, "密码").fill(password);
  await field(page, "确认密码").fill(password);
  await field(page, "姓名").fill("阿依古丽");
  await field(page, "手机号").fill(u.phone);
  await field(page, "短信验证码").fill("123456");
  await page.getByRole("button", { name: buttonName("注册") }).click();
  return u;
}

async function assertPasswordError(page: TestPage, reason: string) {
  const err = page.locator("#f-password-err");
  await err.waitFor();
  assert.is((await err.textContent())?.trim(), reason);
  assert.is(await err.getAttribute("role"), "alert");
  const input = field(page, "密码");
  assert.is(await input.getAttribute("aria-invalid"), "true");
  assert.ok((await input.getAttribute("aria-describedby"))?.split(" ").includes("f-password-err"), "error is the field's description");
}

test("too few kinds of characters: 密码须包含… shown under 密码, entries kept, no account", async () => {
  const { page, server } = ctx;
  const u = await submitWith(page, "abcdefgh123");
  await assertPasswordError(page, "密码须包含大写字母、小写字母、数字、符号中的至少 3 种");
  assert.is(new URL(page.url()).pathname, "/register");
  assert.is(await field(page, "用户名").inputValue(), u.username);
  assert.is(await field(page, "手机号").inputValue(), u.phone);
  assert.is(await server.db("users").where({ username: u.username }).first(), undefined);
  await checkA11y(page, "注册 (weak password)");
});

test("too short: 密码长度至少 8 位", async () => {
  const { page } = ctx;
  await submitWith(page, "Ab1!x");
  await assertPasswordError(page, "密码长度至少 8 位");
  page.assertClean();
});

run();
