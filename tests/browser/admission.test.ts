import "../setup/guard";
// 入库申请 as a new expert does it (issue acceptance 2): register, start an application in 2025年第一批,
// find 姓名 and 手机号 already filled from the account and the empty 出生日期 picker opening at a plausible
// birth year (issue 19), fill 基本信息 partly and 暂存 (a reload keeps it), 下一步 refused with the missing field shown in place,
// complete the step, download the 承诺书 and the 申请表 (real PDFs with the expert's name) and upload
// signed scans, 提交审核, 撤回, change a value so the 申请表 is out of date, sign it again, submit again.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit, reload } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { pdf, png } from "../setup/uploads";
import { cnIdCardCheckChar } from "~/engine/forms/formats";
import { chooseOption, chooseTreeNode, download, fillDate, pdfText, register, section, takeAction, uploadFile } from "./flows";
import type { Person } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage; applyUrl: string };
const { test, stage, before, run } = browserSuite("browser: admission wizard", { sequential: true });
stage(ctx, () => [ctx.page]);

const ID_BODY = "65010219780312003"; // 乌鲁木齐, born 1978-03-12, 17th digit odd: 男
const ID = ID_BODY + cnIdCardCheckChar(ID_BODY);
const suffix = String(Date.now()).slice(-8);
const person: Person = { username: `apply${suffix}`, password: "Apply@2025x", name: "王建国", phone: `137${suffix}` };

before(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const press = (page: TestPage, label: string) => page.getByRole("button", { name: buttonName(label) }).click();
const notice = (page: TestPage, text: string) => page.locator(".wizard .ant-alert").filter({ hasText: text }).first().waitFor();
const currentStep = (page: TestPage) => new URL(page.url()).searchParams.get("step");
const status = (page: TestPage) => page.getByRole("definition").filter({ has: page.locator(".ant-tag") }).first();
/** The in-place error text under the field labelled `label` inside `scope`. */
const errorOf = (page: TestPage, label: string) =>
  page.locator(".ant-form-item:not(:has(.ant-form-item))").filter({ has: field(page, label) }).locator(".ant-form-item-explain-error");
/** SCREENSHOTS=1 keeps a full-page picture of each screen in /tmp, to look at. */
const shot = async (page: TestPage, name: string) => {
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/admission-${name}.png`, fullPage: true });
};

async function onStep(page: TestPage, key: string, title: string) {
  try {
    await page.waitForURL((u) => u.searchParams.get("step") === key, { waitUntil: "commit" });
    await page.getByRole("heading", { name: title, level: 4 }).waitFor();
  } catch (e) {
    // What the page says instead (an error notice, a field in error) is the useful part of the report.
    const alerts = await page.locator(".wizard .ant-alert, .ant-form-item-explain-error").allInnerTexts();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/admission-failed-${key}.png`, fullPage: true });
    throw new Error(`not on step ${key}: ${alerts.join(" | ")}\n${(e as Error).message}`);
  }
}

test("a new expert registers, opens 入库申请 and starts an application in 2025年第一批", async () => {
  const { page } = ctx;
  await register(page, ctx.server.db, person);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "入库申请" }).click();
  await page.getByRole("heading", { name: "入库申请" }).waitFor();
  const batch = page.getByRole("listitem").filter({ hasText: "2025年第一批" });
  await batch.getByRole("button", { name: "开始申请" }).click();
  await page.waitForURL((u) => /^\/apply\/\d+$/.test(u.pathname));
  ctx.applyUrl = new URL(page.url()).pathname;
  await page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  assert.match(await status(page).innerText(), "草稿");
  assert.match(await page.locator(".wizard-status").innerText(), /申请编号\s*：?\s*SQ\d{10}/);
  await checkA11y(page, "入库申请 step 1 (empty)");
});

test("step 1 comes with 姓名 and 手机号 from the account; the empty 出生日期 picker opens 45 years back, not at this month", async () => {
  const { page } = ctx;
  const basic = section(page, "基本信息");
  assert.is(await field(basic, "姓名").inputValue(), person.name);
  assert.is(await field(basic, "手机号").inputValue(), person.phone);
  const birth = field(basic, "出生日期");
  assert.is(await birth.inputValue(), "");
  await birth.click();
  const panel = page.locator(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)");
  const year = `${new Date().getFullYear() - 45}`;
  await panel.locator(".ant-picker-year-btn").filter({ hasText: year }).waitFor();
  assert.is(await panel.locator(".ant-picker-year-btn").count(), 1, "one month shown");
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden" });
  assert.is(await birth.inputValue(), "", "opening the picker chooses nothing");
});

