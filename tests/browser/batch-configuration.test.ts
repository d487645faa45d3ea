import "../setup/guard";
// A new batch configured, not coded (issue 7, acceptance 1), by the demo administrator in the browser
// against one running server: 复制 2025年第一批 into 2026年第一批 and open it; publish 基本信息 v6 with a
// required 「从事评标工作年限」 and an expert-admission version with a second review level (地州初审,
// then 自治区复审 at 自治区本级) through the editors; attach both to the new batch; create the 自治区本级
// reviewer in 用户管理 (one-time password, changed at first login). An expert of 乌鲁木齐市 then applies
// to 2026年第一批, must fill the new field, and passes both levels; a 2025 submission made before all
// this still shows its form's v5 (the built-in version the seeded batch pins). The other step-1 forms
// and the signatures go through the actions over HTTP (other tests cover typing them); every
// configuration step and the new field are done in the UI.
import fs from "node:fs";
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { chooseOption, createAccount, fillBasicInfoByRequest, passwordLogin, postAction, section, signByRequest, startApplication, submitPasswordLogin, takeAction } from "./flows";
import type { Person } from "./flows";

const ADMIN = { username: "admin", password: "Demo@Admin2025", name: "系统管理员" };
const REVIEWER = { username: "reviewer", password: "Demo@Review2025", name: "审核员（乌鲁木齐市）" };
const OLD = "2025年第一批";
const NEW = "2026年第一批";
const YEARS = "从事评标工作年限";

/** 基本信息 v6: the built-in v5 as published, plus a required integer field after 职务. */
function basicInfoV6(): string {
  const d = JSON.parse(fs.readFileSync("forms/expert-basic-info.json", "utf8"));
  d.version = 6;
  d.schema.properties = { ...d.schema.properties, evalYears: { type: "integer", title: YEARS, minimum: 0, maximum: 60 } };
  d.schema.required = [...d.schema.required, "evalYears"];
  const order: string[] = d.uiSchema["ui:order"];
  order.splice(order.indexOf("position") + 1, 0, "evalYears");
  d.uiSchema.evalYears = { "ui:placeholder": "请输入年限（0～60）" };
  return JSON.stringify(d, null, 2);
}

/** expert-admission v4: the built-in v3 with 地州初审 (审核中 renamed), then 自治区复审 by reviewers of 自治区本级. */
function twoLevelAdmission(): string {
  let y = fs.readFileSync("workflows/expert-admission.yaml", "utf8");
  const edit = (from: string, to: string) => {
    assert.ok(y.includes(from), `expert-admission.yaml has ${JSON.stringify(from)}`);
    y = y.replace(from, to);
  };
  edit("version: 3\n", "version: 4\n");
  edit("  reviewing: { title: 审核中, task: { by: [reviewer, admin] } }\n",
    "  reviewing: { title: 地州初审, task: { by: [reviewer, admin] } }\n" +
    "  region-review: { title: 自治区复审, task: { by: [reviewer, admin], region: 自治区本级 } }\n");
  edit("  - event: approve\n", [
    "  - event: forward",
    "    title: 通过",
    "    from: reviewing",
    "    to: region-review",
    "    by: [reviewer, admin]",
    "    effects:",
    '      - notify: { message: "您的{title}已通过地州初审，请等待自治区复审。" }',
    "",
    "  - event: approve\n",
  ].join("\n"));
  edit("    from: reviewing\n    to: approved\n", "    from: region-review\n    to: approved\n");
  edit("    from: reviewing\n    to: returned\n", "    from: [reviewing, region-review]\n    to: returned\n");
  return y;
}

const ctx = {} as {
  server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; level1: TestPage; level2: TestPage;
  oldExpert: Person; oldAppId: number; batchId: number; second: Person & { oneTime: string }; person: Person; appId: number;
};
const { test, stage, before, run } = browserSuite("browser: a new batch configured by the administrator", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert, ctx.level1, ctx.level2]);

