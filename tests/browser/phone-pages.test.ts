import "../setup/guard";
// Issue 19, acceptance 1: every page each role reaches, on a phone (390×844): no sideways scrolling
// (document.scrollingElement.scrollWidth ≤ 390), the page's primary action (its first primary button
// or submit) inside the screen's width, and axe clean. Pages are visited as the role sees them, with
// real records behind them (an admitted expert's application, enrolment and pool record).
import * as assert from "uvu/assert";
import type { Locator } from "playwright-core";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { admittedExpert, createAccount, passwordLogin, submittedByRequest } from "./flows";

const WIDTH = 390;
const PHONE = { viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; reviewer: TestPage; expertId: number; appId: number; enrolment: number; poolId: number; batch: number };
const { test, stage, run } = browserSuite("browser: every page on a phone", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert, ctx.reviewer]);

/** Fails unless `path` fits 390 px, shows its primary action within the width, and passes axe. */
async function fits(page: TestPage, path: string, label: string): Promise<void> {
  await visit(page, path).catch((e: Error) => {
    throw new Error(`${label} (${path}) did not load: ${e.message}`);
  });
  const m = await page.evaluate(() => {
    const primary = [...document.querySelectorAll<HTMLElement>("main .ant-btn-primary, main button[type=submit]")].find((b) => b.offsetParent !== null);
    const box = primary?.getBoundingClientRect();
    return { scroll: document.scrollingElement!.scrollWidth, primary: primary ? { text: primary.innerText, right: box!.right, left: box!.left } : null };
  });
  assert.ok(m.scroll <= WIDTH, `${label} (${path}): scrollWidth ${m.scroll} > ${WIDTH}`);
  if (m.primary) assert.ok(m.primary.left >= 0 && m.primary.right <= WIDTH, `${label}: primary action 「${m.primary.text}」 at ${m.primary.left}–${m.primary.right} px, outside 0–${WIDTH}`);
  await checkA11y(page, `${label} (390 px)`);
}

/** The page box (left, right) of the text inside `locator`: what the reader sees, not the boxes around it. */
const textSpan = (locator: Locator) => locator.evaluate((root) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let left = Infinity;
  let right = -Infinity;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 0) [left, right] = [Math.min(left, r.left), Math.max(right, r.right)];
    }
  }
  return { text: (root as HTMLElement).innerText.trim(), left, right };
});

test("an admitted expert's pages: 首页, 入库申请, the application, 我的培训, 缴费, 学习, 考试, 专家证书, 个人信息变更, 消息, 个人中心", async () => {
  const { server } = ctx;
  ctx.admin = await newPage(ctx.browser, { baseURL: server.url, ...PHONE });
  await passwordLogin(ctx.admin, "admin", "Demo@Admin2025", "系统管理员");
  ctx.expert = await newPage(ctx.browser, { baseURL: server.url, ...PHONE });
  const { appId, enrolment, person } = await admittedExpert(ctx.expert, ctx.admin, server.db, { prefix: "phone", name: "手机页面专家", region: "乌鲁木齐市" });
  ctx.expertId = person.id;
  ctx.appId = appId;
  ctx.enrolment = enrolment;
  ctx.poolId = Number((await server.db("experts").where({ user_id: person.id }).first("id")).id);
  for (const [path, label] of [
    ["/", "首页"], ["/apply", "入库申请"], [`/apply/${appId}`, "申请详情"], ["/training", "我的培训"], [`/training/${enrolment}/pay`, "缴费"],
    [`/training/${enrolment}`, "学习"], [`/training/${enrolment}/exam`, "考试"], ["/certificate", "专家证书"], ["/changes", "个人信息变更"],
    ["/messages", "消息"], ["/profile", "个人中心"], ["/profile/password", "修改密码"],
  ]) await fits(ctx.expert, path, label);
});

test("a reviewer's pages: 审批待办, an application's task page, 专家库 history, 消息", async () => {
  ctx.reviewer = await newPage(ctx.browser, { baseURL: ctx.server.url, ...PHONE });
  await passwordLogin(ctx.reviewer, "reviewer", "Demo@Review2025", "审核员（乌鲁木齐市）");
  for (const [path, label] of [["/", "首页"], ["/review", "审批待办"], [`/review/${ctx.appId}`, "审核详情"], [`/pool/${ctx.poolId}/history`, "专家档案历史"], ["/messages", "消息"]]) {
    await fits(ctx.reviewer, path, label);
  }
  // The task page is thousands of pixels long on a phone: 审核操作 stays on screen while the reviewer reads.
  const waiting: number[] = [];
  for (const name of ["待审手机专家甲", "待审手机专家乙"]) {
    const applicant = await newPage(ctx.browser, { baseURL: ctx.server.url, ...PHONE });
    const person = await createAccount("expert", { ...uniqueUser("phonesub"), name });
    await passwordLogin(applicant, person.username, person.password, person.name);
    waiting.push(await submittedByRequest(applicant, ctx.server.db, { name, region: "乌鲁木齐市" }));
    await closePage(applicant);
  }
  // From the list to the first, then 下一条 opens the other one of the same list.
  await visit(ctx.reviewer, "/review");
  await ctx.reviewer.getByRole("row").filter({ hasText: "待审手机专家甲" }).getByRole("link", { name: /审核/ }).click();
  await ctx.reviewer.waitForURL((u) => u.pathname === `/review/${waiting[0]}`);
  const opened: string[] = [];
  ctx.reviewer.on("framenavigated", (f) => f === ctx.reviewer.mainFrame() && opened.push(new URL(f.url()).pathname));
  await ctx.reviewer.getByRole("link", { name: "下一条" }).click();
  await ctx.reviewer.waitForURL((u) => u.pathname !== `/review/${waiting[0]}`);
  assert.ok(/^\/review\/\d+$/.test(new URL(ctx.reviewer.url()).pathname), `下一条 opens a task (${ctx.reviewer.url()})`);
  await ctx.reviewer.getByRole("heading", { level: 3, name: /审核：/ }).waitFor();
  // It stays there: a round trip to the server later, still one page opened (it used to bounce between
  // the two tasks, a page load every ~200 ms, for as long as the page was open).
  await checkA11y(ctx.reviewer, "下一条");
  await ctx.reviewer.evaluate(() => fetch("/review?index").then((r) => r.text()));
  await checkA11y(ctx.reviewer, "下一条, a moment later");
  assert.equal(opened, [new URL(ctx.reviewer.url()).pathname], "下一条 opens one task and stays on it");
  const start = ctx.reviewer.getByRole("button", { name: buttonName("开始审核") });
  const box = await start.boundingBox();
  const height = await ctx.reviewer.evaluate(() => ({ page: document.scrollingElement!.scrollHeight, screen: window.innerHeight }));
  assert.ok(height.page > 2 * height.screen, `the task page is long (${height.page} px)`);
  assert.ok(box && box.y >= 0 && box.y + box.height <= height.screen, `开始审核 is on the first screen (at ${box?.y} px of ${height.screen})`);
});