test("step 1: fill 基本信息 partly, 暂存, reload: it is all still there", async () => {
  const { page } = ctx;
  const basic = section(page, "基本信息");
  await field(basic, "姓名").fill(person.name);
  await chooseOption(page, field(basic, "性别"), "男");
  await fillDate(field(basic, "出生日期"), "1978-03-12");
  await field(basic, "身份证号").fill(ID);
  await field(basic, "通讯地址").fill("乌鲁木齐市新市区北京南路100号");
  // 暂存 goes to the plain endpoint; the page's data is then reloaded as after any action.
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`${ctx.applyUrl}/draft`));
  await press(page, "暂存");
  assert.is((await saved).status(), 200);
  await notice(page, "已暂存");
  await reload(page);
  await page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  assert.is(await field(section(page, "基本信息"), "姓名").inputValue(), person.name);
  assert.is(await field(section(page, "基本信息"), "身份证号").inputValue(), ID);
  assert.is(await field(section(page, "基本信息"), "出生日期").inputValue(), "1978-03-12");
});

test("下一步 with a required field missing stays on step 1 and shows the message under the field", async () => {
  const { page } = ctx;
  await press(page, "下一步");
  await notice(page, "请按提示补充或修改后再进入下一步");
  // 手机号 came from the account, so the first required field still empty is 工作单位.
  assert.match(await errorOf(page, "工作单位").innerText(), "工作单位 为必填项");
  // 申报专业 (1–3 from the catalog) is required since 基本信息 v5: an expert reached the pool with none.
  assert.match(await errorOf(page, "申报专业").innerText(), "申报专业 为必填项");
  assert.is(await errorOf(page, "手机号").count(), 0);
  assert.is(await page.evaluate(() => document.activeElement?.id), "f-expert-basic-info_workUnit", "the first field in error has the focus");
  assert.is(currentStep(page), "basic-info");
  await checkA11y(page, "入库申请 step 1 (errors in place)");
  await shot(page, "step1-errors");
});

test("step 1: completes every form (photo, ID image, education, 副高级 title, 8+ years of work, 回避单位 无), 下一步", async () => {
  const { page } = ctx;
  const basic = section(page, "基本信息");
  assert.is(await field(basic, "手机号").inputValue(), person.phone, "kept from the account through 暂存");
  await field(basic, "工作单位").fill("新疆市政工程设计研究院");
  await field(basic, "职务").fill("副总工程师");
  // The batch takes 新增 only (批次管理's 入库类型): the other two are offered greyed out.
  for (const other of ["续聘", "转入"]) assert.ok(await basic.getByRole("radio", { name: other }).isDisabled(), `${other} disabled`);
  await basic.getByRole("radio", { name: "新增" }).check();
  await chooseTreeNode(page, "申报专业", "建筑结构");
  await uploadFile(page, field(basic, "一寸免冠照"), { name: "photo.png", mimeType: "image/png", buffer: png() });
  await uploadFile(page, field(basic, "身份证人像面"), { name: "id.png", mimeType: "image/png", buffer: png() });

  const education = section(page, "教育经历");
  await education.getByRole("button", { name: buttonName("添加") }).click();
  await fillDate(field(education, "开始日期"), "1996-09-01");
  await fillDate(field(education, "结束日期"), "2000-07-01");
  await field(education, "学校").fill("新疆大学");
  await chooseOption(page, field(education, "学历"), "大学本科");

  const titles = section(page, "专业水平/职称");
  await titles.getByRole("button", { name: buttonName("添加") }).click();
  await field(titles, "职称名称").fill("高级工程师");
  await chooseOption(page, field(titles, "级别"), "副高级");

  const work = section(page, "工作经历");
  await work.getByRole("button", { name: buttonName("添加") }).click();
  await fillDate(field(work, "开始日期"), "2010-01-01");
  await field(work, "单位").fill("新疆市政工程设计研究院");
  await field(work, "职务").fill("结构工程师");

  await section(page, "回避单位").getByRole("radio", { name: "无" }).check();
  await checkA11y(page, "入库申请 step 1 (filled)");
  await shot(page, "step1-filled");
  await press(page, "下一步");
  await onStep(page, "pledge", "签署入库承诺书");
});

test("step 2: 下载承诺书 gives a PDF with the expert's name; the signed scan uploads; 下一步", async () => {
  const { page } = ctx;
  await page.getByText("尚未上传").waitFor();
  await press(page, "下一步");
  await notice(page, "请先下载承诺书");
  assert.is(currentStep(page), "pledge", "下一步 waits for the scan");
  const file = await download(page, "下载承诺书");
  assert.ok(pdfText(file).includes(person.name), "the pledge names the expert");
  await page.getByLabel("上传承诺书").setInputFiles({ name: "承诺书签字.pdf", mimeType: "application/pdf", buffer: await pdf() });
  await page.locator(".sign-upload-status").getByText(/^已上传/).waitFor();
  await page.getByRole("button", { name: "重新上传" }).waitFor();
  await page.getByRole("link", { name: /承诺书扫描件/ }).waitFor();
  await checkA11y(page, "入库申请 step 2 (uploaded)");
  await shot(page, "step2");
  await press(page, "下一步");
  await onStep(page, "application-form", "上传申请表");
});

