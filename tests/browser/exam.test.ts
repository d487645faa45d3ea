import "../setup/guard";
// Issue 16 (测试), as an expert does it: in 培训完毕 (reached here through the database: the courses
// feature owns studying) the expert opens 考试 from 我的培训, starts, answers; the network is cut and
// more answers wait as 未同步; back online they arrive (checked in the database); a reload mid-exam
// keeps every answer; 交卷 → 不合格 → 补学 (nothing due: 【完成】 opens study again) → 培训完毕 → retake
// → 合格; 我的培训 shows 批阅状态, 批阅时间 and 是否补学.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { defineExam, enrolmentInState, freshBatch, seedQuestions, toStudied } from "../setup/exam";
import { createAccount, passwordLogin, startExam } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; expert: TestPage; enrolment: number; batch: number; attempt: number };
const { test, stage, run } = browserSuite("browser: 考试", { sequential: true });
stage(ctx, () => [ctx.expert]);

const question = (page: TestPage, n: number) => page.locator(".exam-question").nth(n);
/** Clicks the option with this text in question n (options are shuffled: found by text). */
const choose = (page: TestPage, n: number, text: string) => question(page, n).getByText(text, { exact: false }).click();
const saved = async (attempt: number) => (await ctx.server.db("exam_answers").where({ attempt_id: attempt }).select("question_id")).length;
const syncStatus = (page: TestPage) => page.locator(".exam-sync");
/** The test cut the network itself: Chromium's "Failed to load resource: ERR_INTERNET_DISCONNECTED" for
 * the answers sent meanwhile is what it asked for, not a fault of the page (anything else still fails). */
const forgiveOffline = (page: TestPage) => {
  page.problems = page.problems.filter((p) => !/net::ERR_INTERNET_DISCONNECTED \(http:\/\/[^)]*\/exam\/answer\)$/.test(p));
};

