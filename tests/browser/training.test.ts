import "../setup/guard";
// Issue 15, acceptance 1, as users do it: the administrator sets the batch's training plan (fee in 元 with
// decimals, a course) in the batch editor; an expert's application is approved; the expert opens 我的培训
// (the manual's ten columns, the 专家编号, 共 N 条), goes to 缴费 (fee, reference), clicks 【完成】
// with a voucher and sees 已提交缴费; the administrator reconciles a WeChat bill holding that payment
// (preview, then 提交) and the expert's list shows 已缴费 with 学习 open. The application itself is
// filled over HTTP (other tests type it in).
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { png } from "../setup/uploads";
import { wechatBill, wxPay } from "../fixtures/bills/wechat";
import { createAccount, fillBasicInfoByRequest, passwordLogin, postAction, signByRequest, startApplication, uploadByRequest } from "./flows";
import type { Person } from "./flows";

const BATCH = "2025年第一批";
const COURSE = "评标专家岗前培训课程";
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; person: Person; appId: number; number: string; enrolment: number };
const { test, stage, run } = browserSuite("browser: 我的培训 and 缴费", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert]);

const rowVersion = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("row_version")).row_version);
const nav = async (page: TestPage, link: string, path: string) => {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: link, exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
};

test("the administrator sets the batch's fee (元 with decimals) and a course in the batch editor", async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.admin;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  const { id } = await ctx.server.db("batches").where({ name: BATCH }).first("id");
  await visit(page, `/admin/batches/${id}`);
  await page.getByLabel("培训费用（元）").fill("300.50");
  await page.getByRole("button", { name: buttonName("添加课程") }).click();
  await page.getByLabel("第1门课程名称").fill(COURSE);
  await page.getByLabel("第1门课程学习天数").fill("3");
  await checkA11y(page, "批次设置 (培训与缴费)");
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.has("saved"));
  const b = await ctx.server.db("batches").where({ id }).first("fee_fen");
  assert.is(Number(b.fee_fen), 30050);
  assert.equal(await ctx.server.db("training_courses").where({ batch_id: id }).select("name", "study_days"), [{ name: COURSE, study_days: 3 }]);
});

test("an expert's application is approved: the expert is enrolled", async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.person = await createAccount("expert", { ...uniqueUser("trn"), name: "培训专家" });
  await passwordLogin(ctx.expert, ctx.person.username, ctx.person.password, ctx.person.name);
  ctx.appId = await startApplication(ctx.expert, BATCH);
  await fillBasicInfoByRequest(ctx.expert, ctx.appId, { name: ctx.person.name, region: "和田地区" });
  await signByRequest(ctx.expert, ctx.appId, "pledge", "pledge");
  await signByRequest(ctx.expert, ctx.appId, "application-form", "application-form");
  const submitted = await postAction(ctx.expert, `/apply/${ctx.appId}`, "routes/_app.apply.$id", { intent: "transition", event: "submit", rowVersion: await rowVersion(ctx.appId) });
  assert.is(submitted.status, 200, submitted.body.message);
  for (const event of ["accept", "approve"]) {
    const r = await postAction(ctx.admin, `/review/${ctx.appId}`, "routes/_app.review.$id", { intent: "transition", event, rowVersion: await rowVersion(ctx.appId) });
    assert.is(r.status, 200, r.body.message);
  }
  ctx.number = (await ctx.server.db("workflow_instances").where({ id: ctx.appId }).first("number")).number;
  const owner = (await ctx.server.db("workflow_instances").where({ id: ctx.appId }).first("owner_id")).owner_id;
  ctx.enrolment = (await ctx.server.db("workflow_instances").where({ workflow_key: "training", owner_id: owner }).first("id")).id;
});