test("step 3: 下载申请表 (a PDF with the name), 上传PDF扫描件, 下一步 to the summary", async () => {
  const { page } = ctx;
  const file = await download(page, "下载申请表");
  assert.ok(pdfText(file).includes(person.name), "the application form shows the name");
  await page.getByLabel("上传PDF扫描件").setInputFiles({ name: "申请表.pdf", mimeType: "application/pdf", buffer: await pdf() });
  await page.locator(".sign-upload-status").getByText(/^已上传/).waitFor();
  await checkA11y(page, "入库申请 step 3 (uploaded)");
  await press(page, "下一步");
  await onStep(page, "submit", "提交");
});

test("step 4: the summary shows what was entered; 提交审核 → 已提交; 撤回 → 草稿", async () => {
  const { page } = ctx;
  await page.getByText("新疆大学").waitFor();
  await page.getByText("高级工程师").waitFor();
  await checkA11y(page, "入库申请 step 4 (summary)");
  await takeAction(page, "提交审核");
  await notice(page, "提交审核成功");
  await page.waitForFunction(() => document.querySelector(".wizard-status")?.textContent?.includes("已提交"));
  await page.locator(".wizard-status").getByText("提交时间").waitFor();
  await page.getByRole("button", { name: buttonName("撤回") }).waitFor();
  assert.is(await page.getByRole("button", { name: buttonName("暂存") }).count(), 0, "nothing to edit once submitted");
  await checkA11y(page, "入库申请 submitted");
  await shot(page, "step4-submitted");
  await takeAction(page, "撤回");
  await notice(page, "撤回成功");
  await page.waitForFunction(() => document.querySelector(".wizard-status")?.textContent?.includes("草稿"));
  await page.getByRole("button", { name: buttonName("提交审核") }).waitFor();
});

test("after 撤回, a change in step 1 makes the signed 申请表 out of date until it is signed again; 提交审核 again", async () => {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "申请步骤" }).getByText("填写基本信息").click();
  await page.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  await field(section(page, "基本信息"), "职务").fill("总工程师");
  await press(page, "下一步");
  await onStep(page, "pledge", "签署入库承诺书");
  await page.locator(".sign-upload-status").getByText(/^已上传/).waitFor(); // the pledge prints name and ID only: still current
  await press(page, "下一步");
  await onStep(page, "application-form", "上传申请表");
  await page.getByText("资料已修改，请重新下载申请表，签字后重新上传").waitFor();
  await press(page, "下一步");
  assert.is(currentStep(page), "application-form", "下一步 waits for a scan of the current data");
  await checkA11y(page, "入库申请 step 3 (stale)");
  await shot(page, "step3-stale");
  // The old printout's scan (not downloaded again) is refused, and the status still says what to do.
  await page.getByLabel("上传PDF扫描件").setInputFiles({ name: "申请表-旧.pdf", mimeType: "application/pdf", buffer: await pdf() });
  await notice(page, "请重新下载申请表");
  await page.locator(".sign-upload-status").getByText("资料已修改，请重新下载申请表，签字后重新上传").waitFor();
  const file = await download(page, "下载申请表");
  assert.ok(pdfText(file).includes("总工程师"), "the new printout has the new 职务");
  await page.getByLabel("上传PDF扫描件").setInputFiles({ name: "申请表-2.pdf", mimeType: "application/pdf", buffer: await pdf() });
  await page.locator(".sign-upload-status").getByText(/^已上传/).waitFor();
  await press(page, "下一步");
  await onStep(page, "submit", "提交");
  await takeAction(page, "提交审核");
  await notice(page, "提交审核成功");
  await page.waitForFunction(() => document.querySelector(".wizard-status")?.textContent?.includes("已提交"));
  await page.locator(".workflow-history").getByText("撤回").waitFor();
});

test("首页 shows the application's state with a link to it; the wizard fits a 390 px phone", async () => {
  const { page } = ctx;
  await visit(page, "/");
  const card = page.locator(".home-application");
  await card.getByText("已提交").waitFor();
  await card.getByRole("link", { name: "查看" }).waitFor();
  await shot(page, "home");
  const phone = await newPage(ctx.browser, { baseURL: ctx.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    await phone.context().addCookies(await page.context().cookies());
    for (const step of ["basic-info", "pledge", "submit"]) {
      await visit(phone, `${ctx.applyUrl}?step=${step}`);
      await phone.locator(".wizard-steps-compact").getByText(/第 \d 步 \/ 共 4 步/).waitFor();
      const width = await phone.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(width <= 390, `${step}: scrollWidth ${width} > 390`);
      if (process.env.SCREENSHOTS) await phone.screenshot({ path: `/tmp/admission-mobile-${step}.png`, fullPage: true });
      await checkA11y(phone, `入库申请 ${step} (mobile)`);
    }
  } finally {
    await closePage(phone);
  }
});

run();
