import "../setup/guard";
// A published form with oneOf, anyOf, if/then/else, dependencies and dependentRequired (the fixture
// 条件表单示例) under the production CSP (no 'unsafe-eval'; the test server sends the same header): it
// renders with no page or console error (it used to crash: rjsf picked branches with Ajv-compiled code),
// the branch fields appear as the data chooses them, 暂存 keeps them, and 保存 shows in the browser the
// Chinese messages the server gives for the same document.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, field, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { BRANCHY_FORM } from "../fixtures/keyword-fixtures";
import { cnIdCardCheckChar } from "~/engine/forms/formats";
import { fieldLabel } from "~/engine/forms/messages";
import { chooseOption, csrfOf, passwordLogin } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; page: TestPage };
const { test, stage, before, run } = browserSuite("browser: validators under the CSP", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.page]);

const KEY = BRANCHY_FORM.key;
const FORM_ROUTE = "routes/_app.forms.$key";
const ID_BODY = "65010219800501001";
const ID = ID_BODY + cnIdCardCheckChar(ID_BODY);
const data = (route: string) => `_data=${encodeURIComponent(route)}`;

before(async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

const stored = async () => {
  const row = await ctx.server.db("form_submissions").where({ form_key: KEY, scope: "self" }).first();
  return row ? (JSON.parse(row.data) as Record<string, unknown>) : null;
};
/** Every error text the page shows: in place under fields, and the form-level ones in the notice. */
const shownErrors = async (page: TestPage) => {
  const inPlace = await page.locator(".ant-form-item-explain-error").allInnerTexts();
  const notice = await page.locator(".form-page .ant-alert").allInnerTexts();
  return { inPlace: inPlace.map((t) => t.trim()).filter(Boolean), notice: notice.join("\n") };
};

test("an administrator publishes 条件表单示例 (oneOf, anyOf, if/then/else, dependencies, dependentRequired)", async () => {
  const { admin } = ctx;
  await passwordLogin(admin, "admin", "Demo@Admin2025", "系统管理员");
  await visit(admin, "/admin/forms");
  const csrf = await csrfOf(admin);
  const created = await admin.request.post(`/admin/forms?index&${data("routes/_app.admin.forms._index")}`, { form: { _csrf: csrf, intent: "create", key: KEY, title: BRANCHY_FORM.title } });
  assert.is(created.status(), 204, await created.text());
  const published = await admin.request.post(`/admin/forms/${KEY}?${data("routes/_app.admin.forms.$key")}`, {
    form: { _csrf: csrf, intent: "publish", content: JSON.stringify(BRANCHY_FORM, null, 2) },
  });
  assert.is(published.status(), 200, await published.text());
});

test("the expert opens it under the production CSP: it renders, no page or console error", async () => {
  const { page } = ctx;
  await passwordLogin(page, "expert", "Demo@Expert2025", "张建华");
  const res = await page.goto(`/forms/${KEY}`);
  const csp = res?.headers()["content-security-policy"] ?? "";
  assert.match(csp, /script-src 'self' 'nonce-/);
  assert.not.match(csp, /unsafe-eval/);
  await visit(page, `/forms/${KEY}`);
  await page.getByRole("heading", { name: BRANCHY_FORM.title }).waitFor();
  await field(page, "申报方式").waitFor();
  await checkA11y(page, "条件表单示例 (empty)");
});

test("the data picks the branches: 单位 shows 单位名称, 个人 shows 姓名, 有职称 shows 职称", async () => {
  const { page } = ctx;
  await chooseOption(page, "申报方式", "单位");
  await field(page, "单位名称").waitFor();
  assert.is(await field(page, "姓名").count(), 0, "the else branch is not shown");
  await chooseOption(page, "申报方式", "个人");
  await field(page, "姓名").waitFor();
  await field(page, "单位名称").waitFor({ state: "detached" });
  await chooseOption(page, "申报方式", "单位");
  await field(page, "单位名称").waitFor();
  await page.getByRole("checkbox", { name: "有职称" }).check();
  await field(page, "职称").waitFor();
  page.assertClean();
});

test("暂存 of a half-filled form keeps every field, the branch ones included", async () => {
  const { page } = ctx;
  await field(page, "电话").fill("13800138000");
  await field(page, "备用电话").fill("13900139000");
  await page.getByRole("button", { name: buttonName("暂存") }).click();
  await page.locator(".form-page .ant-alert").filter({ hasText: "已暂存" }).waitFor();
  const saved = await stored();
  assert.ok(saved, "stored");
  assert.equal({ kind: saved!.kind, hasTitle: saved!.hasTitle, phone: saved!.phone, backupPhone: saved!.backupPhone }, { kind: "单位", hasTitle: true, phone: "13800138000", backupPhone: "13900139000" });
  page.assertClean();
});

test("保存 shows, in the browser, the server's own Chinese messages for the same document", async () => {
  const { page } = ctx;
  const doc = await stored();
  // What the server answers for exactly this document (the page's data, as 暂存 stored it).
  const answer = await page.request.post(`/forms/${KEY}?${data(FORM_ROUTE)}`, { form: { _csrf: await csrfOf(page), intent: "submit", data: JSON.stringify(doc) } });
  assert.is(answer.status(), 422);
  const server = ((await answer.json()) as { errors: Record<string, string[]> }).errors;
  assert.equal(server["/unit"], ["单位名称 为必填项"]);
  assert.equal(server["/backupOwner"], ["机主姓名 为必填项（已填写「备用电话」）"]);
  assert.equal(server["/jobTitle"], ["职称 为必填项"]);

  let posted = false;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes(`/forms/${KEY}`)) posted = true;
  });
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.locator(".form-page .ant-alert").filter({ hasText: "请按提示修改后再保存" }).waitFor();
  await page.locator(".ant-form-item-explain-error").filter({ hasText: "单位名称 为必填项" }).waitFor();
  assert.not.ok(posted, "the browser's own check refused it before posting");
  const shown = await shownErrors(page);
  let inPlace = 0;
  for (const [pointer, messages] of Object.entries(server)) {
    // A field of the oneOf branch not chosen (护照号 while 身份证 is) is not on the page, so neither is its message.
    if (pointer !== "" && (await field(page, fieldLabel(BRANCHY_FORM.schema, pointer)).count()) === 0) continue;
    for (const m of messages) {
      if (pointer === "") assert.ok(shown.notice.includes(m), `form-level「${m}」is in the notice: ${shown.notice}`);
      else assert.ok(shown.inPlace.some((t) => t.includes(m)), `「${m}」(${pointer}) is shown in place: ${JSON.stringify(shown.inPlace)}`);
      inPlace += pointer === "" ? 0 : 1;
    }
  }
  assert.ok(inPlace >= 4, `at least the four fields' messages were compared (${inPlace})`);
  const serverMessages = new Set(Object.values(server).flat());
  for (const t of shown.inPlace) assert.ok([...serverMessages].some((m) => t.includes(m)), `the page shows nothing the server does not say: 「${t}」`);
  await checkA11y(page, "条件表单示例 (errors)");
});

test("once filled, 保存 is accepted and every branch field is stored", async () => {
  const { page } = ctx;
  await field(page, "单位名称").fill("新疆建筑设计研究院");
  await field(page, "机主姓名").fill("李四");
  await field(page, "职称").fill("高级工程师");
  await field(page, "身份证号").fill(ID);
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.locator(".form-page .ant-alert").filter({ hasText: "已保存" }).waitFor();
  const saved = await stored();
  assert.equal(
    { kind: saved!.kind, unit: saved!.unit, backupOwner: saved!.backupOwner, jobTitle: saved!.jobTitle, idCard: saved!.idCard },
    { kind: "单位", unit: "新疆建筑设计研究院", backupOwner: "李四", jobTitle: "高级工程师", idCard: ID },
  );
  await checkA11y(page, "条件表单示例 (saved)");
});

run();