before(async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const press = (page: TestPage, label: string) => page.getByRole("button", { name: buttonName(label) }).click();
const nav = async (page: TestPage, link: string, path: string) => {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: link, exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
};
const editor = (page: TestPage, noun: "表单" | "流程") => page.getByRole("textbox", { name: `${noun}定义编辑器` });
/** Replaces everything in a definition editor with `text`, as a paste would. */
async function replaceEditorText(page: TestPage, noun: "表单" | "流程", text: string) {
  await editor(page, noun).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(text);
}
/** "2026-01-05T09:30" in Asia/Shanghai, for a datetime-local field. */
/** Beijing time as the pickers show it (YYYY-MM-DD HH:mm). */
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
/** Types into an antd DatePicker and leaves it (Tab), as a person does; the picker takes the typed value. */
async function typeDate(page: TestPage, label: string, text: string) {
  const input = field(page, label);
  await input.click();
  await input.fill(text);
  await input.press("Tab");
  await page.waitForFunction(([id, t]) => (document.getElementById(id) as HTMLInputElement | null)?.value === t, [(await input.getAttribute("id")) ?? "", text] as const);
}
/** Waits for the answer of a task action; says what the page shows instead when it does not come. */
async function taskNotice(page: TestPage, text: string) {
  try {
    await page.locator(".task-actions .ant-alert").filter({ hasText: text }).first().waitFor();
  } catch (e) {
    throw new Error(`no 「${text}」: ${page.problems.slice(0, 3).map((p) => p.slice(0, 600)).join("\n")}\n${(e as Error).message}`);
  }
}
const taskState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".task-facts")?.textContent?.includes(`状态${t}`), title);
const wizardState = (page: TestPage, title: string) =>
  page.waitForFunction((t) => document.querySelector(".wizard-status")?.textContent?.includes(t), title);
const inboxRow = (page: TestPage, name: string) => page.getByRole("region", { name: "审核列表" }).getByRole("row").filter({ hasText: name });
const tab = (page: TestPage, title: string) =>
  page.getByRole("navigation", { name: "审核状态" }).getByRole("link", { name: new RegExp(`^${title}（\\d+）$`) });
const rowVersion = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("row_version")).row_version);

test(`before any change, an expert of 乌鲁木齐市 submits an application in ${OLD}`, async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    ctx.oldExpert = await createAccount("expert", { ...uniqueUser("old"), name: "陈立新" });
    await passwordLogin(page, ctx.oldExpert.username, ctx.oldExpert.password, ctx.oldExpert.name);
    ctx.oldAppId = await startApplication(page, OLD);
    await fillBasicInfoByRequest(page, ctx.oldAppId, { name: ctx.oldExpert.name, region: "乌鲁木齐市" });
    await signByRequest(page, ctx.oldAppId, "pledge", "pledge");
    await signByRequest(page, ctx.oldAppId, "application-form", "application-form");
    const r = await postAction(page, `/apply/${ctx.oldAppId}`, "routes/_app.apply.$id", { intent: "transition", event: "submit", rowVersion: await rowVersion(ctx.oldAppId) });
    assert.is(r.status, 200, r.body.message);
    page.assertClean();
  } finally {
    await closePage(page);
  }
});

