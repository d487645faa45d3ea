import "../setup/guard";
// 审核 (issue 6, acceptance 1): an expert of 乌鲁木齐市 submits; the demo reviewer (乌鲁木齐市) finds it
// under 待审核, opens it, 开始审核, 退回修改 with a comment; the expert reads the comment, edits, signs the
// stale 申请表 again and resubmits; the reviewer 开始审核 and 通过, the expert's page shows the 专家编号;
// 批量通过 approves a second application from the list; a reviewer of 克拉玛依市 never sees either
// (empty inbox, 404 on the task). Step 1 and the signatures of the first submission go through the
// actions over HTTP to keep it fast; everything the issue names is done in the UI.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { pdf } from "../setup/uploads";
import { createAccount, download, fillBasicInfoByRequest, passwordLogin, postAction, section, signByRequest, startApplication, takeAction } from "./flows";
import type { Person } from "./flows";

const REVIEWER = { username: "reviewer", password: "Demo@Review2025", name: "审核员（乌鲁木齐市）" };
const COMMENT = "工作单位职务填写不完整，请补充后重新提交。";

const ctx = {} as {
  server: TestServer; browser: Browser; expert: TestPage; reviewer: TestPage;
  person: Person; appId: number; idCard: string; expertNumber: string; secondId: number; secondName: string;
};
const { test, stage, before, run } = browserSuite("browser: review inbox and task", { sequential: true });
stage(ctx, () => [ctx.expert, ctx.reviewer]);

