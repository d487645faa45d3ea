import "../setup/guard";
// The definition editors as the demo administrator uses them (issue 7): open a form, type a new field
// into the code editor and see the live preview grow; type an unknown widget and see the error at its
// line; fix it, publish v3. Open the workflow, see its state diagram; type a transition to a missing
// state and see the error at its line and in the diagram; fix it.
import fs from "node:fs";
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, newPage } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { passwordLogin } from "./flows";

const FORM = "change-work-unit";
const FLOW = "expert-admission";
const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, run } = browserSuite("browser: the form and workflow editors", { sequential: true });
stage(ctx, () => [ctx.page]);

const editor = (page: TestPage, noun: "表单" | "流程") => page.getByRole("textbox", { name: `${noun}定义编辑器` });
const status = (page: TestPage) => page.getByTestId("editor-status");

/** Puts the cursor at the end of the first line holding `text`, as a person would: 查找 (Ctrl+F), Enter, Esc, End. */
async function toLineWith(page: TestPage, noun: "表单" | "流程", text: string) {
  await editor(page, noun).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  const find = page.getByRole("textbox", { name: "查找" });
  await find.fill(text);
  await find.press("End"); // the panel takes the query on keyup
  await find.press("Enter");
  await find.press("Escape");
  await page.keyboard.press("End");
}

/** Replaces the line holding `text` (keeping its indentation) with `replacement`. */
async function replaceLine(page: TestPage, noun: "表单" | "流程", text: string, replacement: string) {
  await toLineWith(page, noun, text);
  await page.keyboard.press("Shift+Home");
  await page.keyboard.insertText(replacement);
}

/** Waits until the focused code editor's cursor is on line `n`. */
async function cursorOnLine(page: TestPage, n: number) {
  await page.waitForFunction((line) => {
    const active = document.activeElement?.closest(".cm-editor");
    const lines = [...(active?.querySelectorAll(".cm-gutterElement") ?? [])].filter((e) => e.classList.contains("cm-activeLineGutter"));
    return lines.some((e) => e.textContent === String(line));
  }, n);
}

async function addLineAfter(page: TestPage, noun: "表单" | "流程", text: string, line: string) {
  await toLineWith(page, noun, text);
  await page.keyboard.press("Enter");
  await page.keyboard.insertText(line);
}