test("a new 培训费用 after that approval: the editor says the enrolled expert keeps 300.50 元, before and after saving", async () => {
  const page = ctx.admin;
  const { id } = await ctx.server.db("batches").where({ name: BATCH }).first("id");
  await visit(page, `/admin/batches/${id}`);
  await page.getByText(/已报名的 \d+ 名专家（300\.50 元 \d+ 人）按报名时的费用缴费/).waitFor();
  assert.is(await page.locator(".fee-change-warning").count(), 0, "nothing to warn of before an edit");
  await page.getByLabel("培训费用（元）").fill("0");
  const warning = page.locator(".fee-change-warning");
  await warning.getByText(/本批次已有 \d+ 名专家报名培训（300\.50 元 \d+ 人），他们仍按报名时的费用缴费.*新的培训费用 0\.00 元只适用于此后审核通过的专家/).waitFor();
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.get("fee") === "changed");
  await page.locator(".fee-change-saved").getByText(/新的培训费用 0\.00 元只适用于此后审核通过的专家/).waitFor();
  await checkA11y(page, "批次设置 (培训费用已修改)");
  assert.is(JSON.parse((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("data")).data).payment.dueFen, 30050);
  await page.getByLabel("培训费用（元）").fill("0.00");
  assert.is(await warning.count(), 0, "the saved fee again: nothing to warn of");
  await page.getByLabel("培训费用（元）").fill("300.50");
  await warning.getByText(/新的培训费用 300\.50 元只适用于此后审核通过的专家/).waitFor();
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.locator(".fee-change-saved").getByText(/新的培训费用 300\.50 元只适用于此后审核通过的专家/).waitFor();
  assert.is(Number((await ctx.server.db("batches").where({ id }).first("fee_fen")).fee_fen), 30050);
  page.assertClean();
});

test("我的培训: the manual's ten columns, the 专家编号, 待缴费, 共 1 条, search and reset", async () => {
  const page = ctx.expert;
  await visit(page, "/");
  await nav(page, "我的培训", "/training");
  const table = page.getByRole("region", { name: "培训课程列表" });
  await table.getByRole("cell", { name: COURSE, exact: true }).waitFor();
  const headers = await table.getByRole("columnheader").allTextContents();
  assert.equal(headers.map((h) => h.trim()), ["序号", "课程名称", "学习开始时间", "学习结束时间", "学习进度", "批阅状态", "是否补学", "培训完毕", "批阅时间", "操作"]);
  await table.getByRole("cell", { name: COURSE, exact: true }).waitFor();
  await page.locator(".expert-number").getByText(ctx.number).waitFor();
  await page.locator(".enrolment-status").getByText("待缴费").waitFor();
  await page.getByText("共 1 条").waitFor();
  await page.getByRole("textbox", { name: "课程名称" }).fill("不存在的课程");
  await page.getByRole("button", { name: /查\s?询/ }).click();
  await page.waitForURL((u) => u.searchParams.get("q") === "不存在的课程");
  await table.getByText("没有符合条件的课程").waitFor();
  await page.getByRole("button", { name: /重\s?置/ }).click();
  await page.waitForURL((u) => u.pathname === "/training" && !u.search);
  await table.getByRole("cell", { name: COURSE, exact: true }).waitFor();
  await checkA11y(page, "我的培训");
});

test("我的培训 at 1366 px: no header clipped, 操作 is the one step that applies (缴费); at 390 px a card, nothing to swipe", async () => {
  const page = ctx.expert;
  await page.setViewportSize({ width: 1366, height: 768 });
  await visit(page, "/training");
  const table = page.getByRole("region", { name: "培训课程列表" });
  await table.getByRole("cell", { name: COURSE, exact: true }).waitFor();
  const clipped = await table.locator("th").evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth || th.getBoundingClientRect().height > 60).map((th) => th.textContent));
  assert.equal(clipped, [], "every header shows whole, on one line");
  assert.ok(await table.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), "the ten columns fit without scrolling");
  const actions = await table.locator("tbody tr").first().locator("td").last().getByRole("link").allTextContents();
  assert.equal(actions, ["缴费"], "awaiting payment: 缴费 only (no 学习, no 考试)");
  await page.setViewportSize({ width: 390, height: 844 });
  const cards = page.locator(".my-training-cards");
  await cards.getByText(`1. ${COURSE}`).waitFor();
  assert.is(await table.isVisible(), false, "the table gives way to the cards");
  assert.equal(await cards.getByRole("link").allTextContents(), ["缴费"]);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "nothing to swipe sideways");
  await checkA11y(page, "我的培训 (手机)");
  await page.setViewportSize({ width: 1280, height: 720 }); // back to the size the page was opened with
});

test("缴费 without a 收款二维码: told plainly, and no 【完成】 to press", async () => {
  const page = ctx.expert;
  await visit(page, `/training/${ctx.enrolment}/pay`);
  await page.locator(".payment-card").getByText("收款二维码尚未配置，暂不能缴费，请联系主管部门").waitFor();
  assert.is(await page.getByRole("button", { name: buttonName("完成") }).count(), 0);
  await checkA11y(page, "缴费 (无收款二维码)");
  const { id } = await ctx.server.db("batches").where({ name: BATCH }).first("id");
  const qr = (await uploadByRequest(ctx.admin, { name: "收款码.png", mimeType: "image/png", buffer: png() })).replace(/^file:/, "");
  await ctx.server.db("batches").where({ id }).update({ payment_qr_sha: qr });
  await visit(page, "/training");
});