before(async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.reviewer = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const press = (page: TestPage, label: string) => page.getByRole("button", { name: buttonName(label) }).click();
/** Waits for an antd alert (the answer of an action) with this text inside `scope`. */
const notice = (page: TestPage, scope: string, text: string) => page.locator(`${scope} .ant-alert`).filter({ hasText: text }).first().waitFor();
const taskState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".task-facts")?.textContent?.includes(`状态${t}`), title);
const wizardState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".wizard-status")?.textContent?.includes(t), title);
/** SCREENSHOTS=1 keeps a full-page picture of each screen in /tmp, to look at. */
const shot = async (page: TestPage, name: string) => {
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/review-${name}.png`, fullPage: true });
};
const inboxRow = (page: TestPage, name: string) => page.getByRole("region", { name: "审核列表" }).getByRole("row").filter({ hasText: name });
const tab = (page: TestPage, title: string) =>
  page.getByRole("navigation", { name: "审核状态" }).getByRole("link", { name: new RegExp(`^${title}（\\d+）$`) });

test("an expert of 乌鲁木齐市 fills in and submits 入库申请 (提交审核 in the wizard)", async () => {
  const { expert } = ctx;
  const u = uniqueUser("rev");
  ctx.person = await createAccount("expert", { ...u, name: "李振华" });
  await passwordLogin(expert, ctx.person.username, ctx.person.password, ctx.person.name);
  ctx.appId = await startApplication(expert);
  ctx.idCard = await fillBasicInfoByRequest(expert, ctx.appId, { name: ctx.person.name, region: "乌鲁木齐市" });
  await signByRequest(expert, ctx.appId, "pledge", "pledge");
  await signByRequest(expert, ctx.appId, "application-form", "application-form");
  await visit(expert, `/apply/${ctx.appId}?step=submit`);
  await takeAction(expert, "提交审核");
  await notice(expert, ".wizard", "提交审核成功");
  await wizardState(expert, "已提交");
});

test("the 乌鲁木齐市 reviewer sees it under 待审核 with the manual's columns, and filters keep to the URL", async () => {
  const { reviewer } = ctx;
  await passwordLogin(reviewer, REVIEWER.username, REVIEWER.password, REVIEWER.name);
  await reviewer.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审核" }).click();
  await reviewer.getByRole("heading", { name: "审核", level: 3 }).waitFor();
  assert.is(await tab(reviewer, "待审核").getAttribute("aria-current"), "page");
  const headers = await reviewer.getByRole("region", { name: "审核列表" }).getByRole("columnheader").allInnerTexts();
  assert.equal(headers.map((h) => h.trim()), ["序号", "申请人", "类型", "批次", "地州", "专业", "提交时间", "状态", "操作"]);
  const row = inboxRow(reviewer, ctx.person.name);
  await row.waitFor();
  for (const text of ["专家入库申请", "2025年第一批", "乌鲁木齐市", "已提交"]) assert.match(await row.innerText(), text);
  await reviewer.getByText(/共 \d+ 条/).waitFor();
  await checkA11y(reviewer, "审核 待审核");
  await shot(reviewer, "inbox");

  // A keyword that matches nobody empties the list; 重置 brings it back; both are in the URL.
  await field(reviewer, "关键字").fill("不存在的人");
  await press(reviewer, "查询");
  await reviewer.waitForURL((u) => u.searchParams.get("q") === "不存在的人");
  await reviewer.getByText("暂无待审核的申请").waitFor();
  await reviewer.goBack();
  await reviewer.waitForURL((u) => !u.searchParams.has("q"));
  await inboxRow(reviewer, ctx.person.name).waitFor();
  await field(reviewer, "关键字").fill(ctx.person.name);
  await press(reviewer, "查询");
  await reviewer.waitForURL((u) => u.searchParams.get("q") === ctx.person.name);
  await inboxRow(reviewer, ctx.person.name).waitFor();
  await press(reviewer, "重置");
  await reviewer.waitForURL((u) => !u.searchParams.has("q"));
  await reviewer.waitForFunction(() => (document.getElementById("q-keyword") as HTMLInputElement | null)?.value === "");
  await inboxRow(reviewer, ctx.person.name).waitFor();
});

test("the task page shows the forms read-only, the photo and the signed PDFs; 开始审核, then 退回修改 needs a comment", async () => {
  const { reviewer } = ctx;
  await inboxRow(reviewer, ctx.person.name).getByRole("link", { name: /审核/ }).click();
  await reviewer.waitForURL((u) => u.pathname === `/review/${ctx.appId}`);
  await reviewer.getByRole("heading", { name: `专家入库申请审核：${ctx.person.name}` }).waitFor();
  const facts = await reviewer.locator(".task-facts").innerText();
  for (const text of ["乌鲁木齐市", "2025年第一批", "已提交"]) assert.match(facts, text);
  assert.match(facts, /SQ\d{10}/);
  const basic = reviewer.getByRole("region", { name: /基本信息/ });
  await basic.getByText(ctx.idCard).waitFor(); // the full ID number, on this page only
  await basic.getByRole("img", { name: "一寸免冠照预览" }).waitFor();
  const scans = reviewer.getByRole("region", { name: "签署材料" });
  // Each link names its document (承诺书, 申请表), not the step that asked for it (签署…, 上传…).
  const pledge = scans.getByRole("link", { name: "查看承诺书扫描件（PDF）" });
  assert.match((await pledge.getAttribute("href")) ?? "", /^\/uploads\/[0-9a-f]{64}$/);
  await scans.getByRole("link", { name: "查看申请表扫描件（PDF）" }).waitFor();
  assert.is((await reviewer.request.get((await pledge.getAttribute("href"))!)).headers()["content-type"], "application/pdf");
  assert.is(await reviewer.getByRole("button", { name: buttonName("通过") }).count(), 0, "通过 comes after 开始审核");
  await checkA11y(reviewer, "审核详情 (已提交)");
  await shot(reviewer, "task");

  await takeAction(reviewer, "开始审核");
  await notice(reviewer, ".task-actions", "开始审核成功");
  await taskState(reviewer, "审核中");
  await reviewer.locator(".workflow-history").getByText("开始审核").waitFor();

  await press(reviewer, "退回修改");
  const dialog = reviewer.getByRole("dialog", { name: "退回修改" });
  await dialog.waitFor();
  // Under load a click can land while the dialog is still opening: press 确定 again until it answers.
  const needComment = dialog.getByRole("alert").filter({ hasText: "请填写审核意见" });
  for (let i = 0; i < 3 && !(await needComment.isVisible()); i++) {
    await dialog.getByRole("button", { name: buttonName("确定") }).click();
    await needComment.waitFor({ timeout: 4000 }).catch(() => {});
  }
  await needComment.waitFor();
  await checkA11y(reviewer, "退回修改 dialog");
  await field(dialog, "审核意见").fill(COMMENT);
  await dialog.getByRole("button", { name: buttonName("确定") }).click();
  await notice(reviewer, ".task-actions", "退回修改成功");
  await taskState(reviewer, "已退回");
  await reviewer.locator(".workflow-history").getByText(`意见：${COMMENT}`).waitFor();
  await reviewer.getByText("无需审核操作").waitFor();
});

test("the expert sees the 审核意见, edits 职务, signs the stale 申请表 again and resubmits", async () => {
  const { expert } = ctx;
  await visit(expert, `/apply/${ctx.appId}`);
  await expert.locator(".wizard-return").getByText(`审核意见：${COMMENT}`).waitFor();
  await wizardState(expert, "已退回");
  await checkA11y(expert, "入库申请 (已退回)");
  await shot(expert, "returned");
  // Returned with every step done, it opens on the first step, not on 提交 (which invites resubmitting unchanged).
  await expert.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  await expert.locator(".wizard-return").getByText("请按审核意见修改后重新提交").waitFor();
  await field(section(expert, "基本信息"), "职务").fill("总工程师、技术负责人");
  await press(expert, "下一步");
  await expert.getByRole("heading", { name: "签署入库承诺书", level: 4 }).waitFor();
  await press(expert, "下一步");
  await expert.getByRole("heading", { name: "上传申请表", level: 4 }).waitFor();
  await expert.getByText("资料已修改，请重新下载申请表，签字后重新上传").waitFor();
  await download(expert, "下载申请表");
  await expert.getByLabel("上传PDF扫描件").setInputFiles({ name: "申请表-重签.pdf", mimeType: "application/pdf", buffer: await pdf() });
  await expert.locator(".sign-upload-status").getByText(/^已上传/).waitFor();
  await press(expert, "下一步");
  await expert.getByRole("heading", { name: "提交", level: 4 }).waitFor();
  await takeAction(expert, "提交审核");
  await notice(expert, ".wizard", "提交审核成功");
  await wizardState(expert, "已提交");
});

test("the reviewer 开始审核 and 通过: a 专家编号 from the batch's format, shown to the expert too", async () => {
  const { reviewer, expert } = ctx;
  await visit(reviewer, "/review");
  await inboxRow(reviewer, ctx.person.name).getByRole("link", { name: /审核/ }).click();
  await reviewer.waitForURL((u) => u.pathname === `/review/${ctx.appId}`);
  await hydratedTask(reviewer);
  await reviewer.getByRole("region", { name: /基本信息/ }).getByText("总工程师、技术负责人").waitFor();
  await takeAction(reviewer, "开始审核");
  await notice(reviewer, ".task-actions", "开始审核成功");
  await taskState(reviewer, "审核中");
  await takeAction(reviewer, "通过");
  await notice(reviewer, ".task-actions", "通过成功");
  await taskState(reviewer, "审核通过");
  const facts = await reviewer.locator(".task-facts").innerText();
  ctx.expertNumber = /专家编号[：:\s]*(XJ\d{8})/.exec(facts)?.[1] ?? "";
  assert.match(ctx.expertNumber, /^XJ\d{4}\d{4}$/, facts);
  await checkA11y(reviewer, "审核详情 (审核通过)");
  await shot(reviewer, "approved");

  await visit(expert, `/apply/${ctx.appId}`);
  await wizardState(expert, "审核通过");
  assert.match(await expert.locator(".wizard-status").innerText(), ctx.expertNumber);
  await checkA11y(expert, "入库申请 (审核通过)");
});

test("批量通过 on 审核中 approves a second application from the list (with a confirm)", async () => {
  const { reviewer } = ctx;
  // A second expert's application, made and claimed over HTTP: this step is about the list.
  const other = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    const p = await createAccount("expert", { ...uniqueUser("rev"), name: "赵文静" });
    ctx.secondName = p.name;
    await passwordLogin(other, p.username, p.password, p.name);
    ctx.secondId = await startApplication(other);
    await fillBasicInfoByRequest(other, ctx.secondId, { name: p.name, region: "乌鲁木齐市" });
    await signByRequest(other, ctx.secondId, "pledge", "pledge");
    await signByRequest(other, ctx.secondId, "application-form", "application-form");
    const rv = async () => String((await ctx.server.db("workflow_instances").where({ id: ctx.secondId }).first("row_version")).row_version);
    const submitted = await postAction(other, `/apply/${ctx.secondId}`, "routes/_app.apply.$id", { intent: "transition", event: "submit", rowVersion: await rv() });
    assert.is(submitted.status, 200, submitted.body.message);
  } finally {
    await closePage(other);
  }
  await visit(reviewer, `/review/${ctx.secondId}`);
  await takeAction(reviewer, "开始审核");
  await notice(reviewer, ".task-actions", "开始审核成功");

  await visit(reviewer, "/review?status=reviewing");
  assert.is(await tab(reviewer, "审核中").getAttribute("aria-current"), "page");
  const row = inboxRow(reviewer, ctx.secondName);
  await row.getByRole("checkbox", { name: `选择${ctx.secondName}` }).check();
  await reviewer.getByText("已选择 1 条").waitFor();
  await checkA11y(reviewer, "审核 审核中 (selected)");
  await shot(reviewer, "bulk");
  await press(reviewer, "批量通过");
  const dialog = reviewer.getByRole("dialog", { name: "确认通过选中的 1 条申请？" });
  await dialog.getByRole("button", { name: buttonName("确定") }).click();
  await reviewer.getByRole("status").filter({ hasText: "已通过 1 条" }).waitFor();
  await row.waitFor({ state: "detached" });
  await tab(reviewer, "已通过").click();
  await reviewer.waitForURL((u) => u.searchParams.get("status") === "approved");
  for (const name of [ctx.person.name, ctx.secondName]) await inboxRow(reviewer, name).getByRole("link", { name: /查看/ }).waitFor();
  await reviewer.goBack();
  await reviewer.waitForURL((u) => u.searchParams.get("status") === "reviewing");
  const numbers = await ctx.server.db("workflow_instances").whereIn("id", [ctx.appId, ctx.secondId]).pluck("number");
  assert.is(new Set(numbers).size, 2, `distinct 专家编号: ${numbers}`);
  await checkA11y(reviewer, "审核 已通过");
});

test("a reviewer of 克拉玛依市 never sees them: empty tabs, 404 on the task and its data", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    const p = await createAccount("reviewer", { ...uniqueUser("rkl"), name: "审核员克拉玛依" }, [{ region: "克拉玛依市", batchId: null }]);
    await passwordLogin(page, p.username, p.password, p.name);
    for (const status of ["submitted", "reviewing", "approved", "returned"]) {
      await visit(page, `/review?status=${status}`);
      await page.getByRole("region", { name: "审核列表" }).waitFor();
      assert.is(await page.getByText(ctx.person.name).count(), 0, status);
      assert.is(await page.getByText(ctx.secondName).count(), 0, status);
    }
    for (const t of ["待审核", "审核中", "已通过", "已退回"]) assert.match(await tab(page, t).innerText(), "（0）");
    await page.getByText("暂无已退回的申请").waitFor();
    await checkA11y(page, "审核 (another region, empty)");
    await shot(page, "other-region");
    for (const id of [ctx.appId, ctx.secondId]) {
      assert.is((await page.request.get(`/review/${id}`)).status(), 404);
      assert.is((await page.request.get(`/review/${id}?_data=${encodeURIComponent("routes/_app.review.$id")}`)).status(), 404);
    }
    const taken = await postAction(page, `/review/${ctx.appId}`, "routes/_app.review.$id", { intent: "transition", event: "return", comment: "x" });
    assert.is(taken.status, 404);
  } finally {
    await closePage(page);
  }
});

test("on a 390 px phone the inbox table scrolls in its region and the task page fits", async () => {
  const phone = await newPage(ctx.browser, { baseURL: ctx.server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    await phone.context().addCookies(await ctx.reviewer.context().cookies());
    for (const path of ["/review?status=approved", `/review/${ctx.appId}`]) {
      await visit(phone, path);
      const width = await phone.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(width <= 390, `${path}: scrollWidth ${width} > 390`);
      await checkA11y(phone, `${path} (mobile)`);
      await shot(phone, path.includes("status") ? "mobile-inbox" : "mobile-task");
      if (process.env.SCREENSHOTS && !path.includes("status")) {
        await phone.screenshot({ path: "/tmp/review-mobile-task-top.png" });
        await phone.locator(".task-actions").scrollIntoViewIfNeeded();
        await phone.screenshot({ path: "/tmp/review-mobile-task-actions.png" });
      }
    }
  } finally {
    await closePage(phone);
  }
});

/** The task page after a full load: hydrated and showing its actions. */
async function hydratedTask(page: TestPage) {
  await page.getByRole("heading", { name: /专家入库申请审核/ }).waitFor();
  await page.locator(".task-actions").waitFor();
}

run();
