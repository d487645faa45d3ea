import "../setup/guard";
// A new expert's first session, through the UI only: register with the SMS code from the outbox, log
// out, log in by password, by phone + code, edit 基本资料, change the password, log out. Every page
// visited is checked with axe-core.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, field, newPage, reload } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { logout, passwordLogin, register, smsLogin, submitPasswordLogin, userMenu, type Person } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage; me: Person };
const { test, stage, before, run } = browserSuite("browser: a new expert's journey", { sequential: true });
stage(ctx, () => [ctx.page]);

before(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const u = uniqueUser("jn");
  ctx.me = { ...u, password: "Xinjiang#2025a", name: "古丽娜尔" };
});

test("registers with the code from the outbox and lands on 首页 signed in", async () => {
  const { page, server, me } = ctx;
  await register(page, server.db, me);
  assert.is(new URL(page.url()).pathname, "/");
  assert.ok(await page.getByRole("button", { name: "用户菜单" }).textContent().then((t) => t?.includes(me.name)));
  await checkA11y(page, "首页");
});

test("logs out through the user menu and is back at 登录", async () => {
  const { page } = ctx;
  await logout(page);
  assert.is(new URL(page.url()).pathname, "/login");
  await checkA11y(page, "登录");
  // Signed out means signed out: the home page sends the visitor back to 登录.
  await page.goto("/");
  await page.waitForURL((u) => u.pathname === "/login");
});

test("logs in by password (账号密码登录)", async () => {
  const { page, me } = ctx;
  await passwordLogin(page, me.username, me.password, me.name);
  await checkA11y(page, "首页");
});

test("logs in by phone and SMS code (手机号登录)", async () => {
  const { page, server, me } = ctx;
  await logout(page);
  await smsLogin(page, server.db, me.phone, me.name);
  await checkA11y(page, "首页");
});

test("个人中心 shows 基本资料; a changed 电子邮箱 is saved and survives a reload", async () => {
  const { page, me } = ctx;
  await userMenu(page, "个人中心");
  await page.waitForURL((u) => u.pathname === "/profile");
  await page.getByRole("heading", { name: "个人中心" }).waitFor();
  await page.getByRole("link", { name: "基本资料" }).waitFor();
  assert.is(await field(page, "姓名").inputValue(), me.name);
  assert.ok(await page.getByText(me.username, { exact: true }).isVisible(), "用户名 shown");
  await checkA11y(page, "个人中心 基本资料");

  const email = `${me.username}@example.cn`;
  await field(page, "电子邮箱").fill(email);
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.getByRole("status").filter({ hasText: "基本资料已保存" }).waitFor();
  await checkA11y(page, "个人中心 基本资料 (saved)");

  await reload(page);
  assert.is(await field(page, "电子邮箱").inputValue(), email);
});

test("修改密码: the old password stops working, the new one works", async () => {
  const { page, me } = ctx;
  await page.getByRole("link", { name: "修改密码" }).click();
  await page.waitForURL((u) => u.pathname === "/profile/password");
  await checkA11y(page, "个人中心 修改密码");
  const next = "Tianshan@2026b";
  await field(page, "原密码").fill(me.password);
  await field(page, "新密码").fill(next);
  await field(page, "确认新密码").fill(next);
  await page.getByRole("button", { name: buttonName("修改密码") }).click();
  await page.getByRole("status").filter({ hasText: "密码已修改" }).waitFor();
  await checkA11y(page, "个人中心 修改密码 (saved)");

  await logout(page);
  await submitPasswordLogin(page, me.username, me.password);
  await page.getByRole("alert").filter({ hasText: "用户名或密码错误" }).waitFor();
  assert.is(new URL(page.url()).pathname, "/login");
  await checkA11y(page, "登录 (wrong password)");

  await passwordLogin(page, me.username, next, me.name);
  me.password = next;
});

test("logs out at the end", async () => {
  const { page } = ctx;
  await logout(page);
  assert.is(new URL(page.url()).pathname, "/login");
  await page.goto("/profile");
  await page.waitForURL((u) => u.pathname === "/login");
  page.assertClean();
});

run();