/** Waits until `check` holds (the database, as the server sees it). */
async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("an expert in 培训完毕 opens 考试 from 我的培训 and starts", async () => {
  const db = ctx.server.db;
  ctx.batch = await freshBatch(db, "考试浏览器测试批次");
  await db("batches").where({ id: ctx.batch }).update({ retake_fee_fen: 0 });
  await seedQuestions(db, ctx.batch, { 政策法规: 4 });
  // A stem as long as real 法规 questions are: shown whole, never cut with "…".
  const LONG = "依据《中华人民共和国招标投标法实施条例》，评标委员会成员应当依照招标投标法和本条例的规定，按照招标文件规定的评标标准和方法，客观、公正地对投标文件提出评审意见，下列说法中请选择最符合规定的一项";
  await db("exam_questions").where({ id: (await db("exam_questions").where({ batch_id: ctx.batch }).orderBy("id").first("id")).id }).update({ stem: LONG });
  await defineExam(db, ctx.batch, { draws: [{ category: "政策法规", count: 4 }], minutes: 30, passMark: 100, attempts: 2, retakeNeedsStudy: true });
  const person = await createAccount("expert", { ...uniqueUser("exm"), name: "考试专家" });
  ctx.enrolment = await enrolmentInState(db, { ownerId: person.id, batchId: ctx.batch, state: "studied" });
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.expert;
  await passwordLogin(page, person.username, person.password, person.name);
  await visit(page, "/training");
  await page.getByRole("link", { name: /^考试：/ }).first().click();
  await page.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/exam`);
  await page.getByText("考试时长").waitFor();
  await checkA11y(page, "考试 (说明)");
  await startExam(page);
  await question(page, 3).waitFor();
  const stem = page.locator(".exam-stem").filter({ hasText: "下列说法中请选择最符合规定的一项" });
  assert.ok(await stem.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1), "the long stem is shown whole");
  ctx.attempt = (await db("exam_attempts").where({ instance_id: ctx.enrolment, status: "open" }).first("id")).id;
  await page.getByText("剩余时间").waitFor();
});

test("answers are saved as given; offline they wait as 未同步, and arrive when the connection is back", async () => {
  const page = ctx.expert;
  await choose(page, 0, "错一");
  await until(async () => (await saved(ctx.attempt)) === 1, "the first answer");
  await syncStatus(page).getByText("已保存").waitFor();
  await page.context().setOffline(true);
  await choose(page, 1, "错二");
  await choose(page, 2, "对的");
  await syncStatus(page).getByText("未同步 2 题").waitFor();
  assert.is(await saved(ctx.attempt), 1, "nothing reached the server while offline");
  await page.context().setOffline(false);
  await until(async () => (await saved(ctx.attempt)) === 3, "the offline answers");
  await syncStatus(page).getByText("已保存").waitFor();
  forgiveOffline(page);
});

test("a reload mid-exam keeps every answer (also one given just before it)", async () => {
  const page = ctx.expert;
  await page.context().setOffline(true);
  await choose(page, 3, "对的");
  await syncStatus(page).getByText("未同步 1 题").waitFor();
  await page.context().setOffline(false);
  await page.reload();
  await question(page, 3).waitFor();
  await until(async () => (await saved(ctx.attempt)) === 4, "the answer kept in the browser");
  for (const [n, text] of [[0, "错一"], [1, "错二"], [2, "对的"], [3, "对的"]] as const) {
    await question(page, n).locator(".ant-radio-wrapper-checked", { hasText: text }).waitFor();
  }
  await syncStatus(page).getByText("已保存").waitFor();
  forgiveOffline(page);
  await checkA11y(page, "考试 (作答)");
});

test("交卷: 不合格 with the review; 补学 (nothing due: 完成) and, after 培训完毕, the retake passes", async () => {
  const page = ctx.expert;
  await page.getByRole("button", { name: buttonName("交卷") }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: buttonName("交卷") }).click();
  await page.getByText("不合格").first().waitFor();
  // Told as a warning, not a success; no keys while a retake may draw the same questions.
  await page.locator(".ant-alert-warning").filter({ hasText: "不合格" }).waitFor();
  await page.getByText("试题答案与解析在考试合格后公布").waitFor();
  assert.is(await page.getByText("正确答案").count(), 0);
  await page.getByRole("button", { name: buttonName("补学") }).click();
  await page.getByText("已申请补学").waitFor();
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "awaiting-payment");
  await visit(page, `/training/${ctx.enrolment}/pay`);
  // A double click posts once: the second click used to carry the same rowVersion and come back 409.
  await page.getByRole("button", { name: buttonName("完成") }).dblclick();
  await page.getByText("可以开始学习").waitFor();
  assert.is(await page.getByRole("alert").count(), 0, "no refusal shown");
  const waived = await ctx.server.db("workflow_history").where({ instance_id: ctx.enrolment, event: "waive" });
  assert.is(waived.length, 1);
  await toStudied(ctx.server.db, ctx.enrolment);
  await visit(page, `/training/${ctx.enrolment}/exam`);
  await startExam(page);
  await question(page, 3).waitFor();
  for (let n = 0; n < 4; n++) await choose(page, n, "对的");
  await syncStatus(page).getByText("已保存").waitFor();
  await page.getByRole("button", { name: buttonName("交卷") }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: buttonName("交卷") }).click();
  await page.locator(".exam-score").getByText("100 分").waitFor();
  await page.getByText("试题回顾").waitFor();
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "passed");
});

test("我的培训 shows 批阅状态 合格, 批阅时间 and 是否补学 是", async () => {
  const page = ctx.expert;
  await visit(page, "/training");
  const row = page.locator("tr", { has: page.getByRole("link", { name: /^考试：/ }) }).first();
  await row.getByText("合格").waitFor();
  const text = await row.innerText();
  assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, "批阅时间");
  assert.match(text, "是");
  // 首页 follows the enrolment: 合格, and the result rather than 缴费.
  await visit(page, "/");
  const home = page.locator(".home-training");
  await home.getByText("合格", { exact: true }).waitFor();
  await home.getByRole("link", { name: "查看考试成绩" }).click();
  await page.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/exam`);
});

test("attempts used up: the administrator grants one on 培训报名 (增加考试机会, with the reason); the expert may take the exam again", async () => {
  const db = ctx.server.db;
  const person = await createAccount("expert", { ...uniqueUser("exg"), name: "次数用完专家" });
  const exam = { attemptId: 0, attemptNo: 2, score: 50, passed: false, gradedAt: Date.now(), used: 2, allowed: 2, needsStudy: false };
  const enrolment = await enrolmentInState(db, { ownerId: person.id, batchId: ctx.batch, state: "failed", data: { studyOpensAt: Date.now(), exam } });
  const number = (await db("experts").where({ user_id: person.id }).first("number")).number as string;
  const admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(admin, "admin", "Demo@Admin2025", "系统管理员");
  await visit(admin, `/admin/training?status=failed&q=${encodeURIComponent(number)}`);
  await admin.getByRole("button", { name: `增加考试机会：${person.name}` }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByText("考试次数已用完").waitFor();
  await dialog.getByLabel("增加原因").fill("考试时网络中断");
  await dialog.getByRole("button", { name: buttonName("增加考试机会") }).click();
  await admin.getByRole("status").filter({ hasText: "已增加考试机会" }).waitFor();
  await checkA11y(admin, "培训报名");
  admin.assertClean();
  await admin.close();
  const data = JSON.parse((await db("workflow_instances").where({ id: enrolment }).first("data")).data);
  assert.equal([data.extraAttempts, data.exam.allowed], [1, 3]);
});

run();