test(`批次管理: 复制 ${OLD}, rename the copy ${NEW}, open its window now, 保存`, async () => {
  const { admin } = ctx;
  await passwordLogin(admin, ADMIN.username, ADMIN.password, ADMIN.name);
  await nav(admin, "批次管理", "/admin/batches");
  await admin.getByRole("heading", { name: "批次管理" }).waitFor();
  await checkA11y(admin, "批次管理");
  await admin.getByRole("button", { name: `复制${OLD}` }).click();
  await admin.waitForURL((u) => /^\/admin\/batches\/\d+$/.test(u.pathname) && u.searchParams.has("cloned"));
  ctx.batchId = Number(/\/admin\/batches\/(\d+)/.exec(admin.url())![1]);
  await admin.getByRole("status").filter({ hasText: "已复制" }).waitFor();
  assert.is(await field(admin, "批次名称").inputValue(), `${OLD}（复制）`);
  await checkA11y(admin, "批次设置 (复制后)");

  await field(admin, "批次名称").fill(NEW);
  const t = Date.now();
  // The times are antd's pickers (zh_CN), not the browser's datetime-local.
  assert.is(await field(admin, "报名开始时间").getAttribute("type"), null);
  await typeDate(admin, "报名开始时间", shanghai(t));
  await typeDate(admin, "报名截止时间", shanghai(t + 180 * 86_400_000));
  await typeDate(admin, "批次基准日", shanghai(t).slice(0, 10));
  if (process.env.SCREENSHOTS) {
    await field(admin, "报名开始时间").click();
    await admin.locator(".ant-picker-dropdown").first().waitFor();
    for (const width of [1366, 390]) {
      await admin.setViewportSize({ width, height: 900 });
      await admin.screenshot({ path: `/tmp/batch-picker-${width}.png` });
    }
    await admin.keyboard.press("Escape");
    await admin.setViewportSize({ width: 1280, height: 900 });
  }
  await press(admin, "保存");
  await admin.waitForURL((u) => u.pathname === `/admin/batches/${ctx.batchId}` && u.searchParams.has("saved"));
  await admin.getByRole("status").filter({ hasText: "已保存" }).waitFor();
  await admin.getByRole("heading", { name: `编辑批次：${NEW}` }).waitFor();

  await nav(admin, "批次管理", "/admin/batches");
  const row = admin.getByRole("row").filter({ hasText: NEW });
  await row.getByText("报名中").waitFor();
  assert.match(await row.innerText(), "专家入库申请（第 3 版）");
});

test(`表单管理: publish 基本信息 v6 with a required 「${YEARS}」 through the editor`, async () => {
  const { admin } = ctx;
  await nav(admin, "表单管理", "/admin/forms");
  await admin.getByRole("link", { name: "expert-basic-info", exact: true }).click();
  await admin.waitForURL((u) => u.pathname === "/admin/forms/expert-basic-info");
  await admin.getByRole("tab", { name: "JSON" }).click();
  await editor(admin, "表单").waitFor();
  await admin.getByTestId("editor-status").getByText("检查通过").waitFor();
  await replaceEditorText(admin, "表单", basicInfoV6());
  await admin.getByTestId("editor-status").getByText("检查通过").waitFor();
  await admin.getByTestId("form-preview").getByText(YEARS).first().waitFor();
  await checkA11y(admin, "表单编辑器 (基本信息 v6)");
  await press(admin, "发布新版本");
  await admin.getByRole("status").filter({ hasText: "已发布 expert-basic-info 第 6 版" }).waitFor();
  await admin.getByRole("cell", { name: "v6", exact: true }).waitFor();
});

test("流程管理: publish an expert-admission version with 地州初审 then 自治区复审", async () => {
  const { admin } = ctx;
  await nav(admin, "流程管理", "/admin/workflows");
  await admin.getByRole("link", { name: "expert-admission", exact: true }).click();
  await admin.waitForURL((u) => u.pathname === "/admin/workflows/expert-admission");
  await editor(admin, "流程").waitFor();
  await replaceEditorText(admin, "流程", twoLevelAdmission());
  await admin.getByTestId("editor-status").getByText("检查通过").waitFor();
  const diagram = admin.getByTestId("state-diagram");
  await diagram.getByText("自治区复审", { exact: true }).waitFor();
  await diagram.getByText("地州初审", { exact: true }).waitFor();
  await checkA11y(admin, "流程编辑器 (两级审核)");
  await press(admin, "发布新版本");
  await admin.getByRole("status").filter({ hasText: "已发布 expert-admission 第 4 版" }).waitFor();
  await admin.getByRole("cell", { name: "v4", exact: true }).waitFor();
});

