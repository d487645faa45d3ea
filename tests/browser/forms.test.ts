import "../setup/guard";
// Filling forms like a person: the demo expert completes 基本信息 (select, date, region, a wrong 身份证号
// corrected on the spot, specialties with a 主专业, photo and ID-card uploads with progress and preview),
// saves, reloads and finds it all again; edits a list (工作经历) and 暂存s it; and the form fits a phone.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit, reload } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { png } from "../setup/uploads";
import { cnIdCardCheckChar } from "~/engine/forms/formats";
import { chooseOption, chooseTreeNode, submitPasswordLogin, uploadFile } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, before, run } = browserSuite("browser: schema forms", { sequential: true });
stage(ctx, () => [ctx.page]);

const ID_BODY = "65010219800501001"; // 乌鲁木齐, born 1980-05-01, 17th digit odd: 男
const ID_OK = ID_BODY + cnIdCardCheckChar(ID_BODY);
const ID_WRONG = ID_BODY + (ID_OK.endsWith("1") ? "2" : "1");

before(async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const save = (page: TestPage, label: "暂存" | "保存") => page.getByRole("button", { name: buttonName(label) }).click();
const notice = (page: TestPage, text: string) => page.locator(".form-page .ant-alert").filter({ hasText: text }).waitFor();
/** The in-place error text under the field labelled `label`. */
const errorOf = (page: TestPage, label: string) =>
  page.locator(".ant-form-item:not(:has(.ant-form-item))").filter({ has: field(page, label) }).locator(".ant-form-item-explain-error, .field-hint-error");

test("the demo expert opens 基本信息 (姓名 and 手机号 from the account); 保存 shows what is missing in place", async () => {
  const { page } = ctx;
  await visit(page, "/login");
  await submitPasswordLogin(page, "expert", "Demo@Expert2025");
  await page.waitForURL((u) => u.pathname === "/");
  await visit(page, "/forms/expert-basic-info");
  await page.getByRole("heading", { name: "基本信息" }).waitFor();
  await checkA11y(page, "基本信息 (empty)");
  assert.is(await field(page, "姓名").inputValue(), "张建华");
  assert.is(await field(page, "手机号").inputValue(), "13900000003");
  await save(page, "保存");
  await notice(page, "请按提示修改后再保存");
  assert.match(await errorOf(page, "身份证号").innerText(), "身份证号 为必填项");
  assert.is(await errorOf(page, "姓名").count(), 0, "姓名 came from the account");
  assert.match(await errorOf(page, "一寸免冠照").innerText(), "一寸免冠照 为必填项");
  await checkA11y(page, "基本信息 (errors in place)");
});

test("fills the fields like a person; a wrong 身份证号 is flagged on leaving the field, then corrected", async () => {
  const { page } = ctx;
  await field(page, "姓名").fill("张建华😀");
  await field(page, "姓名").press("Tab");
  await page.getByText("姓名 只能由文字组成").waitFor();
  await field(page, "姓名").fill("张建华");
  await errorOf(page, "姓名").waitFor({ state: "detached", timeout: 2000 }); // goes as soon as it is corrected
  await chooseOption(page, "性别", "男");
  await field(page, "出生日期").click();
  await field(page, "出生日期").fill("1980-05-01");
  await field(page, "出生日期").press("Enter");
  await chooseOption(page, "政治面貌", "群众");
  await field(page, "身份证号").fill(ID_WRONG);
  await field(page, "身份证号").press("Tab");
  await page.getByText("身份证号 校验位不正确").waitFor();
  assert.is(await field(page, "身份证号").getAttribute("aria-invalid"), "true");
  await field(page, "身份证号").fill(ID_OK.toLowerCase());
  assert.is(await field(page, "身份证号").inputValue(), ID_OK, "a trailing x becomes X");
  await field(page, "身份证号").press("Tab");
  await page.getByText("身份证号 校验位不正确").waitFor({ state: "detached" });
  await chooseOption(page, "民族", "汉族");
  await field(page, "通讯地址").fill("乌鲁木齐市天山区解放南路1号");
  await chooseOption(page, "所在地州/城市", "乌鲁木齐市", "乌鲁木齐");
  await field(page, "手机号").fill("13900000003");
  await field(page, "电子邮箱").fill("zhangjh@example.cn");
  await field(page, "工作单位").fill("新疆建筑设计研究院");
  await field(page, "职务").fill("总工程师");
  await page.getByRole("radio", { name: "是" }).check();
  await page.getByRole("radio", { name: "新增" }).check();
  await chooseTreeNode(page, "申报专业", "建筑结构");
  await chooseTreeNode(page, "申报专业", "建筑电气");
  const chosen = page.getByRole("list", { name: "已选专业" });
  assert.is(await chosen.getByRole("listitem").count(), 2);
  assert.ok(await chosen.getByRole("radio", { name: "将建筑结构设为主专业" }).isChecked(), "the first pick is 主专业");
  await chosen.getByRole("radio", { name: "将建筑电气设为主专业" }).check();
  assert.not.ok(await chosen.getByRole("radio", { name: "将建筑结构设为主专业" }).isChecked(), "only one 主专业");
});

test("uploads the photo (progress, then a preview) and the ID-card image", async () => {
  const { page } = ctx;
  // Hold the upload briefly so the progress bar can be seen, as on a slow phone.
  await page.route("**/uploads", async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  const photo = page.locator(".file-widget").filter({ has: field(page, "一寸免冠照") });
  await field(page, "一寸免冠照").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png() });
  await photo.getByRole("progressbar").waitFor();
  await photo.getByRole("img", { name: "一寸免冠照预览" }).waitFor();
  await page.unroute("**/uploads");
  const src = await photo.getByRole("img", { name: "一寸免冠照预览" }).getAttribute("src");
  assert.match(src ?? "", /^\/uploads\/[0-9a-f]{64}$/);
  await uploadFile(page, "身份证人像面", { name: "id-front.png", mimeType: "image/png", buffer: png() });
  await page.locator(".file-widget").filter({ has: field(page, "身份证人像面") }).getByRole("img", { name: "身份证人像面预览" }).waitFor();
  // A file too large is refused in the browser, in Chinese, before any upload.
  await field(page, "身份证人像面").setInputFiles({ name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
  await page.getByText("文件不能超过10MB，请压缩后重新上传").waitFor();
  await checkA11y(page, "基本信息 (filled)");
});

test("保存 says 已保存; after a reload the data and the photo preview are back", async () => {
  const { page } = ctx;
  await save(page, "保存");
  await notice(page, "已保存");
  await page.locator(".form-page-meta").getByText("已完成").waitFor();
  await reload(page);
  await page.getByRole("heading", { name: "基本信息" }).waitFor();
  assert.is(await field(page, "姓名").inputValue(), "张建华");
  assert.is(await field(page, "身份证号").inputValue(), ID_OK);
  assert.is(await field(page, "出生日期").inputValue(), "1980-05-01");
  assert.ok(await page.getByText("乌鲁木齐市").first().isVisible());
  const chosen = page.getByRole("list", { name: "已选专业" });
  assert.ok(await chosen.getByRole("radio", { name: "将建筑电气设为主专业" }).isChecked());
  const img = page.getByRole("img", { name: "一寸免冠照预览" });
  await img.waitFor();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
  await page.locator(".form-page-meta").getByText("最后保存").waitFor();
  await checkA11y(page, "基本信息 (reloaded)");
});

test("a list (工作经历): add two rows, remove the first, 暂存, reload", async () => {
  const { page } = ctx;
  await visit(page, "/forms/expert-work-history");
  await page.getByRole("heading", { name: "工作经历" }).first().waitFor();
  await checkA11y(page, "工作经历 (empty)");
  // The form is this one list: its title is the page's heading, and the list does not say it again on screen.
  const visibleTitles = await page.locator(".form-page").getByText("工作经历", { exact: true }).evaluateAll((els) => els.filter((e) => !e.closest(".visually-hidden")).length);
  assert.is(visibleTitles, 1, "工作经历 shown once");
  const add = page.getByRole("button", { name: buttonName("添加") });
  await add.click();
  await field(page, "单位").nth(0).fill("乌鲁木齐市政设计院");
  await add.click();
  await field(page, "单位").nth(1).fill("新疆建筑设计研究院");
  await field(page, "职务").nth(1).fill("总工程师");
  await field(page, "开始日期").nth(1).fill("2005-07-01");
  await field(page, "开始日期").nth(1).press("Enter");
  assert.is(await page.locator(".list-item").count(), 2);
  await checkA11y(page, "工作经历 (two rows)");
  // Typing stops at the schema's maxLength (职务 50, 工作内容 500 code points; 𠮷 is one), so 暂存 is
  // never refused for a length the input allowed.
  await field(page, "职务").nth(0).fill("项目负责人".repeat(12));
  assert.is(Array.from(await field(page, "职务").nth(0).inputValue()).length, 50);
  await field(page, "工作内容").nth(0).fill("𠮷".repeat(520));
  assert.is(Array.from(await field(page, "工作内容").nth(0).inputValue()).length, 500);
  await page.locator(".list-item").nth(0).getByText("500 / 500").waitFor();
  // A row added and left empty is refused on 保存 by its number, and 暂存 keeps it.
  await add.click();
  await save(page, "保存");
  await notice(page, "请按提示修改后再保存");
  await page.locator(".list-item").nth(2).getByText("工作经历 第3项 未填写任何内容，请填写或删除该项").waitFor();
  await page.locator(".list-item").nth(2).getByRole("button", { name: buttonName("删除") }).click();
  await page.locator(".list-item").nth(0).getByRole("button", { name: buttonName("删除") }).click();
  assert.is(await page.locator(".list-item").count(), 1);
  await save(page, "暂存");
  await notice(page, "已暂存");
  await page.locator(".form-page-meta").getByText("草稿").waitFor();
  await reload(page);
  await page.locator(".list-item").first().waitFor();
  assert.is(await page.locator(".list-item").count(), 1);
  assert.is(await field(page, "单位").inputValue(), "新疆建筑设计研究院");
  assert.is(await field(page, "职务").inputValue(), "总工程师");
  assert.is(await field(page, "开始日期").inputValue(), "2005-07-01");
  await checkA11y(page, "工作经历 (reloaded)");
});

test("基本信息 fits a 390 px phone screen", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    await page.context().addCookies(await ctx.page.context().cookies());
    await visit(page, "/forms/expert-basic-info");
    await page.getByRole("img", { name: "一寸免冠照预览" }).waitFor();
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(width <= 390, `scrollWidth ${width} > 390`);
    // One column: 姓名 and 性别 are stacked, not side by side.
    const a = await field(page, "姓名").boundingBox();
    const b = await field(page, "性别").boundingBox();
    assert.ok(a && b && b.y > a.y + a.height, "fields stack in one column");
    if (process.env.SCREENSHOTS) await page.screenshot({ path: "/tmp/forms-mobile.png", fullPage: true });
    await checkA11y(page, "基本信息 (mobile)");
  } finally {
    await closePage(page);
  }
});

run();
