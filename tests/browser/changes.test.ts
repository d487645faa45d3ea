import "../setup/guard";
// Issue 18, acceptance 1, as people do it: an expert who passed training and exam opens 个人信息变更, files
// 【异动申请】 (new 评标地州, reason, an attachment) after seeing the difference; the current region's reviewer
// returns it with a comment; the expert edits and resubmits; the current region agrees (同意调出) and the
// receiving region approves. Then each 【修改】: 工作单位, 专业 (one added, 主专业 moved), 回避单位 (one added
// with its 统一社会信用代码). Afterwards the page, the roster export and the reviewers' scope follow the
// record, and the history page shows old and new values with dates. The admission is filled over HTTP.
import fs from "node:fs";
import * as assert from "uvu/assert";
import { usccCheckChar } from "~/engine/forms/formats";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { certifiedExpert } from "../setup/certificate";
import { pdf } from "../setup/uploads";
import { uniqueUser, type TestServer } from "../setup/server";
import { admittedByRequest, chooseOption, chooseTreeNode, createAccount, download, passwordLogin, passwordLoginWithoutScripts, takeAction, uploadFile } from "./flows";

const HOME = "和田地区";
const TARGET = "伊犁哈萨克自治州";
const COMMENT = "请补充新单位的劳动合同";
const USCC_BODY = "91650100MA77XJ8E3";
const USCC = USCC_BODY + usccCheckChar(USCC_BODY);

const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; home: TestPage; target: TestPage; name: string; number: string; transferId: number; recordId: number; login: { username: string; password: string } };
const { test, stage, run } = browserSuite("browser: 个人信息变更", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert, ctx.home, ctx.target]);

