import "../setup/guard";
// The form designer (issue 20): an administrator, using only the designer tab (no typing in the JSON
// editor), adds a required number field with a range and a 下拉选择 with three options to 基本信息, moves
// a field, adds a list with two date columns and the rule 「结束日期不早于开始日期」 on it and a 日期范围 in
// it (which brings its own rule), previews at a phone's 390 px, shows 职称等级 only when a new 是/否
// field is ticked (显示条件), sees a bad title
// refused on the field, adds the 专业 picker a feature registers (with its own property form) and the
// rules 至少填写一项 and 年龄不超过 N 岁 as sentences, a 说明文字, sees the live preview follow, and publishes v6
// (v3 is the built-in latest) — the stored definition holds what the designer made, and the diff names the
// new fields. A batch pins its form versions, so the admin then sets 2025年第一批 to 基本信息 v6 in 批次设置;
// an expert applying there sees the new required field, is refused 下一步 while it (and a row of 任职经历)
// is missing, and goes on once both are filled.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, field, newPage, visit } from "../setup/browser";
import { uniqueUser } from "../setup/server";
import type { TestServer } from "../setup/server";
import { chooseOption, createAccount, fillBasicInfoByRequest, fillDate, passwordLogin, section, startApplication } from "./flows";

const FORM = "expert-basic-info";
const YEARS = "从事评标工作年限";
const BATCH = "2025年第一批";
const NOTE = "请按证件上的信息如实填写。";
const ctx = {} as { server: TestServer; browser: Browser; page: TestPage; expert: TestPage };
const { test, stage, run } = browserSuite("browser: the form designer", { sequential: true });
stage(ctx, () => [ctx.page, ctx.expert]);

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
  // A repeated or an empty option is said beside its box and kept there to fix (it used to vanish).
  await designer(page).getByRole("button", { name: buttonName("添加选项") }).click();
  await option(4).fill("中级");
  await option(4).press("Tab");
  await designer(page).getByText("与选项 2 重复，请修改或删除").waitFor();
  await option(4).fill(" ");
  await option(4).press("Tab");
  await designer(page).getByText("选项不能为空，请填写或删除").waitFor();
  assert.is(await option(4).getAttribute("aria-invalid"), "true");
  await designer(page).getByRole("button", { name: "删除选项 4" }).click();
  await page.waitForFunction(() => !document.querySelector('[aria-label="选项 4"]'));
  assert.is(await designer(page).locator(".field-hint-error").count(), 0);
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
  // The preview shows the list with one empty row: its columns are seen without pressing 添加.
  const previewList = page.getByTestId("form-preview").locator("fieldset.list-field").filter({ hasText: "任职经历" });
  await previewList.getByText("结束日期").first().waitFor();
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

