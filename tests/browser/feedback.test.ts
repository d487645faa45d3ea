import "../setup/guard";
// Feedback and wording (issue 19, acceptance 2), as people meet it: 暂存 at the bottom of a long form
// answers in the viewport; an edit after signing marks 上传申请表 as to be redone in the step bar; every
// workflow action asks first with what will happen (取消 changes nothing, 确定 acts) — 提交审核, 撤回,
// 开始审核, 退回修改, 通过 — and 提交审核 ends on a result; the return comment shows while it applies and
// never on the approved page; 出生日期 and 性别 follow the 身份证号; a hand-written form's error leaves
// the field once it is edited.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, field, hydrated, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { ID_CARD_FEMALE } from "../fixtures/form-samples";
import { createAccount, fillBasicInfoByRequest, passwordLogin, section, signByRequest, startApplication, takeAction } from "./flows";
import type { Person } from "./flows";

const REVIEWER = { username: "reviewer", password: "Demo@Review2025", name: "审核员（乌鲁木齐市）" };
const COMMENT = "职务填写不完整，请补充后重新提交。";

const ctx = {} as { server: TestServer; browser: Browser; expert: TestPage; reviewer: TestPage; person: Person; appId: number };
const { test, stage, before, run } = browserSuite("browser: feedback and wording", { sequential: true });
stage(ctx, () => [ctx.expert, ctx.reviewer]);

before(async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.reviewer = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const state = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("state")).state);
/** Waits for the wizard's 状态 to read `title`; a timeout says what the page answered instead. */
const wizardState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".wizard-status")?.textContent?.includes(t), title).catch(async (e: Error) => {
    const answers = await page.locator(".workflow-actions .ant-alert, .wizard .ant-alert").allInnerTexts();
    throw new Error(`${e.message}\nstate: ${await page.locator(".wizard-status").innerText()}\nanswers: ${answers.join(" | ")}`);
  });
