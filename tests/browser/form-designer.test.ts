import "../setup/guard";
// The form designer (issue 20): an administrator, using only the designer tab (no typing in the JSON
// editor), adds a required number field with a range and a 下拉选择 with three options to 基本信息, moves
// a field, adds a list with two date columns and the rule 「结束日期不早于开始日期」 on it and a 日期范围 in
// it (which brings its own rule), previews at a phone's 390 px, shows 职称等级 only when a new 是/否
// field is ticked (显示条件), sees a bad title
// refused on the field, sees the live preview follow, and publishes v3 (v2 is the built-in latest) — the
// stored definition holds what the designer made, and the diff names the new fields.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { passwordLogin } from "./flows";

const FORM = "expert-basic-info";
const YEARS = "从事评标工作年限";
const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, run } = browserSuite("browser: the form designer", { sequential: true });
stage(ctx, () => [ctx.page]);

const designer = (page: TestPage) => page.getByTestId("form-designer");
const palette = (page: TestPage, label: string) => designer(page).getByRole("group", { name: "字段类型" }).getByRole("button", { name: buttonName(label) });
const status = (page: TestPage) => page.getByTestId("editor-status");

test("the designer tab shows the form's fields in order", async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { page } = ctx;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  await visit(page, `/admin/forms/${FORM}`);
  await status(page).getByText("检查通过").waitFor();
  await page.getByRole("tab", { name: "设计器" }).click();
  const rows = designer(page).locator("[data-field]");
  await rows.first().waitFor();
  assert.equal((await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-field")))).slice(0, 3), ["name", "gender", "birthDate"]);
  await checkA11y(page, "表单设计器");
});

test("add a required number field with a range, and a 下拉选择 with three options", async () => {
  const { page } = ctx;
  await palette(page, "数字").click();
  const title = designer(page).getByLabel("标题", { exact: true });
  await title.fill(YEARS);
  await designer(page).getByRole("checkbox", { name: "必填" }).check();
  await designer(page).getByLabel("最大值").fill("60");
  await designer(page).getByLabel("最大值").press("Tab");
  await page.getByTestId("form-preview").getByText(YEARS).first().waitFor();

  await palette(page, "下拉选择").click();
  await designer(page).getByLabel("标题", { exact: true }).fill("职称等级");
  // 选项: rename the two it starts with, add a third, and put it first and back again.
  const option = (n: number) => designer(page).getByLabel(`选项 ${n}`, { exact: true });
  await option(1).fill("初级");
  await option(2).fill("中级");
  await option(2).press("Tab");
  await designer(page).getByRole("button", { name: buttonName("添加选项") }).click();
  await option(3).fill("高级");
  await option(3).press("Tab");
  await designer(page).getByRole("button", { name: "上移选项 3" }).click();
  await page.waitForFunction(() => (document.querySelector('[aria-label="选项 2"]') as HTMLInputElement | null)?.value === "高级");
  await designer(page).getByRole("button", { name: "下移选项 2" }).click();
  await page.waitForFunction(() => (document.querySelector('[aria-label="选项 3"]') as HTMLInputElement | null)?.value === "高级");
  await designer(page).getByRole("button", { name: "上移「职称等级」" }).click();
  await status(page).getByText("检查通过").waitFor();
  await page.getByTestId("form-preview").getByText("职称等级").first().waitFor();

  // A list (selected once added, so the dates go into it) with two date columns, and the rule between them.
  await palette(page, "列表（可重复的一组字段）").click();
  await designer(page).getByLabel("标题", { exact: true }).fill("任职经历");
  for (const t of ["开始日期", "结束日期"]) {
    await designer(page).getByRole("button", { name: /^任职经历/ }).click();
    await palette(page, "日期").click();
    await designer(page).getByLabel("标题", { exact: true }).fill(t);
  }
  await designer(page).getByRole("button", { name: /^任职经历/ }).click();
  await designer(page).getByRole("region", { name: "规则" }).getByRole("button", { name: buttonName("添加规则") }).click();
  await status(page).getByText("检查通过").waitFor();
  await checkA11y(page, "表单设计器（已添加字段）");
});

test("a 日期范围 in each row of the list; the preview as on a phone: 390 px wide, one field per row", async () => {
  const { page } = ctx;
  await designer(page).getByRole("button", { name: /^任职经历/ }).click();
  await palette(page, "日期范围").click();
  await status(page).getByText("检查通过").waitFor();
  // The widths of the preview's top-level fields (each a column of the root row).
  const columns = () => page.getByTestId("form-preview-frame").locator(".object-root > .ant-row > .ant-col").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
  const desktop = await columns();
  assert.ok(new Set(desktop).size > 1, `at desktop width some fields share a row: ${desktop}`);
  await page.getByTestId("form-preview").getByText("手机（390 像素宽）").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="form-preview-frame"]')!.getBoundingClientRect().width <= 390);
  const phone = await columns();
  assert.is(new Set(phone).size, 1, `on the phone every field has a row of its own: ${phone}`);
  await checkA11y(page, "表单设计器（手机预览）");
  await page.getByTestId("form-preview").getByText("桌面", { exact: true }).click();
});