test(`批次设置: attach the new workflow version and 基本信息 v6 to ${NEW}`, async () => {
  const { admin } = ctx;
  await nav(admin, "批次管理", "/admin/batches");
  await admin.getByRole("row").filter({ hasText: NEW }).getByRole("link", { name: "编辑" }).click();
  await admin.waitForURL((u) => u.pathname === `/admin/batches/${ctx.batchId}`);
  await admin.getByRole("heading", { name: `编辑批次：${NEW}` }).waitFor();
  await chooseOption(admin, admin.getByRole("combobox", { name: "流程版本" }), "专家入库申请（expert-admission 第4版）");
  await chooseOption(admin, admin.getByRole("combobox", { name: "expert-basic-info 版本" }), "基本信息 第6版");
  await checkA11y(admin, "批次设置 (新版本)");
  await press(admin, "保存");
  await admin.waitForURL((u) => u.searchParams.has("saved"));
  await admin.getByRole("status").filter({ hasText: "已保存" }).waitFor();
  const b = await ctx.server.db("batches").where({ id: ctx.batchId }).first();
  assert.is(`${b.workflow_key}@${b.workflow_version}`, "expert-admission@4");
  assert.is(JSON.parse(b.form_versions)["expert-basic-info"], 6);
  const old = await ctx.server.db("batches").where({ name: OLD }).first();
  assert.is(`${old.workflow_key}@${old.workflow_version}`, "expert-admission@3", `${OLD} is untouched`);
  assert.is(JSON.parse(old.form_versions)["expert-basic-info"], 5);
});

test("用户管理: create a reviewer for 自治区本级 (one-time password) and set the scope", async () => {
  const { admin } = ctx;
  await nav(admin, "用户管理", "/admin/users");
  const u = uniqueUser("zzq");
  await admin.getByRole("button", { name: /新建审核人员或管理员/ }).click();
  await field(admin, "用户名").fill(u.username);
  await field(admin, "姓名").fill("自治区本级审核员");
  await field(admin, "手机号").fill(u.phone);
  await press(admin, "创建");
  const oneTime = (await admin.getByTestId("one-time-password").innerText()).trim();
  assert.ok(oneTime.length >= 8, `one-time password: ${oneTime}`);
  ctx.second = { ...u, name: "自治区本级审核员", password: "Zizhiqu@2026r", oneTime };
  await checkA11y(admin, "用户管理 (已创建)");

  await field(admin, "关键字").fill(u.username);
  await press(admin, "查询");
  await admin.waitForURL((x) => x.searchParams.get("q") === u.username);
  const row = admin.getByRole("row").filter({ hasText: u.username });
  await row.getByRole("combobox", { name: "审核地州" }).click();
  await admin.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title='自治区本级']").click();
  await admin.keyboard.press("Escape");
  await row.getByRole("button", { name: buttonName("保存范围") }).click();
  await admin.getByRole("status").filter({ hasText: `已更新 ${u.username} 的审核范围` }).waitFor();
  await checkA11y(admin, "用户管理 (审核范围)");
  admin.assertClean();
});

test("the new reviewer signs in with the one-time password and must set a new one first", async () => {
  ctx.level2 = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.level2;
  const me = ctx.second;
  await submitPasswordLogin(page, me.username, me.oneTime);
  await page.waitForURL((u) => u.pathname === "/profile/password");
  await page.getByText("您正在使用临时密码，请先设置新密码").waitFor();
  await checkA11y(page, "修改密码 (临时密码)");
  await field(page, "原密码").fill(me.oneTime);
  await field(page, "新密码").fill(me.password);
  await field(page, "确认新密码").fill(me.password);
  await press(page, "修改密码");
  await page.getByRole("status").filter({ hasText: "密码已修改" }).waitFor();
  await visit(page, "/review");
  await page.getByRole("heading", { name: "审核", level: 3 }).waitFor();
});

