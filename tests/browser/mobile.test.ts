import "../setup/guard";
// A phone-sized screen (390×844): the sign-in and registration pages fit without sideways scrolling.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, checkA11y, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { createAccount, logout, submitPasswordLogin } from "./flows";

const WIDTH = 390;
const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, before, run } = browserSuite("browser: mobile viewport");
stage(ctx, () => [ctx.page]);

before(async () => {
  ctx.page = await newPage(ctx.browser, {
    baseURL: ctx.server.url,
    viewport: { width: WIDTH, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
});

const scrollWidth = (page: TestPage) => page.evaluate(() => document.scrollingElement!.scrollWidth);

test("登录 fits 390 px wide on both tabs", async () => {
  const { page } = ctx;
  await visit(page, "/login");
  assert.ok((await scrollWidth(page)) <= WIDTH, `scrollWidth ${await scrollWidth(page)} > ${WIDTH}`);
  await checkA11y(page, "登录 (mobile)");
  await page.getByRole("tab", { name: "手机号登录" }).click();
  await field(page, "短信验证码").waitFor();
  assert.ok((await scrollWidth(page)) <= WIDTH, `scrollWidth ${await scrollWidth(page)} > ${WIDTH} on 手机号登录`);
});

test("注册 fits 390 px wide", async () => {
  const { page } = ctx;
  await visit(page, "/register");
  assert.ok((await scrollWidth(page)) <= WIDTH, `scrollWidth ${await scrollWidth(page)} > ${WIDTH}`);
  await checkA11y(page, "注册 (mobile)");
});

test("an expert at 390 px reaches every entry from 菜单; the header fits", async () => {
  const { page } = ctx;
  const me = await createAccount("expert", { ...uniqueUser("mob"), name: "手机专家" });
  await visit(page, "/login");
  await submitPasswordLogin(page, me.username, me.password);
  await page.waitForURL((u) => u.pathname === "/");
  for (const [entry, path] of [["我的培训", "/training"], ["专家证书", "/certificate"], ["个人信息变更", "/changes"], ["入库申请", "/apply"]]) {
    await page.getByRole("navigation", { name: "主导航" }).getByRole("button", { name: /菜\s?单/ }).click();
    await page.getByRole("menuitem", { name: entry }).click();
    await page.waitForURL((u) => u.pathname === path);
    assert.ok((await scrollWidth(page)) <= WIDTH, `${entry}: scrollWidth ${await scrollWidth(page)} > ${WIDTH}`);
  }
  await checkA11y(page, "个人信息变更 (mobile)");
  await logout(page);
});

test("signed-in pages fit 390 px wide and pass axe (admin: 首页, 个人中心, 用户管理, 短信发件箱, 审计日志)", async () => {
  const { page } = ctx;
  await visit(page, "/login");
  await submitPasswordLogin(page, "admin", "Demo@Admin2025");
  await page.waitForURL((u) => u.pathname === "/");
  for (const [path, label] of [["/", "首页"], ["/profile", "基本资料"], ["/admin/users", "用户管理"], ["/admin/outbox", "短信发件箱"], ["/admin/audit", "审计日志"]]) {
    await visit(page, path);
    assert.ok((await scrollWidth(page)) <= WIDTH, `${label}: scrollWidth ${await scrollWidth(page)} > ${WIDTH}`);
    await checkA11y(page, `${label} (mobile)`);
  }
});

run();