test("drag a field from the form into the list 任职经历 (it becomes a column of each row), and a kind from the palette onto a column; then remove both", async () => {
  const { page } = ctx;
  // With a plain field selected, a new field goes to the end of the form.
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await palette(page, "单行文本").click();
  await designer(page).getByLabel("标题", { exact: true }).fill("曾任单位");
  await status(page).getByText("检查通过").waitFor();
  const row = (title: string) => designer(page).locator("li.designer-field").filter({ has: page.getByRole("button", { name: `拖动「${title}」调整顺序` }) }).last();
  // 格式 and 默认值 from the property panel: the field becomes a 手机号 and the preview starts with the value.
  await designer(page).getByLabel("格式").click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByTitle("手机号").click();
  await row("曾任单位").locator(".ant-tag").filter({ hasText: /^手机号$/ }).waitFor();
  await designer(page).getByLabel("默认值").fill("13900000000");
  await designer(page).getByLabel("默认值").press("Tab");
  await status(page).getByText("检查通过").waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="form-preview"] input')].some((i) => (i as HTMLInputElement).value === "13900000000"));
  await designer(page).getByLabel("格式").click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByTitle("无（任意文字）").click();
  await row("曾任单位").locator(".ant-tag").filter({ hasText: /^单行文本$/ }).waitFor();
  const key = (await row("曾任单位").getAttribute("data-field"))!;
  const list = (await row("任职经历").getAttribute("data-field"))!;
  assert.not.ok(key.includes("/"), `a field of the form: ${key}`);
  // Drag by the handle onto the list's first column (dnd-kit starts after 4 px of movement), both on screen.
  await row("任职经历").evaluate((el) => el.scrollIntoView({ block: "center" }));
  const from = (await designer(page).getByRole("button", { name: "拖动「曾任单位」调整顺序" }).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 12, { steps: 4 });
  const to = (await row("任职经历").getByRole("button", { name: "拖动「开始日期」调整顺序" }).first().boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 25 });
  await page.mouse.up();
  await designer(page).locator(`li[data-field="${list}/${key}"]`).waitFor();
  assert.is(await designer(page).locator(`li[data-field="${key}"]`).count(), 0, "no longer a field of the form");
  await status(page).getByText("检查通过").waitFor();
  await page.getByTestId("form-preview").getByRole("button", { name: /添加/ }).first().waitFor();
  await designer(page).getByRole("button", { name: "删除「曾任单位」" }).click();
  await designer(page).locator(`li[data-field="${list}/${key}"]`).waitFor({ state: "detached" });
  await status(page).getByText("检查通过").waitFor();

  // A kind dragged from the palette onto a column of the list is added there, in that column's place.
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: 2600 }); // the palette and the list both on screen
  try {
    await page.evaluate(() => window.scrollTo(0, 0));
    await row("任职经历").evaluate((el) => {
      const r = el.getBoundingClientRect();
      if (r.bottom > window.innerHeight) throw new Error(`the list ends at ${r.bottom} px, below the ${window.innerHeight} px window`);
    });
    const before = await row("任职经历").locator("li.designer-field").count();
    const item = (await palette(page, "多行文本").boundingBox())!;
    await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2);
    await page.mouse.down();
    await page.mouse.move(item.x + item.width / 2 + 12, item.y + item.height / 2, { steps: 4 });
    const end = (await row("任职经历").getByRole("button", { name: "拖动「结束日期」调整顺序" }).first().boundingBox())!;
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 25 });
    await page.mouse.up();
    const added = row("任职经历").locator("li.designer-field").filter({ has: page.getByRole("button", { name: "拖动「多行文本」调整顺序" }) });
    await added.waitFor();
    assert.is(await row("任职经历").locator("li.designer-field").count(), before + 1);
    assert.match((await added.getAttribute("data-field"))!, new RegExp(`^${list}/`));
    await designer(page).getByRole("button", { name: "删除「多行文本」" }).click();
    await added.waitFor({ state: "detached" });
  } finally {
    await page.setViewportSize(viewport);
  }
  await status(page).getByText("检查通过").waitFor();
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

test("a feature's widget (专业) in the palette with its own property form; rules 至少填写一项 and 年龄不超过 N 岁 as sentences", async () => {
  const { page } = ctx;
  // With a plain field selected, the new field goes to the end of the form.
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await palette(page, "专业").click();
  const settings = designer(page).getByRole("group", { name: "专业的设置" });
  await settings.getByLabel("最多选择几个专业").fill("2");
  await settings.getByLabel("最多选择几个专业").press("Tab");
  await designer(page).locator('[data-field="field5"] .ant-tag').getByText("专业", { exact: true }).waitFor();
  await status(page).getByText("检查通过").waitFor();
  // A 说明文字: read-only text, shown in the preview as written.
  await palette(page, "说明文字").click();
  await designer(page).getByLabel("标题", { exact: true }).fill("填写须知");
  await designer(page).getByLabel("说明内容").fill(NOTE);
  await page.getByTestId("form-preview").getByText(NOTE).waitFor();
  await status(page).getByText("检查通过").waitFor();
  const pick = (title: string) => page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByTitle(title, { exact: true }).click();
  const rules = designer(page).getByRole("region", { name: "规则" });
  // On the list: 至少填写一项 (the list is the one selected).
  await designer(page).getByRole("button", { name: /^任职经历/ }).click();
  await rules.getByLabel("规则类型").click();
  await pick("至少填写一项");
  await rules.getByRole("button", { name: buttonName("添加规则") }).click();
  await status(page).getByText("检查通过").waitFor();
  // On the form: 出生日期 at most 60 on the batch's date.
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await rules.getByLabel("规则类型").click();
  await pick("年龄不超过 N 岁（于批次基准日）");
  await rules.getByLabel("出生日期字段").click();
  await pick("出生日期");
  await rules.getByLabel("岁数").fill("60");
  await rules.getByRole("button", { name: buttonName("添加规则") }).click();
  await status(page).getByText("检查通过").waitFor();
  await checkA11y(page, "表单设计器（控件属性与规则）");
});