test(`an expert of 乌鲁木齐市 applies to ${NEW}: 「${YEARS}」 is there and required`, async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { expert } = ctx;
  ctx.person = await createAccount("expert", { ...uniqueUser("new"), name: "马建新" });
  await passwordLogin(expert, ctx.person.username, ctx.person.password, ctx.person.name);
  await visit(expert, "/apply");
  await expert.getByRole("listitem").filter({ hasText: NEW }).waitFor();
  await checkA11y(expert, "入库申请 (两个批次)");
  ctx.appId = await startApplication(expert, NEW);
  // Everything of step 1 but the new field, kept with 暂存 as a person filling it over two sittings would.
  await fillBasicInfoByRequest(expert, ctx.appId, { name: ctx.person.name, region: "乌鲁木齐市" }, "save");
  await visit(expert, `/apply/${ctx.appId}?step=basic-info`);
  await expert.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
  const basic = section(expert, "基本信息");
  await field(basic, YEARS).waitFor();
  assert.is(await field(basic, "姓名").inputValue(), ctx.person.name);

  await press(expert, "下一步");
  await expert.locator(".wizard .ant-alert").filter({ hasText: "请按提示补充或修改后再进入下一步" }).first().waitFor();
  const error = expert.locator(".ant-form-item:not(:has(.ant-form-item))").filter({ has: field(expert, YEARS) }).locator(".ant-form-item-explain-error");
  assert.match(await error.innerText(), `${YEARS} 为必填项`);
  assert.is(new URL(expert.url()).searchParams.get("step"), "basic-info");
  await checkA11y(expert, "入库申请 step 1 (新字段未填)");

  await field(basic, YEARS).fill("12");
  await press(expert, "下一步");
  await expert.waitForURL((u) => u.searchParams.get("step") === "pledge", { waitUntil: "commit" });
  await expert.getByRole("heading", { name: "签署入库承诺书", level: 4 }).waitFor();
  const saved = await ctx.server.db("form_submissions").where({ scope: `application:${ctx.appId}`, form_key: "expert-basic-info" }).first();
  assert.is(saved.form_version, 6);
  assert.is(JSON.parse(saved.data).evalYears, 12);
});

test("the expert signs both documents and 提交审核", async () => {
  const { expert } = ctx;
  await signByRequest(expert, ctx.appId, "pledge", "pledge");
  await signByRequest(expert, ctx.appId, "application-form", "application-form");
  await visit(expert, `/apply/${ctx.appId}?step=submit`);
  await expert.getByText(YEARS).first().waitFor();
  await takeAction(expert, "提交审核");
  await expert.locator(".wizard .ant-alert").filter({ hasText: "提交审核成功" }).first().waitFor();
  await wizardState(expert, "已提交");
  await checkA11y(expert, "入库申请 (已提交, 两级)");
});

test("地州初审: the 乌鲁木齐市 reviewer 开始审核, 通过 → 自治区复审, not yet approved", async () => {
  ctx.level1 = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.level1;
  await passwordLogin(page, REVIEWER.username, REVIEWER.password, REVIEWER.name);
  await visit(page, "/review");
  const row = inboxRow(page, ctx.person.name);
  assert.match(await row.innerText(), NEW);
  await row.getByRole("link", { name: /审核/ }).click();
  await page.waitForURL((u) => u.pathname === `/review/${ctx.appId}`);
  await page.getByRole("region", { name: /基本信息/ }).getByText(YEARS).waitFor();
  await takeAction(page, "开始审核");
  await taskNotice(page, "开始审核成功");
  await taskState(page, "地州初审");
  await checkA11y(page, "审核详情 (地州初审)");
  await takeAction(page, "通过");
  await taskNotice(page, "通过成功");
  await taskState(page, "自治区复审");
  const app = await ctx.server.db("workflow_instances").where({ id: ctx.appId }).first();
  assert.is(app.state, "region-review");
  assert.is(app.number, null, "no 专家编号 before 自治区复审");
  await page.getByText("无需审核操作").waitFor();
});

