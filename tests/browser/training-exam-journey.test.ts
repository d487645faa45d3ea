import "../setup/guard";
// Issue 16, acceptance 1 — the whole of the manual's 三 as one expert lives it, with issue 17's
// certificate at the end: approved → 【完成】 (nothing due) → 学习 a video and a document lesson to 100%
// (watched for real: the server judges heartbeats by its own clock) → 我的培训 says 100% / 培训完毕 是 →
// 考试 unlocks → fails → 补学, which this batch charges for → 缴费 50.00 元 and 【完成】 → the administrator
// confirms the payment by hand (缴费对账) → studies again → retakes → 合格 → 我的培训 shows 学习进度,
// 批阅状态, 是否补学, 培训完毕 and 批阅时间 → 专家证书 is issued.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, newPage, visit } from "../setup/browser";
import { webm20s } from "../setup/courses";
import { defineExam, seedQuestions } from "../setup/exam";
import type { TestServer } from "../setup/server";
import { addLessons, studyAllLessons } from "../setup/study";
import { pdf, png } from "../setup/uploads";
import { admittedExpert, passwordLogin, startExam, uploadByRequest } from "./flows";

const BATCH = "2025年第一批";
const COURSE = "评标业务培训";
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; batch: number; enrolment: number; number: string };
const { test, stage, run } = browserSuite("browser: 岗前培训 from 缴费 to 专家证书", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert]);

const state = async () => (await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state as string;
const question = (n: number) => ctx.expert.locator(".exam-question").nth(n);
/** My row of 我的培训 for the course. */
const courseRow = () => ctx.expert.getByRole("region", { name: "培训课程列表" }).getByRole("row").filter({ hasText: COURSE });

/** 考试 page: 开始考试, answer every question with the option `text` (found by text: options are shuffled), 交卷. */
async function takeExam(text: string) {
  const page = ctx.expert;
  await visit(page, `/training/${ctx.enrolment}/exam`);
  await startExam(page);
  // The paper, or the page's refusal (an alert): a refusal fails with its words instead of a bare timeout.
  await question(3).or(page.getByRole("alert")).first().waitFor().catch(async (e: Error) => {
    // Neither: say what the page shows instead (an error page, the summary unchanged) and the attempt rows.
    const attempts = await ctx.server.db("exam_attempts").where({ instance_id: ctx.enrolment }).select("id", "status", "attempt_no");
    throw new Error(`${e.message}\npage: ${(await page.locator("body").innerText()).slice(0, 600)}\nattempts: ${JSON.stringify(attempts)}; state ${await state()}`);
  });
  if (await page.getByRole("alert").count()) assert.unreachable(`开始考试 refused: ${await page.getByRole("alert").first().innerText()}`);
  for (let n = 0; n < 4; n++) await question(n).getByText(text, { exact: false }).click();
  await page.locator(".exam-sync").getByText("已保存").waitFor();
  await page.getByRole("button", { name: buttonName("交卷") }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: buttonName("交卷") }).click();
}

test("the administrator plans the training: a fee-free course with a video and a document lesson, a paid 补学, an exam", async () => {
  const db = ctx.server.db;
  ctx.batch = (await db("batches").where({ name: BATCH }).first("id")).id;
  await db("batches").where({ id: ctx.batch }).update({ fee_fen: 0, retake_fee_fen: 5000 });
  await db("training_courses").where({ batch_id: ctx.batch }).delete();
  await db("training_courses").insert({ batch_id: ctx.batch, seq: 1, name: COURSE, study_days: 3 });
  await seedQuestions(db, ctx.batch, { 政策法规: 4 });
  await defineExam(db, ctx.batch, { draws: [{ category: "政策法规", count: 4 }], minutes: 30, passMark: 100, attempts: 2, retakeNeedsStudy: true });
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.admin, "admin", "Demo@Admin2025", "系统管理员");
  await addLessons(ctx.admin, ctx.batch, [
    { course: COURSE, title: "第一讲 评标程序", file: { name: "第一讲.webm", mimeType: "video/webm", buffer: webm20s() } },
    { course: COURSE, title: "评标纪律", file: { name: "评标纪律.pdf", mimeType: "application/pdf", buffer: await pdf("lesson document") }, minStudyS: 10 },
  ]);
});