const press = (page: TestPage, label: string) => page.getByRole("button", { name: buttonName(label) }).click();
const wizardState = (page: TestPage, title: string) => page.locator(".wizard-status .ant-tag").filter({ hasText: title }).waitFor();
const taskState = (page: TestPage, title: string) => page.locator(".task-facts .ant-tag").filter({ hasText: title }).waitFor();
const panelRow = (page: TestPage, label: string) => page.locator(".step-panel-table tbody tr").filter({ hasText: label });
/** SCREENSHOTS=1 keeps pictures of each screen at 1280 and 390 px in /tmp, to look at. */
async function shots(page: TestPage, name: string) {
  if (!process.env.SCREENSHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `/tmp/changes-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
async function onStep(page: TestPage, key: string, title: string) {
  await page.waitForURL((u) => u.searchParams.get("step") === key, { waitUntil: "commit" });
  await page.getByRole("heading", { name: title, level: 4 }).waitFor();
}
/** From 个人信息变更, the button beside a field starts its request: the wizard's first step. */
async function startFrom(page: TestPage, button: string, title: string) {
  await visit(page, "/changes");
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL((u) => /^\/apply\/\d+$/.test(u.pathname));
  await page.getByRole("heading", { name: title, level: 3 }).waitFor();
  return Number(new URL(page.url()).pathname.split("/").pop());
}
/** 下一步 to 核对并提交, the difference as rows, 提交审核. */
async function reviewAndSubmit(page: TestPage, rows: [string, string, string][], state: string) {
  await press(page, "下一步");
  await onStep(page, "review", "核对并提交");
  for (const [label, before, after] of rows) {
    const row = panelRow(page, label);
    await row.waitFor();
    assert.equal((await row.locator("td").allInnerTexts()).map((s) => s.trim()), [label, before, after]);
  }
  await takeAction(page, "提交审核");
  await wizardState(page, state);
}
/** A reviewer opens the task from the inbox (类型 selected: the difference is the 变更内容 column) and approves it. */
async function approveFromInbox(page: TestPage, type: string, summary: string, event = "通过", tab?: string) {
  await visit(page, `/review?type=${type}`);
  if (tab) {
    await page.getByRole("navigation", { name: "审核状态" }).getByRole("link", { name: new RegExp(`^${tab}（\\d+）$`) }).click();
    await page.waitForURL((u) => u.searchParams.has("status"));
  }
  const row = page.getByRole("region", { name: "审核列表" }).getByRole("row").filter({ hasText: ctx.name });
  await row.getByText(summary).waitFor().catch(async (e) => {
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `/tmp/changes-failed-inbox.png`, fullPage: true });
    throw e;
  });
  await row.getByRole("link", { name: /审核/ }).click();
  await page.waitForURL((u) => /^\/review\/\d+$/.test(u.pathname));
  await page.locator(".step-panel").waitFor();
  await takeAction(page, event);
  await page.locator(".task-actions .ant-alert, .ant-alert").filter({ hasText: `${event}成功` }).first().waitFor().catch(async () => {
    // The last step of a reviewer's scope sends them back to the inbox with the notice there.
    await page.waitForURL((u) => u.pathname === "/review");
  });
}

test("an expert is admitted (filled over HTTP) and passes training and exam", async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.admin, "admin", "Demo@Admin2025", "系统管理员");
  const person = await createAccount("expert", { ...uniqueUser("chg"), name: "变更专家" });
  ctx.name = person.name;
  ctx.login = { username: person.username, password: person.password };
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.expert, person.username, person.password, person.name);
  await admittedByRequest(ctx.expert, ctx.admin, ctx.server.db, { name: person.name, region: HOME });
  await certifiedExpert(ctx.server.db, person.id);
  const rec = await ctx.server.db("experts").where({ user_id: person.id }).first();
  [ctx.recordId, ctx.number] = [rec.id, rec.number];
  for (const [key, region] of [["home", HOME], ["target", TARGET]] as const) {
    const who = await createAccount("reviewer", { ...uniqueUser("rv"), name: `${region}审核员` }, [{ region, batchId: null }]);
    ctx[key] = await newPage(ctx.browser, { baseURL: ctx.server.url });
    await passwordLogin(ctx[key], who.username, who.password, who.name);
  }
});

test("个人信息变更 shows the record; 【异动申请】 shows the difference before 提交审核", async () => {
  const page = ctx.expert;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "个人信息变更", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/changes");
  await page.locator(".changes-region").getByText(HOME).waitFor();
  await page.getByRole("button", { name: "下载个人信息表" }).or(page.getByRole("link", { name: "下载个人信息表" })).first().waitFor();
  await checkA11y(page, "个人信息变更");
  await shots(page, "page");
  ctx.transferId = await startFrom(page, "异动申请评标地州", "评标地州异动申请");
  // At /apply/:id, but a 个人信息变更: the menu says so (it used to light 入库申请).
  const current = page.getByRole("navigation", { name: "主导航" }).locator(".ant-menu-item-selected");
  await current.filter({ hasText: "个人信息变更" }).waitFor();
  assert.is(await current.count(), 1);
  // Not numbered until saved.
  await page.locator(".wizard-status").getByText("保存后生成").waitFor();
  // The region the expert is in already is offered greyed out, saying why (the form check refuses it).
  const picker = field(page, "新评标地州");
  await picker.click();
  await picker.fill("和田");
  await page.locator(`.ant-select-item-option-disabled[title="${HOME}（当前所在地州）"]`).waitFor();
  await shots(page, "transfer-region-disabled");
  await page.keyboard.press("Escape");
  await chooseOption(page, "新评标地州", TARGET, "伊犁");
  await field(page, "异动原因").fill("工作单位迁至伊宁市");
  await page.getByRole("button", { name: buttonName("添加") }).click();
  await uploadFile(page, "文件", { name: "调动证明.pdf", mimeType: "application/pdf", buffer: await pdf("transfer") });
  await checkA11y(page, "异动申请 (filled)");
  await shots(page, "transfer-form");
  await press(page, "下一步");
  await onStep(page, "review", "核对并提交");
  // Besides the difference, the request as it will be sent: the reason and the attachment.
  const filled = page.locator(".wizard-form").filter({ has: page.getByRole("heading", { name: "评标地州异动申请", level: 5 }) });
  await filled.getByText("工作单位迁至伊宁市").waitFor();
  // The attachment says which file it is (it used to say only 查看文件).
  await filled.getByRole("link", { name: "查看文件（PDF）：调动证明.pdf" }).waitFor();
  await checkA11y(page, "核对并提交");
  await shots(page, "transfer-diff");
  await reviewAndSubmitAfterStep(page);
});

/** On 核对并提交 already: the one row, then 提交审核. */
async function reviewAndSubmitAfterStep(page: TestPage) {
  assert.equal((await panelRow(page, "评标地州").locator("td").allInnerTexts()).map((s) => s.trim()), ["评标地州", HOME, TARGET]);
  await takeAction(page, "提交审核");
  await wizardState(page, "转出地州审核");
}

test("the current region's reviewer sees the difference and returns it with a comment", async () => {
  const page = ctx.home;
  await visit(page, `/review/${ctx.transferId}`);
  await taskState(page, "转出地州审核");
  assert.equal((await panelRow(page, "评标地州").locator("td").allInnerTexts()).map((s) => s.trim()), ["评标地州", HOME, TARGET]);
  await checkA11y(page, "异动申请审核");
  await shots(page, "task");
  await press(page, "退回修改");
  const dialog = page.getByRole("dialog", { name: "退回修改" });
  await dialog.waitFor();
  await field(dialog, "审核意见").fill(COMMENT);
  await dialog.getByRole("button", { name: buttonName("确定") }).click();
  await taskState(page, "已退回");
  // Back with the applicant: the reviewer is told whose content this is, not asked to 提交审核.
  await page.locator(".step-panel-notice").getByText("以下为申请人填写的变更内容（与当前专家库记录相比），申请人尚未重新提交。").waitFor();
  assert.is(await page.getByText("确认无误后提交审核").count(), 0);
  await shots(page, "task-returned");
});

test("the expert reads the comment, edits the reason and resubmits", async () => {
  const page = ctx.expert;
  await visit(page, `/apply/${ctx.transferId}`);
  await page.locator(".wizard-return").getByText(`审核意见：${COMMENT}`).waitFor();
  // Returned, it opens on its first step: the comment asks for a change.
  await page.getByRole("heading", { name: "填写异动申请", level: 4 }).waitFor();
  await field(page, "异动原因").fill("工作单位迁至伊宁市，已补充劳动合同");
  await reviewAndSubmit(page, [["评标地州", HOME, TARGET]], "转出地州审核");
});

test("同意调出 by the current region, 通过 by the receiving region: the record moves", async () => {
  await approveFromInbox(ctx.home, "region-transfer", `评标地州：${HOME} → ${TARGET}`, "同意调出");
  // The outgoing reviewer stays on it, now read-only at 转入地州审核, and finds it again under 已转出.
  await taskState(ctx.home, "转入地州审核");
  await ctx.home.locator(".task-no-action").filter({ hasText: "无需审核操作" }).waitFor();
  await visit(ctx.home, "/review");
  await ctx.home.getByRole("navigation", { name: "审核状态" }).getByRole("link", { name: "已转出（1）" }).click();
  await ctx.home.waitForURL((u) => u.searchParams.get("status") === "forwarded-elsewhere");
  const row = ctx.home.getByRole("region", { name: "审核列表" }).getByRole("row").filter({ hasText: ctx.name });
  await row.getByText("转入地州审核").waitFor();
  await row.getByRole("link", { name: /^查看/ }).waitFor();
  if (process.env.SCREENSHOTS) await ctx.home.screenshot({ path: "/tmp/inbox-forwarded-1366.png", fullPage: true });
  // On a phone the eight tabs wrap as wholes: no name is broken over two lines (转出地州审核（0）), none sticks out.
  await ctx.home.setViewportSize({ width: 390, height: 844 });
  await ctx.home.waitForFunction(() => {
    const links = [...document.querySelectorAll<HTMLElement>(".inbox-tabs a")];
    const nav = document.querySelector(".inbox-tabs")!.getBoundingClientRect();
    // (No named helper here: the test runner's transform would name it with a function the page lacks.)
    return links.length === 8 && links.every((a) => {
      const range = document.createRange();
      range.selectNodeContents(a);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      return lines === 1 && a.getBoundingClientRect().right <= nav.right + 0.5;
    });
  });
  if (process.env.SCREENSHOTS) await ctx.home.screenshot({ path: "/tmp/inbox-forwarded-390.png", fullPage: true });
  await ctx.home.setViewportSize({ width: 1366, height: 768 });
  await approveFromInbox(ctx.target, "region-transfer", `评标地州：${HOME} → ${TARGET}`, "通过", "转入地州审核");
  await visit(ctx.expert, "/changes");
  await ctx.expert.locator(".changes-region").getByText(TARGET).waitFor();
});

test("【修改】 工作单位", async () => {
  const page = ctx.expert;
  await startFrom(page, "修改工作单位", "工作单位变更申请");
  await field(page, "新工作单位").fill("伊犁州建筑设计研究院");
  await reviewAndSubmit(page, [["工作单位", "新疆某建筑设计研究院有限公司", "伊犁州建筑设计研究院"]], "待审核");
  await approveFromInbox(ctx.target, "record-work-unit", "伊犁州建筑设计研究院");
});

test("【修改】 专业: one added and made 主专业", async () => {
  const page = ctx.expert;
  await startFrom(page, "修改专业", "申报专业变更申请");
  const chosen = page.getByRole("list", { name: "已选专业" });
  const before = (await chosen.getByRole("listitem").allInnerTexts()).map((s) => s.trim());
  await chooseTreeNode(page, "变更后的申报专业", "建筑电气");
  await chosen.getByRole("radio", { name: "将建筑电气设为主专业" }).check();
  assert.ok(before.length >= 1);
  await reviewAndSubmit(page, [["增加专业", "—", "建筑电气"]], "待审核");
  await panelRow(page, "主专业").getByText("建筑电气").waitFor();
  await approveFromInbox(ctx.target, "record-specialties", "增加专业：— → 建筑电气");
});

test("【修改】 回避单位: one added with its 统一社会信用代码 (a wrong one is refused in place)", async () => {
  const page = ctx.expert;
  await startFrom(page, "修改回避单位", "回避单位变更申请");
  await page.getByRole("radio", { name: "有" }).check();
  // The record's unit is there (prefilled): add one, remove the old one.
  await field(page, "单位名称").first().waitFor();
  await page.getByRole("button", { name: buttonName("添加") }).click();
  await field(page, "单位名称").last().fill("伊犁某建设集团有限公司");
  await field(page, "统一社会信用代码").last().fill(`${USCC_BODY}A`);
  await field(page, "回避原因").last().fill("近三年曾在该单位任职");
  await press(page, "下一步");
  await page.locator(".ant-form-item-explain-error").filter({ hasText: "统一社会信用代码" }).first().waitFor();
  await field(page, "统一社会信用代码").last().fill(USCC);
  await page.locator(".list-item").first().getByRole("button", { name: buttonName("删除") }).click();
  await reviewAndSubmit(page, [["回避单位（增加）", "—", `伊犁某建设集团有限公司（${USCC}）：近三年曾在该单位任职`]], "待审核");
  await panelRow(page, "回避单位（删除）").getByText("新疆某建设集团").waitFor();
  await approveFromInbox(ctx.target, "record-avoidance", "伊犁某建设集团有限公司");
});

test("【修改】 opened and left leaves nothing; a 2nd tab's 【修改】 links to the request saved in the 1st; 撤销申请 from 核对并提交", async () => {
  const page = ctx.expert;
  const id = await startFrom(page, "修改工作单位", "工作单位变更申请");
  // The step is not done before anything was typed and saved.
  assert.is(await page.locator(".wizard-steps").getByText("已完成").count(), 0);
  await visit(page, "/changes");
  await page.getByRole("button", { name: "修改工作单位" }).waitFor();
  assert.is(await page.locator(".changes-requests").getByText("草稿").count(), 0, "an opened, unsaved request is not listed");
  // A second tab shows the page as it is now, with 【修改】.
  const tab2 = await page.context().newPage();
  await tab2.goto("/changes");
  await tab2.getByRole("button", { name: "修改工作单位" }).waitFor();
  // The first tab opens the same request again, and saves it.
  assert.is(await startFrom(page, "修改工作单位", "工作单位变更申请"), id);
  await field(page, "新工作单位").fill("乌鲁木齐某设计院");
  await press(page, "暂存");
  await page.locator(".wizard").getByRole("status").filter({ hasText: "已暂存" }).waitFor(); // the in-page notice (a toast says it too)
  // The second tab's 【修改】 is refused with a link to the open request.
  await tab2.getByRole("button", { name: "修改工作单位" }).click();
  const refused = tab2.locator(".changes-refused");
  await refused.getByText("您已有一份未办结的「工作单位变更申请」").waitFor();
  await refused.getByRole("link", { name: "继续办理该申请" }).click();
  await tab2.waitForURL((u) => u.pathname === `/apply/${id}`);
  await tab2.close();
  await visit(page, "/changes");
  await page.locator(".changes-requests").getByText("草稿").waitFor();
  await page.getByRole("link", { name: "继续办理工作单位变更" }).click();
  await page.waitForURL((u) => /^\/apply\/\d+$/.test(u.pathname));
  await press(page, "下一步");
  await onStep(page, "review", "核对并提交");
  await shots(page, "cancel");
  await takeAction(page, "撤销申请");
  await wizardState(page, "已撤销");
  await shots(page, "cancelled");
  assert.is(await page.getByRole("button", { name: buttonName("提交审核") }).count(), 0, "nothing left to do on it");
  await visit(page, "/changes");
  await page.locator(".changes-requests").getByText("已撤销").waitFor();
  await page.getByRole("button", { name: "修改工作单位" }).waitFor();
});

test("afterwards: the page, the roster export and the reviewers' scope follow the record; the history shows old and new with dates", async () => {
  const page = ctx.expert;
  await visit(page, "/changes");
  await page.locator(".changes-work-unit").getByText("伊犁州建筑设计研究院").waitFor();
  await page.locator(".changes-specialties").getByText("建筑电气（主专业）").waitFor();
  await page.locator(".changes-avoidance").getByText(`伊犁某建设集团有限公司（${USCC}）`).waitFor();
  assert.not.match(await page.locator(".changes-avoidance").innerText(), "新疆某建设集团");
  await page.locator(".changes-requests").getByText("已通过").first().waitFor();
  await shots(page, "page-after");

  await page.getByRole("link", { name: "查看变更历史" }).click();
  await page.waitForURL((u) => u.pathname === `/pool/${ctx.recordId}/history`);
  const versions = page.getByRole("list", { name: "记录版本" }).locator(":scope > li");
  await versions.filter({ hasText: "当前" }).waitFor();
  // 入库, 颁发证书, the transfer and the three 修改.
  assert.is(await versions.count(), 6);
  // Issued by passing the exam: no person decided it (it named the expert as 审核人).
  await versions.filter({ hasText: "颁发证书" }).getByText("审核人：系统自动办理").waitFor();
  const transfer = versions.filter({ hasText: "评标地州异动" });
  assert.equal((await transfer.locator("tbody tr").first().locator("td").allInnerTexts()).map((s) => s.trim()), ["评标地州", HOME, TARGET]);
  assert.match(await transfer.locator(".history-from").innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await checkA11y(page, "专家库记录变更历史");
  await shots(page, "history");
  // As of today: the new region.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  // 按日期查询 is antd's date picker (zh_CN), not the browser's <input type=date>.
  assert.is(await page.locator("#asof-date").getAttribute("type"), null);
  await page.locator("#asof-date").click();
  await page.locator(".ant-picker-dropdown").getByText("今天").waitFor();
  await page.locator("#asof-date").fill(today);
  await press(page, "查询");
  await page.waitForURL((u) => u.searchParams.get("date") === today);
  await page.locator(".asof-region").getByText(TARGET).waitFor();
  // Chosen with the mouse: the 1st of this month.
  await page.locator("#asof-date").click();
  const first = `${today.slice(0, 8)}01`;
  await page.locator(`.ant-picker-dropdown td[title="${first}"]`).click();
  await press(page, "查询");
  await page.waitForURL((u) => u.searchParams.get("date") === first);
  await page.getByText(`${first} 当日的专家库记录`).or(page.getByText(`${first} 时该专家尚未入库`)).waitFor();

  // The roster reads the record.
  const csv = fs.readFileSync(await downloadRoster(), "utf8");
  const line = csv.split(/\r?\n/).find((l) => l.includes(ctx.number)) ?? "";
  assert.match(line, TARGET);
  assert.match(line, "伊犁州建筑设计研究院");
  // Scope follows the record's region.
  assert.is((await ctx.home.request.get(`/pool/${ctx.recordId}/history`)).status(), 404);
  assert.is((await ctx.target.request.get(`/pool/${ctx.recordId}/history`)).status(), 200);
});

test("专家库: the receiving region's reviewer finds the expert by name from the menu and opens the history; the former region's reviewer does not find them", async () => {
  const page = ctx.target;
  await visit(page, "/review");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "专家库", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/pool");
  const search = page.getByRole("search", { name: "筛选专家" });
  await search.getByRole("textbox", { name: "专家编号、姓名或工作单位" }).fill(ctx.name);
  await search.getByRole("button", { name: buttonName("查询") }).click();
  await page.waitForURL((u) => u.searchParams.get("q") === ctx.name);
  const row = page.getByRole("region", { name: "专家列表" }).getByRole("row").filter({ hasText: ctx.number });
  assert.equal((await row.locator("td").allInnerTexts()).slice(0, 4).map((s) => s.trim()), [ctx.number, ctx.name, TARGET, "伊犁州建筑设计研究院"]);
  await checkA11y(page, "专家库");
  await shots(page, "pool");
  await row.getByRole("link", { name: `变更历史：${ctx.name}（${ctx.number}）` }).click();
  await page.waitForURL((u) => u.pathname === `/pool/${ctx.recordId}/history`);
  await page.getByRole("link", { name: "返回专家库" }).waitFor();
  await visit(ctx.home, `/pool?q=${encodeURIComponent(ctx.name)}`);
  await ctx.home.getByRole("region", { name: "专家列表" }).getByText("暂无专家").waitFor();
});

test("按日期查询 works without JavaScript: the date typed into the picker's box is posted", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false });
  await passwordLoginWithoutScripts(page, ctx.login.username, ctx.login.password, ctx.name);
  await page.goto(`/pool/${ctx.recordId}/history`);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await page.locator("#asof-date").fill(today);
  await page.locator(".history-asof").getByRole("button", { name: buttonName("查询") }).click();
  await page.waitForURL((u) => u.searchParams.get("date") === today);
  await page.locator(".asof-region").getByText(TARGET).waitFor();
  await closePage(page);
});

async function downloadRoster(): Promise<string> {
  await visit(ctx.admin, "/admin/reports");
  return download(ctx.admin, "导出 CSV");
}

run();