test("a bad title is refused on the field, in Chinese, and fixing it clears it", async () => {
  const { page } = ctx;
  await designer(page).getByRole("button", { name: /^职称等级/ }).click();
  await designer(page).getByLabel("标题", { exact: true }).fill("level");
  await designer(page).locator('[data-field="field2"]').getByText("1 处问题").waitFor();
  await designer(page).getByRole("alert").getByText("需要中文标题").waitFor();
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await page.getByRole("alert").filter({ hasText: "未发布" }).waitFor();
  assert.is(await ctx.server.db("form_versions").where({ key: FORM, version: 6 }).first(), undefined, "nothing published");
  await designer(page).getByLabel("标题", { exact: true }).fill("职称等级");
  await status(page).getByText("检查通过").waitFor();
});

test("leaving with unpublished, unsaved changes asks first; after 发布新版本 the same link just goes", async () => {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  const ask = page.getByRole("dialog").filter({ hasText: "有尚未保存的内容" });
  await ask.waitFor();
  await ask.getByRole("button", { name: "留在本页" }).click();
  await ask.waitFor({ state: "detached" });
  assert.is(new URL(page.url()).pathname, `/admin/forms/${FORM}`, "stayed");
  await designer(page).getByRole("button", { name: /^职称等级/ }).waitFor();
});

test("publish v6: the stored definition is what the designer made; the diff names the new fields", async () => {
  const { page } = ctx;
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await page.getByRole("status").filter({ hasText: `已发布 ${FORM} 第 6 版` }).waitFor();
  const row = await ctx.server.db("form_versions").where({ key: FORM, version: 6 }).first();
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
  assert.is(def.uiSchema.field5["ui:widget"], "specialty");
  assert.is(def.schema.properties.field5.maxItems, 2, "set in the 专业 widget's own property form");
  assert.equal(def.schema.properties.field6, { type: "null", title: "填写须知", description: NOTE });
  const byId = (id: string) => def.rules.find((r: { id: string }) => r.id === id);
  assert.equal(byId("field3-at-least-one"), { id: "field3-at-least-one", path: "/field3", message: "任职经历 请至少填写一项", logic: { "!!": { var: "field3" } } });
  assert.is(byId("birthDate-age-at-most-60").message, "出生日期 按批次基准日计算，年龄不得超过 60 周岁");
  const sentences = page.getByTestId("diff-sentences");
  await sentences.getByText(`新增字段「${YEARS}」（必填）`, { exact: true }).waitFor();
  await sentences.getByText("新增字段「职称等级」", { exact: true }).waitFor();
  await sentences.getByText("新增字段「任职经历 › 结束日期」", { exact: true }).waitFor();
  await sentences.getByText("新增规则：任职经历 第N项 结束日期不能早于开始日期", { exact: true }).waitFor();
  page.assertClean();
});

test(`批次设置: ${BATCH} takes 基本信息 v6 (a batch pins the versions its applications are filled in)`, async () => {
  const { page } = ctx;
  // Published: nothing is unsaved, so the menu link goes without asking.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  assert.is(await page.getByRole("dialog").filter({ hasText: "有尚未保存的内容" }).count(), 0);
  await visit(page, "/admin/batches");
  await page.getByRole("row").filter({ hasText: BATCH }).getByRole("link", { name: "编辑" }).click();
  await page.getByRole("heading", { name: `编辑批次：${BATCH}` }).waitFor();
  await chooseOption(page, page.getByRole("combobox", { name: `${FORM} 版本` }), "基本信息 第6版");
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.has("saved"));
  await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();
  const batch = await ctx.server.db("batches").where({ name: BATCH }).first();
  assert.is(JSON.parse(batch.form_versions)[FORM], 6);
  page.assertClean();
});

