import "../setup/guard";
// The demo administrator's pages: 用户管理, 短信发件箱 (showing the code just sent to a visitor) and
// 审计日志 (showing the sign-in), reached through the header navigation; 停用 with its confirmation; a page number past a list's end;
// the batch form's checkboxes beside their labels; 用户管理's 姓名 column on one line at 1366 px.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { createAccount, logout, passwordLogin, requestCode } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage; phone: string; code: string };
const { test, stage, run } = browserSuite("browser: the administrator's pages", { sequential: true });
stage(ctx, () => [ctx.page]);

test("a visitor asks for a registration code", async () => {
  const visitor = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    ctx.phone = uniqueUser("sms").phone;
    await visit(visitor, "/register");
    await field(visitor, "手机号").fill(ctx.phone);
    ctx.code = await requestCode(visitor, ctx.server.db, ctx.phone);
    assert.match(ctx.code, /^\d{6}$/);
    visitor.assertClean();
  } finally {
    await closePage(visitor);
  }
});

test("admin signs in with the demo password", async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.page, "admin", "Demo@Admin2025", "系统管理员");
  await checkA11y(ctx.page, "首页 (admin)");
});

test("用户管理 lists the accounts", async () => {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "用户管理", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/users");
  await page.getByRole("heading", { name: "用户管理" }).waitFor();
  await page.getByRole("cell", { name: "admin", exact: true }).waitFor();
  await page.getByRole("cell", { name: "expert", exact: true }).waitFor();
  await checkA11y(page, "用户管理");
});

test("用户管理: 停用 asks first (取消 changes nothing), then ends the account; one's own row offers no 停用", async () => {
  const { page, server } = ctx;
  const ownRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "admin", exact: true }) });
  await ownRow.getByRole("button", { name: buttonName("重置密码") }).waitFor();
  assert.is(await ownRow.getByRole("button", { name: buttonName("停用") }).count(), 0, "no 停用 on the admin's own row");
  const who = await createAccount("reviewer", { ...uniqueUser("stop"), name: "停用测试审核员" });
  await visit(page, `/admin/users?q=${who.username}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: who.username, exact: true }) });
  const status = async () => (await server.db("users").where({ username: who.username }).first("status")).status;
  await row.getByRole("button", { name: buttonName("停用") }).click();
  const dialog = page.getByRole("dialog", { name: `确定停用 ${who.username}？` });
  await dialog.getByText("停用后该账号的登录将全部退出").waitFor();
  await checkA11y(page, "用户管理 (停用确认)");
  await dialog.getByRole("button", { name: buttonName("取消") }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.is(await status(), "active", "取消 changes nothing");
  await row.getByRole("button", { name: buttonName("停用") }).click();
  await dialog.getByRole("button", { name: buttonName("停用") }).click();
  await page.getByText(`已停用 ${who.username}，其登录已全部退出`).waitFor();
  assert.is(await status(), "disabled");
  await row.getByRole("button", { name: buttonName("启用") }).waitFor();
});

test("用户管理 at 1366 px: a six-character 姓名 stays on one line; at 390 px the list scrolls in its region, not the page", async () => {
  const { page } = ctx;
  const who = await createAccount("reviewer", { ...uniqueUser("wide"), name: "欧阳建国明华" });
  /** How many lines the text of `who`'s 姓名 cell takes (the distinct tops of its text's boxes), and the cell's width. */
  const nameLines = async () => {
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: who.username, exact: true }) });
    return row.getByRole("cell", { name: "欧阳建国明华", exact: true }).evaluate((td) => {
      const tops = new Set<number>();
      const texts = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let n = texts.nextNode(); n; n = texts.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const box of range.getClientRects()) tops.add(Math.round(box.top));
      }
      return `${tops.size} line(s) in ${Math.round(td.getBoundingClientRect().width)} px`;
    });
  };
  await page.setViewportSize({ width: 1366, height: 768 });
  await visit(page, `/admin/users?q=${who.username}`);
  const lines = await nameLines();
  assert.match(lines, /^1 line\(s\)/, `姓名 on one line at 1366 px: ${lines}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await visit(page, `/admin/users?q=${who.username}`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.is(sideways, 0, "the page does not scroll sideways at 390 px");
  const region = page.getByRole("region", { name: "用户列表" });
  assert.ok(await region.evaluate((el) => el.scrollWidth > el.clientWidth), "the list scrolls inside its own region");
  await checkA11y(page, "用户管理 (390 px)");
  await page.setViewportSize({ width: 1280, height: 720 }); // back to the size the page was opened with
});