test("自治区复审: the 自治区本级 reviewer finds it in the inbox, 通过 → 审核通过 with a 专家编号; the expert sees it", async () => {
  const page = ctx.level2;
  await visit(page, "/review?status=region-review");
  assert.is(await tab(page, "自治区复审").getAttribute("aria-current"), "page");
  const row = inboxRow(page, ctx.person.name);
  await row.waitFor();
  await checkA11y(page, "审核 自治区复审");
  await row.getByRole("link", { name: /审核/ }).click();
  await page.waitForURL((u) => u.pathname === `/review/${ctx.appId}`);
  await page.getByRole("region", { name: /基本信息/ }).getByText(YEARS).waitFor();
  await checkA11y(page, "审核详情 (自治区复审)");
  await takeAction(page, "通过");
  // Their scope is the 自治区复审 task, so the decided application leaves them: back to the list, with the answer.
  await page.waitForURL((u) => u.pathname === "/review" && u.searchParams.get("status") === "region-review");
  await page.getByRole("status").filter({ hasText: `${ctx.person.name}：通过成功，当前状态：审核通过` }).waitFor();
  await inboxRow(page, ctx.person.name).waitFor({ state: "detached" });
  await checkA11y(page, "审核 自治区复审 (已处理)");
  const app = await ctx.server.db("workflow_instances").where({ id: ctx.appId }).first();
  assert.is(app.state, "approved");
  const number: string = app.number ?? "";
  assert.match(number, /^XJ\d{8}$/);

  const { expert } = ctx;
  await visit(expert, `/apply/${ctx.appId}`);
  await wizardState(expert, "审核通过");
  assert.match(await expert.locator(".wizard-status").innerText(), number);
  await checkA11y(expert, "入库申请 (审核通过, 两级)");
});

test(`the ${OLD} submission still shows its earlier form (v5) and runs its earlier workflow; the expert sees that form too`, async () => {
  const page = ctx.level1;
  await visit(page, `/review/${ctx.oldAppId}`);
  const basic = page.getByRole("region", { name: /基本信息/ });
  await basic.getByText(ctx.oldExpert.name).first().waitFor();
  await basic.getByText("职务").first().waitFor();
  assert.is(await page.getByText(YEARS).count(), 0, "no new field on the v5 submission");
  await checkA11y(page, "审核详情 (2025 v5)");
  // It still runs on its one-level workflow: 开始审核, 通过 → 审核通过, with a 专家编号 of its own (the
  // cloned batch has the same number format; numbers never repeat across batches).
  await takeAction(page, "开始审核");
  await taskNotice(page, "开始审核成功");
  await taskState(page, "审核中");
  await takeAction(page, "通过");
  await taskNotice(page, "通过成功");
  await taskState(page, "审核通过");
  const numbers = await ctx.server.db("workflow_instances").whereIn("id", [ctx.appId, ctx.oldAppId]).pluck("number");
  assert.is(new Set(numbers.filter(Boolean)).size, 2, `distinct 专家编号: ${numbers}`);

  const expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  try {
    await passwordLogin(expert, ctx.oldExpert.username, ctx.oldExpert.password, ctx.oldExpert.name);
    await visit(expert, `/apply/${ctx.oldAppId}?step=basic-info`);
    await expert.getByRole("heading", { name: "填写基本信息", level: 4 }).waitFor();
    await expert.getByText("职务", { exact: true }).first().waitFor();
    await expert.getByText(ctx.oldExpert.name).first().waitFor();
    assert.is(await expert.getByText(YEARS).count(), 0, "the wizard of the v5 submission has no new field");
    const sub = await ctx.server.db("form_submissions").where({ scope: `application:${ctx.oldAppId}`, form_key: "expert-basic-info" }).first();
    assert.is(sub.form_version, 5);
    await checkA11y(expert, "入库申请 (2025 v5)");
  } finally {
    await closePage(expert);
  }
});

run();