test("admin opens 表单管理 and a form's editor", async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { page } = ctx;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "表单管理", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/forms");
  await page.getByRole("heading", { name: "表单管理" }).waitFor();
  await checkA11y(page, "表单管理");
  await page.getByRole("link", { name: FORM, exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/admin/forms/${FORM}`);
  // A form opens on its designer; the JSON editor (CodeMirror) loads when its tab is opened.
  await page.getByRole("tab", { name: "设计器", selected: true }).waitFor();
  await status(page).getByText("检查通过").waitFor();
  assert.is(await editor(page, "表单").count(), 0, "no code editor before the JSON tab is opened");
  await page.getByRole("tab", { name: "JSON" }).click();
  await editor(page, "表单").waitFor();
  // The published v2 (the built-in latest) is in the editor, without a version number to type: it checks clean as it is.
  await status(page).getByText("检查通过").waitFor();
  await page.getByText("发布后为第 3 版").waitFor();
  assert.not.match(await editor(page, "表单").innerText(), '"version"');
  await page.getByTestId("form-preview").getByText("新工作单位").first().waitFor();
  await checkA11y(page, "表单编辑器");
});

test("typing a new field into the editor updates the live preview; a Markdown description renders as Markdown", async () => {
  const { page } = ctx;
  await addLineAfter(page, "表单", '"properties": {', '"years": { "type": "integer", "title": "从事评标工作年限", "description": "按**整年**填写", "minimum": 0, "maximum": 60 },');
  await addLineAfter(page, "表单", '"ui:order": [', '"years",');
  await page.getByTestId("form-preview").getByText("从事评标工作年限").first().waitFor();
  // Without the option the description is text; with it, the parser (loaded on demand) draws the bold.
  await page.getByTestId("form-preview").getByText("按**整年**填写").waitFor();
  await addLineAfter(page, "表单", '"uiSchema": {', '"ui:globalOptions": { "enableMarkdownInDescription": true },');
  await page.getByTestId("form-preview").locator("strong", { hasText: "整年" }).waitFor();
});

test("an unknown widget is an error at its line, in the list and in the gutter; fixing it clears it", async () => {
  const { page } = ctx;
  await addLineAfter(page, "表单", '"uiSchema": {', '"years": { "ui:widget": "slider" },');
  const problem = status(page).getByRole("listitem").filter({ hasText: "未知的控件「slider」" });
  await problem.waitFor();
  // The editor started with v2 as stored but for its version line; one line went in above "uiSchema" (the field), and this one below it.
  const v2 = await ctx.server.db("form_versions").where({ key: FORM, version: 2 }).first();
  const { version: _v, ...shown } = JSON.parse(v2.definition);
  const line = JSON.stringify(shown, null, 2).split("\n").indexOf('  "uiSchema": {') + 1 + 2;
  assert.match(await problem.innerText(), `第${line}行`);
  await page.locator(".cm-lint-marker-error").first().waitFor();
  await page.getByTestId("preview-problems").getByText("未知的控件「slider」").waitFor();
  await checkA11y(page, "表单编辑器（有错误）");
  // From the designer tab, the problem's 第N行 opens the JSON tab with the cursor on that line (it was at the top).
  await editor(page, "表单").press("Control+Home");
  await page.getByRole("tab", { name: "设计器" }).click();
  await problem.getByRole("button", { name: `第${line}行` }).click();
  await page.getByRole("tab", { name: "JSON", selected: true }).waitFor();
  await cursorOnLine(page, line);
  // The same after a reload (the editor not loaded yet): saved as a draft, the page opens on the designer;
  // the problem's button loads the editor, which marks the problem at once and puts the cursor there.
  await page.getByRole("button", { name: buttonName("保存草稿") }).click();
  await page.getByRole("status").filter({ hasText: "草稿已保存" }).waitFor();
  await page.reload();
  await page.getByRole("tab", { name: "设计器", selected: true }).waitFor();
  await problem.getByRole("button", { name: `第${line}行` }).click();
  await page.getByRole("tab", { name: "JSON", selected: true }).waitFor();
  await cursorOnLine(page, line);
  await page.locator(".cm-lint-marker-error").first().waitFor();

  await replaceLine(page, "表单", '"ui:widget": "slider"', '"years": { "ui:placeholder": "请输入年限" },');
  await status(page).getByText("检查通过").waitFor();
  await page.getByTestId("form-preview").getByText("从事评标工作年限").first().waitFor();
});

test("发布新版本 publishes v3, which the versions list and the diff show", async () => {
  const { page } = ctx;
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await page.getByRole("status").filter({ hasText: `已发布 ${FORM} 第 3 版` }).waitFor();
  await page.getByRole("cell", { name: "v3", exact: true }).waitFor();
  const row = await ctx.server.db("form_versions").where({ key: FORM, version: 3 }).first();
  assert.ok(row, "v3 is in form_versions");
  assert.is(JSON.parse(row.definition).schema.properties.years.title, "从事评标工作年限");
  assert.is(JSON.parse(row.definition).version, 3);
  await page.getByTestId("version-diff").getByText("v2 → v3").waitFor();
  // Both pickers follow the publish: (previous, just published).
  const picker = (id: string) => page.locator(".ant-select", { has: page.locator(`#${id}`) });
  await picker("diff-from").getByText("v2", { exact: true }).waitFor();
  await picker("diff-to").getByText("v3", { exact: true }).waitFor();
  await page.getByText("发布后为第 4 版").waitFor();
  // Above the line diff, the change in words.
  await page.getByTestId("diff-sentences").getByText("新增字段「从事评标工作年限」", { exact: true }).waitFor();
  await checkA11y(page, "表单编辑器（已发布）");
});

test("the workflow editor draws the state diagram; a missing target is an error at its line, then fixed", async () => {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "流程管理", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/workflows");
  await checkA11y(page, "流程管理");
  await page.getByRole("link", { name: FLOW, exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/admin/workflows/${FLOW}`);
  const diagram = page.getByTestId("state-diagram");
  await diagram.getByText("审核通过", { exact: true }).waitFor();
  await diagram.getByText("退回修改（审核人员、管理员）").waitFor();
  await status(page).getByText("检查通过").waitFor();
  await checkA11y(page, "流程编辑器");

  // The editor holds the file's YAML without its version line.
  const yaml = fs.readFileSync(`workflows/${FLOW}.yaml`, "utf8").replace(/^version:.*\n/m, "");
  const line = yaml.split("\n").findIndex((l) => l.trim() === "to: approved") + 1;
  await replaceLine(page, "流程", "to: approved", "to: aproved");
  const problem = status(page).getByRole("listitem").filter({ hasText: '目标状态 "aproved" 未定义' });
  await problem.waitFor();
  assert.match(await problem.innerText(), `第${line}行`);
  await page.locator(".cm-lint-marker-error").first().waitFor();
  await diagram.getByText("aproved（未定义）").waitFor();
  await checkA11y(page, "流程编辑器（有错误）");

  await replaceLine(page, "流程", "to: aproved", "to: approved");
  await status(page).getByText("检查通过").waitFor();
  assert.is(await diagram.getByText("aproved（未定义）").count(), 0);

  // Emptied, the editor says so and nothing can be saved or published (no refused post, no error page).
  await editor(page, "流程").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await status(page).getByText("定义内容为空").waitFor();
  assert.ok(await page.getByRole("button", { name: buttonName("保存草稿") }).isDisabled());
  assert.ok(await page.getByRole("button", { name: buttonName("发布新版本") }).isDisabled());
  await page.keyboard.press("Control+z");
  await status(page).getByText("检查通过").waitFor();
  page.assertClean();
});

test("the code editor's script failing to load is said in its tab, with 重试; the page and its edits stay", async () => {
  const { page } = ctx;
  const blocked = (u: URL) => /code-editor[.-][^/]*\.js$/.test(u.pathname);
  await page.route(blocked, (r) => r.abort());
  await page.goto(`/admin/forms/${FORM}`);
  await status(page).getByText("检查通过").waitFor();
  await page.getByRole("tab", { name: "JSON" }).click();
  const failed = page.getByRole("alert").filter({ hasText: "代码编辑器加载失败" });
  await failed.waitFor();
  await page.getByRole("heading", { name: /变更工作单位/ }).waitFor();
  await page.unroute(blocked);
  await failed.getByRole("button", { name: buttonName("重试") }).click();
  await editor(page, "表单").waitFor();
  assert.is(await failed.count(), 0);
  // The aborted script is a console error of the page's own making here.
  page.problems = page.problems.filter((p) => !/code-editor|net::ERR_FAILED|dynamically imported module/.test(p));
  page.assertClean();
});

run();