test(`an expert applying to ${BATCH} must fill 「${YEARS}」 and a row of 任职经历, refused in Chinese until then`, async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { expert } = ctx;
  const person = await createAccount("expert", { ...uniqueUser("dsg"), name: "马设计" });
  await passwordLogin(expert, person.username, person.password, person.name);
  const appId = await startApplication(expert, BATCH);
  // Everything of step 1 the built-in form asks, kept with 暂存 (other tests cover typing it); the new parts in the UI.
  const who = { name: person.name, region: "乌鲁木齐市" };
  await fillBasicInfoByRequest(expert, appId, who, "save");
  // The server itself refuses 下一步 without them (what a page skipping the browser's check would send).
  const refused = await fillBasicInfoByRequest(expert, appId, who, "next").then(() => "accepted", (e: Error) => e.message);
  assert.match(refused, /^step 1: 422 /);
  assert.match(refused, `${YEARS} 为必填项`);
  assert.match(refused, "任职经历 请至少填写一项");
  await visit(expert, `/apply/${appId}?step=basic-info`);
  await expert.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  const basic = section(expert, "基本信息");
  await field(basic, YEARS).waitFor();
  assert.is(await basic.getByText("职称等级").count(), 0, "hidden until 是否有职称 is ticked");
  await basic.getByText(NOTE).waitFor();

  await expert.getByRole("button", { name: buttonName("下一步") }).click();
  await expert.locator(".wizard .ant-alert").filter({ hasText: "请按提示补充或修改后再进入下一步" }).first().waitFor();
  const error = expert.locator(".ant-form-item:not(:has(.ant-form-item))").filter({ has: field(expert, YEARS) }).locator(".ant-form-item-explain-error");
  assert.match(await error.innerText(), `${YEARS} 为必填项`);
  await basic.getByText("任职经历 请至少填写一项").first().waitFor();
  assert.is(new URL(expert.url()).searchParams.get("step"), "basic-info");
  await checkA11y(expert, "入库申请（设计器新增字段未填）");

  await field(basic, YEARS).fill("12");
  const rows = basic.locator("fieldset.list-field").filter({ has: expert.getByText("任职经历", { exact: true }) });
  await rows.getByRole("button", { name: buttonName("添加") }).click();
  await fillDate(field(rows, "开始日期").first(), "2015-01-01");
  await fillDate(field(rows, "结束日期").first(), "2018-01-01");
  await expert.getByRole("button", { name: buttonName("下一步") }).click();
  await expert.waitForURL((u) => u.searchParams.get("step") === "pledge", { waitUntil: "commit" });
  await expert.getByRole("heading", { name: "签署入库承诺书", level: 4 }).waitFor();
  const saved = await ctx.server.db("form_submissions").where({ scope: `application:${appId}`, form_key: FORM }).first();
  assert.is(saved.form_version, 6);
  const data = JSON.parse(saved.data);
  assert.is(data.field1, 12);
  assert.is(data.field3.length, 1);
  assert.equal([data.field3[0].field1, data.field3[0].field2], ["2015-01-01", "2018-01-01"]);

  // What the server itself enforces of the designer's rule and 显示条件 (what a page skipping the browser's
  // checks would send): a row of 任职经历 ending before it starts is refused …
  const ok = { field1: 12, field3: [{ field1: "2015-01-01", field2: "2018-01-01" }] };
  const reversed = await fillBasicInfoByRequest(expert, appId, who, "next", { ...ok, field3: [{ field1: "2018-01-01", field2: "2015-01-01" }] }).then(() => "accepted", (e: Error) => e.message);
  assert.match(reversed, /^step 1: 422 /);
  assert.match(reversed, "任职经历 第1项 结束日期不能早于开始日期");
  // … and 职称等级 is kept only while 是否有职称 is ticked (a hidden field holds nothing).
  const stored = async () => JSON.parse((await ctx.server.db("form_submissions").where({ scope: `application:${appId}`, form_key: FORM }).first()).data);
  await fillBasicInfoByRequest(expert, appId, who, "next", { ...ok, field2: "高级" });
  assert.is((await stored()).field2, undefined, "dropped while hidden");
  await fillBasicInfoByRequest(expert, appId, who, "next", { ...ok, field2: "高级", field4: true });
  assert.is((await stored()).field2, "高级", "kept while shown");
  expert.assertClean();
});

run();