test("显示条件: 职称等级 shown only when 是否有职称 is ticked, in the preview too", async () => {
  const { page } = ctx;
  // With a plain field selected, a new field goes to the end of the form.
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await palette(page, "是/否").click();
  await designer(page).getByLabel("标题", { exact: true }).fill("是否有职称");
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await designer(page).getByLabel("显示条件字段").click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByTitle("当「是否有职称」").click();
  await designer(page).getByText("时显示").waitFor();
  await designer(page).locator('[data-field="field2"]').getByText("有显示条件").waitFor();
  await status(page).getByText("检查通过").waitFor();
  const preview = page.getByTestId("form-preview");
  await preview.getByRole("checkbox", { name: "是否有职称" }).waitFor();
  assert.is(await preview.getByText("职称等级").count(), 0, "hidden while 是否有职称 is not ticked");
  await preview.getByRole("checkbox", { name: "是否有职称" }).check();
  await preview.getByText("职称等级").first().waitFor();
  await checkA11y(page, "表单设计器（显示条件）");
  // 移到 another group is refused while a 显示条件 names the field, and says why.
  await designer(page).getByRole("button", { name: /^是否有职称/ }).click();
  await designer(page).getByLabel("移到分组或列表").click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByTitle("任职经历", { exact: true }).click();
  await designer(page).getByRole("alert").getByText("无法移动：显示条件只能用同一组中的字段", { exact: false }).waitFor();
  await designer(page).locator('[data-field="field4"]').waitFor();
});

test("a bad title is refused on the field, in Chinese, and fixing it clears it", async () => {
  const { page } = ctx;
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await designer(page).getByLabel("标题", { exact: true }).fill("level");
  await designer(page).locator('[data-field="field2"]').getByText("1 处问题").waitFor();
  await designer(page).getByRole("alert").getByText("需要中文标题").waitFor();
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await page.getByRole("alert").filter({ hasText: "未发布" }).waitFor();
  assert.is(await ctx.server.db("form_versions").where({ key: FORM, version: 3 }).first(), undefined, "nothing published");
  await designer(page).getByLabel("标题", { exact: true }).fill("职称等级");
  await status(page).getByText("检查通过").waitFor();
});

test("publish v3: the stored definition is what the designer made; the diff names the new fields", async () => {
  const { page } = ctx;
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await page.getByRole("status").filter({ hasText: `已发布 ${FORM} 第 3 版` }).waitFor();
  const row = await ctx.server.db("form_versions").where({ key: FORM, version: 3 }).first();
  const def = JSON.parse(row.definition);
  assert.equal(def.schema.properties.field1, { type: "integer", title: YEARS, minimum: 0, maximum: 60 });
  assert.equal(def.schema.properties.field2, { type: "string", title: "职称等级", enum: ["初级", "中级", "高级"] });
  assert.ok(def.schema.required.includes("field1"));
  const order: string[] = def.uiSchema["ui:order"];
  assert.is(order.indexOf("field2"), order.indexOf("field1") - 1, "职称等级 moved above the number field");
  assert.equal(def.schema.properties.field3.items.properties.field1, { type: "string", title: "开始日期", maxLength: 10, format: "date" });
  const rule = def.rules.find((r: { each?: string }) => r.each === "/field3");
  assert.equal([rule.path, rule.message], ["/field2", "任职经历 第{n}项 结束日期不能早于开始日期"]);
  assert.equal(def.schema.allOf, [{ if: { properties: { field4: { const: true } }, required: ["field4"] }, then: {}, else: { not: { required: ["field2"] } } }]);
  const range = def.rules.find((r: { path?: string }) => r.path === "/field3/end");
  assert.equal([range.each, range.message], ["/field3", "任职经历 第{n}项 日期范围：结束日期不能早于开始日期"]);
  const sentences = page.getByTestId("diff-sentences");
  await sentences.getByText(`新增字段「${YEARS}」（必填）`, { exact: true }).waitFor();
  await sentences.getByText("新增字段「职称等级」", { exact: true }).waitFor();
  await sentences.getByText("新增字段「任职经历 › 结束日期」", { exact: true }).waitFor();
  await sentences.getByText("新增规则：任职经历 第N项 结束日期不能早于开始日期", { exact: true }).waitFor();
  page.assertClean();
});

run();