test("短信发件箱 shows the code the visitor was sent", async () => {
  const { page, phone, code } = ctx;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "短信发件箱", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/outbox");
  await page.getByRole("heading", { name: "短信发件箱" }).waitFor();
  await page.getByRole("cell", { name: `您的验证码为 ${code}` }).waitFor();
  await checkA11y(page, "短信发件箱");
  // The phone filter narrows the list to that number.
  await field(page, "手机号").fill(phone);
  await page.getByRole("button", { name: buttonName("查询") }).click();
  await page.waitForURL((u) => u.searchParams.get("phone") === phone);
  const rows = page.locator(".ant-table-tbody tr.ant-table-row");
  await rows.first().waitFor();
  assert.is(await rows.count(), 1);
  assert.ok((await rows.first().textContent())?.includes(code));
  // Part of the number finds it too; letters are refused in words, not silently ignored.
  await field(page, "手机号").fill(phone.slice(-4));
  await page.getByRole("button", { name: buttonName("查询") }).click();
  await page.waitForURL((u) => u.searchParams.get("phone") === phone.slice(-4));
  await page.getByRole("cell", { name: `您的验证码为 ${code}` }).waitFor();
  await field(page, "手机号").fill("abc");
  await page.getByRole("button", { name: buttonName("查询") }).click();
  await page.getByRole("alert").filter({ hasText: "手机号只能输入数字（可只输入部分号码）" }).waitFor();
});

test("审计日志 shows 登录成功", async () => {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审计日志", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/audit");
  await page.getByRole("heading", { name: "审计日志" }).waitFor();
  const row = page.getByRole("row").filter({ hasText: "登录成功" }).filter({ hasText: "系统管理员" });
  await row.first().waitFor();
  await checkA11y(page, "审计日志");
  // More than one page: the pager says the manual's 前往 (antd's zh_CN says 跳至) before its page box.
  const count = Number((await ctx.server.db("audit_log").count<{ n: number }[]>({ n: "*" }))[0].n);
  if (count <= 10) {
    const rows = Array.from({ length: 11 - count }, (_, i) => ({ at: Date.now() - 1000 * (i + 1), actor_name: "系统管理员", action: "user.login", outcome: "ok" }));
    await ctx.server.db("audit_log").insert(rows);
    await page.reload();
  }
  const pager = page.locator(".ant-pagination").first();
  await pager.getByText("前往").waitFor();
  assert.is(await pager.getByText("跳至").count(), 0);
});

test("a page number past the end of 用户管理 or 审计日志 shows the last page, marked in the pager", async () => {
  const { page, server } = ctx;
  for (const [path, table] of [["/admin/users", "users"], ["/admin/audit", "audit_log"]]) {
    await visit(page, `${path}?page=99999`);
    const total = Number((await server.db(table).count<{ n: number }[]>({ n: "*" }))[0].n);
    const last = Math.ceil(total / 10);
    await page.getByText(`共 ${total} 条`).waitFor();
    assert.is((await page.locator(".ant-pagination-item-active").textContent())?.trim(), String(last), `${path}: the pager marks page ${last} of ${total} rows`);
    assert.is(await page.locator(".ant-table-tbody tr.ant-table-row").count(), total - (last - 1) * 10, `${path}: the last page's rows`);
  }
});

test("批次设置: each 允许的入库类型 checkbox is on its label's line (1366 and 390 px)", async () => {
  const { page, server } = ctx;
  const batch = Number((await server.db("batches").orderBy("id").first("id")).id);
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 844 });
    for (const path of ["/admin/batches/new", `/admin/batches/${batch}`]) {
      await visit(page, path);
      await checkA11y(page, `${path} (${width} px)`);
      for (const type of ["新增", "续聘", "转入"]) {
        const option = page.locator("label.ant-checkbox-wrapper").filter({ hasText: type });
        const box = (await option.locator(".ant-checkbox").boundingBox())!;
        const text = (await option.getByText(type, { exact: true }).boundingBox())!;
        const [boxMiddle, textMiddle] = [box.y + box.height / 2, text.y + text.height / 2];
        assert.ok(Math.abs(boxMiddle - textMiddle) <= 4, `${path} at ${width} px: the 「${type}」 box's middle at ${boxMiddle} px, its label's at ${textMiddle} px`);
        assert.ok(text.x >= box.x + box.width, `${path} at ${width} px: 「${type}」 after its box`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 }); // back to the size the page was opened with
});

test("admin logs out", async () => {
  await logout(ctx.page);
  ctx.page.assertClean();
});

run();