test("an approved expert clicks 【完成】 on 缴费 (nothing due) and studies both lessons to 培训完毕", async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { number, enrolment } = await admittedExpert(ctx.expert, ctx.admin, ctx.server.db, { prefix: "trn", name: "培训全程专家", batch: BATCH });
  ctx.enrolment = enrolment;
  ctx.number = number;
  // Nothing is due: 我的培训 says so and asks for a confirmation, not a payment.
  await visit(ctx.expert, "/training");
  const status = ctx.expert.locator(".enrolment-status");
  await status.getByText("本次培训无需缴费").waitFor();
  assert.is(await status.getByText("应缴").count(), 0, "no 应缴 0.00 元");
  // 学习, opened before confirming, says the same (not 去缴费).
  await visit(ctx.expert, `/training/${ctx.enrolment}`);
  await ctx.expert.getByText("本次培训无需缴费，确认后即可进入培训学习。").waitFor();
  assert.is(await ctx.expert.getByRole("link", { name: "去缴费" }).count(), 0);
  await ctx.expert.getByRole("link", { name: "无需缴费，去确认" }).waitFor();
  await visit(ctx.expert, "/training");
  await status.getByRole("link", { name: "去确认" }).click();
  await ctx.expert.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/pay`);
  await ctx.expert.getByRole("button", { name: buttonName("完成") }).click();
  await ctx.expert.getByText("可以开始学习").waitFor();
  await studyAllLessons(ctx.expert, ctx.enrolment);
  await ctx.expert.getByRole("status").filter({ hasText: "下一步请参加考试" }).waitFor();
  assert.is(await state(), "studied");
});

test("我的培训: 学习进度 100%, 培训完毕 是, 批阅状态 待批阅; the exam is open from there", async () => {
  await visit(ctx.expert, "/training");
  await ctx.expert.locator(".expert-number").getByText(ctx.number).waitFor();
  const row = courseRow();
  await row.getByRole("cell", { name: "100%", exact: true }).waitFor();
  await row.getByRole("cell", { name: "是", exact: true }).waitFor();
  await row.getByRole("cell", { name: "● 待批阅", exact: true }).waitFor();
  await row.getByRole("link", { name: /^考试：/ }).click();
  await ctx.expert.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/exam`);
  await checkA11y(ctx.expert, "考试 (说明)");
});

test("the expert fails the exam; 补学 asks for the batch's 补学费用, paid and confirmed by the administrator by hand", async () => {
  const page = ctx.expert;
  await takeExam("错一");
  await page.getByText("不合格").first().waitFor();
  assert.is(await state(), "failed");
  await page.getByRole("button", { name: buttonName("补学") }).click();
  await page.getByText("已申请补学").waitFor();
  // The batch's 收款二维码, without which there is nowhere to pay the 补学费用.
  const qr = (await uploadByRequest(ctx.admin, { name: "收款码.png", mimeType: "image/png", buffer: png() })).replace(/^file:/, "");
  await ctx.server.db("batches").where({ id: ctx.batch }).update({ payment_qr_sha: qr });
  await visit(page, `/training/${ctx.enrolment}/pay`);
  await page.getByText("50.00").first().waitFor();
  await page.getByText(ctx.number).first().waitFor();
  await page.getByRole("button", { name: buttonName("完成") }).click();
  await page.getByRole("dialog", { name: "确认已通过扫码完成缴费？" }).getByRole("button", { name: buttonName("确认提交") }).click();
  await page.getByText("已提交缴费，系统将在对账后更新缴费状态").waitFor();
  assert.is(await state(), "payment-claimed");
  // 缴费对账 → 手工确认缴费 (the money arrived without a usable bill line).
  const admin = ctx.admin;
  await visit(admin, "/admin/payments");
  const form = admin.locator(".ant-card").filter({ has: admin.locator(".ant-card-head-title", { hasText: "手工确认缴费" }) });
  await form.getByLabel("专家编号").fill(ctx.number);
  await form.getByLabel("实缴金额（元）").fill("50.00");
  await form.getByLabel("原因").fill("专家转账未填写备注，已与财务核实");
  await form.getByRole("button", { name: buttonName("确认缴费") }).click();
  await form.getByRole("status").waitFor();
  assert.is(await state(), "paid");
  const paid = await ctx.server.db("payments").where({ instance_id: ctx.enrolment }).select("amount_fen", "source");
  assert.equal(paid.map((p: { amount_fen: number | string; source: string }) => [Number(p.amount_fen), p.source]), [[5000, "manual"]]);
});

test("补学: the lessons are studied again, the retake passes: 合格, and 我的培训 shows the manual's columns", async () => {
  const page = ctx.expert;
  await studyAllLessons(page, ctx.enrolment);
  await page.getByRole("status").filter({ hasText: "下一步请参加考试" }).waitFor();
  await takeExam("对的");
  await page.locator(".exam-score").getByText("100 分").waitFor();
  assert.is(await state(), "passed");
  await visit(page, "/training");
  const row = courseRow();
  await row.getByRole("cell", { name: "100%", exact: true }).waitFor();
  await row.getByRole("cell", { name: "● 合格", exact: true }).waitFor();
  const cells = await row.getByRole("cell").allInnerTexts();
  // 序号, 课程名称, 学习开始时间, 学习结束时间, 学习进度, 批阅状态, 是否补学, 培训完毕, 批阅时间, 操作
  assert.is(cells.length, 10, cells.join(" | "));
  assert.equal([cells[1], cells[4], cells[5], cells[6], cells[7]], [COURSE, "100%", "● 合格", "是", "是"]);
  assert.match(cells[8], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, "批阅时间");
});

test("合格 issues the 专家证书: its number, and the PDF to download", async () => {
  const cert = await ctx.server.db("certificates").where({ enrolment_id: ctx.enrolment }).first("number");
  assert.ok(cert?.number, "a certificate was issued on 合格");
  await visit(ctx.expert, "/certificate");
  await ctx.expert.getByText(cert.number).first().waitFor();
  await ctx.expert.getByRole("link", { name: /下载\s?pdf/i }).waitFor();
  ctx.expert.assertClean();
  ctx.admin.assertClean();
});

run();