const taskState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".task-facts")?.textContent?.includes(`状态${t}`), title);
const confirmDialog = (page: TestPage, name: string) => page.getByRole("dialog", { name: `确定${name}？` });
/** SCREENSHOTS=1 keeps a picture of the viewport at 1280 px and at 390 px in /tmp, to look at. */
async function shots(page: TestPage, name: string) {
  if (!process.env.SCREENSHOTS) return;
  const size = page.viewportSize();
  await page.screenshot({ path: `/tmp/feedback-${name}-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `/tmp/feedback-${name}-390.png` });
  if (size) await page.setViewportSize(size);
}

/**
 * Presses a workflow button, reads its confirmation (the sentence `says`), and 取消: the dialog goes,
 * the instance's state in the database is unchanged. Leaves the page as it was.
 */
async function cancelAction(page: TestPage, name: string, says: string | RegExp) {
  const before = await state(ctx.appId);
  await page.locator(".workflow-actions").getByRole("button", { name: buttonName(name) }).click();
  const dialog = confirmDialog(page, name);
  await dialog.waitFor();
  await dialog.getByText(says).waitFor();
  await dialog.getByRole("button", { name: buttonName("取消") }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.is(await state(ctx.appId), before, `取消 ${name} changes nothing`);
}

test("an expert's application: step 1 filled and both documents signed (over HTTP)", async () => {
  const { expert } = ctx;
  ctx.person = await createAccount("expert", { ...uniqueUser("fb"), name: "马建新" });
  await passwordLogin(expert, ctx.person.username, ctx.person.password, ctx.person.name);
  ctx.appId = await startApplication(expert);
  await fillBasicInfoByRequest(expert, ctx.appId, { name: ctx.person.name, region: "乌鲁木齐市" });
  await signByRequest(expert, ctx.appId, "pledge", "pledge");
  await signByRequest(expert, ctx.appId, "application-form", "application-form");
});

test("暂存 at the bottom of 填写基本信息 answers in the viewport; the edit marks 上传申请表 as to be redone", async () => {
  const page = ctx.expert;
  await visit(page, `/apply/${ctx.appId}?step=basic-info`);
  const steps = page.getByRole("navigation", { name: "申请步骤" });
  assert.is(await steps.locator(".ant-steps-item-error").count(), 0, "nothing to redo while the scans match");
  await field(section(page, "基本信息"), "职务").fill("总工程师（暂存）");
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole("button", { name: buttonName("暂存") }).click();
  // The answer's toast, read in the page (it fades after a few seconds): it slides in from above the top
  // edge and must come to rest inside the viewport while the page is scrolled far from its top, where
  // the in-page notice is. Never inside: the wait times out and the step fails.
  const seen = await page.waitForFunction(() => {
    const toast = [...document.querySelectorAll(".form-toast")].find((e) => e.textContent?.includes("已暂存"));
    const r = toast?.getBoundingClientRect();
    if (!r || r.height === 0 || r.top < 0 || r.bottom > window.innerHeight) return null;
    return { top: r.top, bottom: r.bottom, viewport: window.innerHeight, scrolled: window.scrollY };
  });
  const box = (await seen.jsonValue())!;
  assert.ok(box.scrolled > 1000, `the page is scrolled to the bottom of a long form (scrollY ${box.scrolled})`);
  await page.locator(".wizard").getByRole("status").filter({ hasText: "已暂存" }).waitFor(); // the in-page notice stays for screen readers
  await shots(page, "toast");

  // The 申请表 printed 职务: the scan no longer matches, and the step bar says so where it can be seen.
  await page.getByRole("button", { name: buttonName("下一步") }).click();
  await page.getByRole("heading", { name: "签署入库承诺书", level: 4 }).waitFor();
  const stale = steps.locator(".ant-steps-item-error");
  await stale.filter({ hasText: "上传申请表" }).filter({ hasText: "需重新签字上传" }).waitFor();
  assert.is(await stale.count(), 1, "only 上传申请表 (the 承诺书 prints name and ID only)");
  assert.is(await stale.getByRole("img", { name: "警告" }).count(), 1, "the mark has an accessible name");
  await checkA11y(page, "入库申请 (上传申请表 to be redone)");

  await signByRequest(page, ctx.appId, "application-form", "application-form");
  await visit(page, `/apply/${ctx.appId}?step=submit`);
  await page.getByText("请核对以下信息，确认无误后提交审核。").waitFor();
  assert.is(await steps.locator(".ant-steps-item-error").count(), 0, "signed again: nothing to redo");
});

test("提交审核 asks first: 取消 leaves it a draft; 确定 submits and shows the result", async () => {
  const page = ctx.expert;
  await cancelAction(page, "提交审核", "提交审核后，状态将变为「已提交」。此后资料不能修改，如需修改请先「撤回」。");
  await page.locator(".workflow-actions").getByRole("button", { name: buttonName("提交审核") }).click();
  await confirmDialog(page, "提交审核").waitFor();
  await checkA11y(page, "确定提交审核？");
  await shots(page, "confirm");
  await confirmDialog(page, "提交审核").getByRole("button", { name: buttonName("取消") }).click();
  await confirmDialog(page, "提交审核").waitFor({ state: "hidden" });

  await takeAction(page, "提交审核");
  await wizardState(page, "已提交");
  await page.locator(".wizard-result").getByText("提交审核成功").waitFor();
  await shots(page, "submitted");
  assert.is(await state(ctx.appId), "submitted");
  // Said once, at the top (it was also repeated above the buttons and as a toast: three times).
  assert.is(await page.getByText(/提交审核成功/).count(), 1);
  assert.is(await page.getByText("请核对以下信息，确认无误后提交审核。").count(), 0, "nothing left to check once submitted");
  await checkA11y(page, "入库申请 (提交审核 result)");
  await shots(page, "submitted");
});

test("撤回 asks first: 取消 keeps it submitted; 确定 brings it back to 草稿; 提交审核 again", async () => {
  const page = ctx.expert;
  await cancelAction(page, "撤回", "撤回后，状态将变为「草稿」。此后可以修改资料并重新提交。");
  await takeAction(page, "撤回");
  await wizardState(page, "草稿");
  assert.is(await state(ctx.appId), "draft");
  assert.is(await page.locator(".wizard-result").count(), 0, "the result of 提交审核 no longer applies");
  await takeAction(page, "提交审核");
  await wizardState(page, "已提交");
});

test("开始审核 and 退回修改 ask first; the expert reads the comment, and it goes once resubmitted", async () => {
  const { reviewer, expert } = ctx;
  await passwordLogin(reviewer, REVIEWER.username, REVIEWER.password, REVIEWER.name);
  await visit(reviewer, `/review/${ctx.appId}`);
  await cancelAction(reviewer, "开始审核", "开始审核后，状态将变为「审核中」。此后申请人不能再「撤回」。");
  await takeAction(reviewer, "开始审核");
  await taskState(reviewer, "审核中");
  assert.is(await state(ctx.appId), "reviewing");

  await cancelAction(reviewer, "退回修改", "退回修改后，状态将变为「已退回」。申请人可修改资料后重新提交。");
  await takeAction(reviewer, "退回修改", COMMENT);
  await taskState(reviewer, "已退回");

  await visit(expert, `/apply/${ctx.appId}`);
  await expert.locator(".wizard-return").getByText(`审核意见：${COMMENT}`).waitFor();
  await visit(expert, `/apply/${ctx.appId}?step=submit`);
  await takeAction(expert, "提交审核");
  await wizardState(expert, "已提交");
  assert.is(await expert.locator(".wizard-return").count(), 0, "resubmitted: the comment is history, not a banner");
});

test("通过 asks first; the approved page shows no return comment and no check hint", async () => {
  const { reviewer, expert } = ctx;
  await visit(reviewer, `/review/${ctx.appId}`);
  await takeAction(reviewer, "开始审核");
  await taskState(reviewer, "审核中");
  await cancelAction(reviewer, "通过", "通过后，状态将变为「审核通过」。此操作不可撤销。");
  await takeAction(reviewer, "通过");
  await taskState(reviewer, "审核通过");

  await visit(expert, `/apply/${ctx.appId}`);
  await wizardState(expert, "审核通过");
  await expert.locator(".workflow-history").getByText(`意见：${COMMENT}`).waitFor(); // kept in the history
  const page = await expert.locator(".wizard").evaluate((w) => {
    const copy = w.cloneNode(true) as HTMLElement;
    copy.querySelector(".workflow-history")?.remove();
    return copy.textContent ?? "";
  });
  assert.not.match(page, "审核意见", "no return comment outside the history");
  assert.not.match(page, COMMENT);
  await visit(expert, `/apply/${ctx.appId}?step=submit`);
  await expert.getByRole("heading", { name: "提交", level: 4 }).waitFor();
  assert.is(await expert.getByText("请核对以下信息，确认无误后提交审核。").count(), 0);
  await checkA11y(expert, "入库申请 (审核通过)");
});

test("出生日期 and 性别 follow the 身份证号 as it is typed (the form's own consistency rules), and stay editable", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    const p = await createAccount("expert", { ...uniqueUser("fbid"), name: "古丽娜" });
    await passwordLogin(page, p.username, p.password, p.name);
    await visit(page, "/forms/expert-basic-info");
    await page.getByRole("heading", { name: "基本信息" }).waitFor();
    const birth = field(page, "出生日期");
    const sex = page.locator(".ant-form-item").filter({ has: field(page, "性别") }).locator(".ant-select-content, .ant-select-selection-item").first();
    assert.is(await birth.inputValue(), "");
    await field(page, "身份证号").fill(ID_CARD_FEMALE.slice(0, 17));
    assert.is(await birth.inputValue(), "", "17 digits: nothing to derive yet");
    await field(page, "身份证号").fill(ID_CARD_FEMALE);
    await page.waitForFunction((el) => (el as HTMLInputElement).value === "1985-11-20", await birth.elementHandle());
    await sex.filter({ hasText: "女" }).waitFor();
    // Prefilled, not locked: the picker opens at the derived date, and the value can still be changed.
    assert.is(await birth.isEditable(), true);
    await birth.click();
    await page.locator(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)").getByText("1985", { exact: false }).first().waitFor();
    await page.keyboard.press("Escape");
    await checkA11y(page, "基本信息 (derived from the 身份证号)");
  } finally {
    await page.context().close();
  }
});

test("注册: a field's error leaves as soon as it is edited; the others stay until the next submit", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    await visit(page, "/register");
    await page.getByRole("button", { name: buttonName("注册") }).click();
    const error = (id: string) => page.locator(`#f-${id}-err`);
    await error("username").getByText("请输入用户名").waitFor();
    await error("name").waitFor();
    await hydrated(page);
    await field(page, "用户名").fill("zhangsan01");
    await error("username").waitFor({ state: "detached" });
    // Settled, not sampled: the attribute goes with the same render as the message, on a busy machine a moment later.
    const valid = await page.waitForFunction(() => document.querySelector("#f-username")?.getAttribute("aria-invalid") === null, undefined, { timeout: 10_000 }).then(() => true, () => false);
    assert.ok(valid, "用户名 is no longer marked invalid");
    assert.is(await error("name").count(), 1, "姓名 untouched keeps its error");
    await field(page, "用户名").fill("");
    await page.getByRole("button", { name: buttonName("注册") }).click();
    await error("username").getByText("请输入用户名").waitFor(); // the next answer shows it again
  } finally {
    await page.context().close();
  }
});

run();