test("an administrator's pages: every entry of the admin menu and the batch's pages", async () => {
  ctx.batch = Number((await ctx.server.db("batches").where({ name: "2025年第一批" }).first("id")).id);
  const form = String((await ctx.server.db("form_versions").orderBy("id").first("key")).key);
  const workflow = String((await ctx.server.db("workflow_versions").orderBy("id").first("key")).key);
  for (const [path, label] of [
    ["/admin/batches", "批次管理"], [`/admin/batches/${ctx.batch}`, "批次设置"], [`/admin/batches/${ctx.batch}/courses`, "课程内容"], [`/admin/batches/${ctx.batch}/exam`, "考试设置"],
    ["/admin/forms", "表单管理"], [`/admin/forms/${form}`, "表单编辑"], ["/admin/workflows", "流程管理"], [`/admin/workflows/${workflow}`, "流程编辑"],
    ["/admin/catalogs", "字典管理"], ["/admin/calendar", "工作日历"], ["/admin/training", "培训报名"], ["/admin/payments", "缴费对账"],
    ["/admin/certificates", "专家证书"], ["/admin/reports", "统计报表"], ["/admin/users", "用户管理"],
    ["/admin/outbox", "短信发件箱"], ["/admin/audit", "审计日志"], [`/pool/${ctx.poolId}/history`, "专家档案历史"],
  ]) await fits(ctx.admin, path, label);
});

test("消息 on a phone: a long message wraps inside the screen, 标为已读 beside it, no sideways scrolling", async () => {
  const page = ctx.expert;
  const message = "您的入库申请（手机页面专家）已退回修改，审核意见：请补充近三年参与评标项目的业绩证明材料，并上传职称证书的清晰扫描件。";
  await ctx.server.db("notifications").insert({ user_id: ctx.expertId, message, sms_status: "sent", created_at: Date.now() });
  await fits(page, "/messages", "消息");
  const row = page.getByRole("row").filter({ hasText: message });
  const text = await textSpan(row.getByText(message));
  assert.ok(text.left >= 0 && text.right <= WIDTH, `the message's text spans ${text.left}–${text.right} px, outside 0–${WIDTH}`);
  const read = await row.getByRole("button", { name: "标为已读" }).boundingBox();
  assert.ok(read && read.x >= 0 && read.x + read.width <= WIDTH, `标为已读 at ${read?.x}–${read && read.x + read.width} px, outside 0–${WIDTH}`);
  const region = await page.getByRole("region", { name: "消息列表" }).evaluate((r) => ({ scroll: r.scrollWidth, client: r.clientWidth }));
  assert.ok(region.scroll <= region.client, `消息列表 scrolls sideways (${region.scroll} px in ${region.client})`);
});

test("an empty list on a phone shows its 暂无… on the screen, not centred in the table's full scroll width", async () => {
  await visit(ctx.expert, "/messages");
  await ctx.expert.getByRole("button", { name: "全部标为已读" }).click();
  await ctx.expert.getByRole("button", { name: "全部标为已读" }).and(ctx.expert.locator(":disabled")).waitFor();
  const lists: [TestPage, string][] = [
    [ctx.expert, "/messages?unread=1"], [ctx.expert, "/training?q=无此课程"], [ctx.reviewer, "/review?q=无此申请"],
    [ctx.admin, "/pool?q=无此专家"], [ctx.admin, "/admin/training?q=无此报名"], [ctx.admin, "/admin/certificates?q=无此证书"],
    [ctx.admin, "/admin/payments"], [ctx.admin, "/admin/calendar?year=2099"], [ctx.admin, "/admin/users?q=无此用户"], [ctx.admin, "/admin/audit?actor=无此人"],
  ];
  const outside: string[] = [];
  for (const [page, path] of lists) {
    await fits(page, path, path);
    const empty = await textSpan(page.locator("main .ant-table-placeholder").first());
    assert.ok(empty.text, `${path}: an empty list says so`);
    if (empty.left < 0 || empty.right > WIDTH) outside.push(`${path}: 「${empty.text}」 at ${Math.round(empty.left)}–${Math.round(empty.right)} px`);
  }
  assert.ok(!outside.length, `outside 0–${WIDTH} px:\n  ${outside.join("\n  ")}`);
});

run();