test("缴费: fee, deadline and the 专家编号 as reference; 【完成】 asks first, with a voucher → 已提交缴费; a second tab is told so", async () => {
  const page = ctx.expert;
  // A second tab of the same session, open on the 缴费 page before the claim.
  const second = (await page.context().newPage()) as TestPage;
  await visit(second, `/training/${ctx.enrolment}/pay`);
  await second.getByRole("button", { name: buttonName("完成") }).waitFor();
  await page.getByRole("link", { name: `缴费：${COURSE}` }).click();
  await page.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/pay`);
  const card = page.locator(".payment-card");
  await card.getByText("300.50 元").waitFor();
  await card.getByText(`专家编号 ${ctx.number}`).waitFor();
  await card.getByText("缴费截止").waitFor();
  await page.getByLabel("选择缴费凭证").setInputFiles({ name: "缴费截图.png", mimeType: "image/png", buffer: png() });
  await card.getByText("缴费截图.png").waitFor();
  await checkA11y(page, "缴费");
  await page.getByRole("button", { name: buttonName("完成") }).click();
  const ask = page.getByRole("dialog", { name: "确认已通过扫码完成缴费？" });
  await ask.getByText("提交后将等待对账确认").waitFor();
  await ask.getByRole("button", { name: buttonName("取消") }).click();
  await ask.waitFor({ state: "hidden" });
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "awaiting-payment", "取消 claims nothing");
  await page.getByRole("button", { name: buttonName("完成") }).click();
  await ask.getByRole("button", { name: buttonName("确认提交") }).click();
  await page.getByRole("status").filter({ hasText: "已提交缴费" }).waitFor();
  // The second tab still offers 【完成】: its answer says where the payment stands, and the page follows.
  await second.getByRole("button", { name: buttonName("完成") }).click();
  await second.getByRole("dialog", { name: "确认已通过扫码完成缴费？" }).getByRole("button", { name: buttonName("确认提交") }).click();
  await second.getByRole("status").filter({ hasText: /缴费已提交（.+），正在等待对账确认/ }).waitFor();
  await second.locator(".payment-card .ant-tag").filter({ hasText: "已提交缴费" }).waitFor();
  assert.is(await second.getByText("刷新").count(), 0);
  assert.is(await second.getByRole("button", { name: buttonName("完成") }).count(), 0);
  await second.close();
  await card.locator(".ant-tag").filter({ hasText: "已提交缴费" }).waitFor();
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "payment-claimed");
  await page.getByRole("link", { name: "返回我的培训" }).click();
  await page.locator(".enrolment-status").getByText("已提交缴费").waitFor();
  page.assertClean();
});

test("the administrator imports a WeChat bill with that payment: preview 已匹配, 提交; the expert sees 已缴费 and 学习", async () => {
  const page = ctx.admin;
  await visit(page, "/");
  await nav(page, "缴费对账", "/admin/payments");
  const bill = wechatBill([
    wxPay("2025-06-01 10:15:00", "4200009999202506010001", "300.50", `评标专家培训费 ${ctx.number}`),
    wxPay("2025-06-01 11:00:00", "4200009999202506010002", "300.50", "培训费 XJ29990001"),
  ]);
  await page.getByLabel("选择账单文件").setInputFiles({ name: "微信支付交易账单.csv", mimeType: "text/csv", buffer: Buffer.from(bill, "utf8") });
  await page.waitForURL((u) => u.searchParams.has("import"));
  const filter = page.getByRole("navigation", { name: "按匹配结果筛选" });
  await filter.getByText("已匹配 1").waitFor();
  await filter.getByText("未知专家编号 1").waitFor();
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "payment-claimed", "a preview settles nothing");
  await checkA11y(page, "缴费对账 (预览)");
  await page.getByRole("button", { name: buttonName("提交") }).click();
  await page.getByRole("dialog", { name: "提交入账" }).getByRole("button", { name: buttonName("提交") }).click();
  await page.getByRole("status").filter({ hasText: "已提交" }).waitFor();

  const expert = ctx.expert;
  await visit(expert, "/training");
  await expert.locator(".enrolment-status").getByText("已缴费").waitFor();
  await expert.getByRole("region", { name: "培训课程列表" }).getByRole("link", { name: "学习" }).click();
  await expert.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}`);
  await expert.locator(".course-list").getByText(COURSE).waitFor(); // the 学习 page's own list (我的培训 names the course too, in its table and its phone cards)
  await checkA11y(expert, "学习");
  expert.assertClean();
  page.assertClean();
});

run();
