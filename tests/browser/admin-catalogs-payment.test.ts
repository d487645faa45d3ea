import "../setup/guard";
// Issue 7's remaining administration in the browser, by the demo administrator against one server:
// upload 2025年第一批's 收款二维码 on the batch editor; 停用 哈密市 in 目录管理, after which an expert's
// region picker no longer offers it; an expert approved in that batch goes from the 缴费 card to the 缴费
// page with the QR and the 专家编号 as payment reference; 新建表单 and publish its v1; restore v1 of it with 以此版本为草稿 and
// publish it as v3. The expert's application is filled over HTTP (other tests type it in).
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import { uniqueUser, type TestServer } from "../setup/server";
import { squarePng } from "../setup/uploads";
import { createAccount, fillBasicInfoByRequest, passwordLogin, postAction, signByRequest, startApplication } from "./flows";
import type { Person } from "./flows";

const BATCH = "2025年第一批";
const KEY = "training-survey";
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; person: Person; appId: number; qrSha: string };
const { test, stage, run } = browserSuite("browser: catalogs, payment QR, new definitions", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert]);

const rowVersion = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("row_version")).row_version);
const status = (page: TestPage, text: string) => page.getByRole("status").filter({ hasText: text });

test("admin uploads the batch's 收款二维码 on the batch editor", async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.admin;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  const { id } = await ctx.server.db("batches").where({ name: BATCH }).first("id");
  await visit(page, `/admin/batches/${id}`);
  await page.getByText("尚未上传").waitFor();
  await page.getByLabel("选择收款二维码图片").setInputFiles({ name: "收款码.png", mimeType: "image/png", buffer: await squarePng() });
  await status(page, "收款二维码已保存").waitFor();
  const img = page.getByRole("img", { name: "收款二维码" });
  await img.waitFor();
  await page.waitForFunction(() => (document.querySelector("img.payment-qr") as HTMLImageElement | null)?.naturalWidth === 240);
  ctx.qrSha = (await ctx.server.db("batches").where({ id }).first("payment_qr_sha")).payment_qr_sha;
  assert.match(ctx.qrSha, /^[0-9a-f]{64}$/);
  await page.getByRole("button", { name: buttonName("更换二维码") }).waitFor();
  await checkA11y(page, "批次设置 (收款二维码)");
});

test("admin disables 哈密市 in 目录管理, and the expert's region picker no longer offers it", async () => {
  const page = ctx.admin;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "目录管理", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/catalogs");
  await page.getByRole("button", { name: "停用哈密市" }).click();
  await status(page, "已停用地州「哈密市」").waitFor();
  await page.getByRole("button", { name: "启用哈密市" }).waitFor();
  await checkA11y(page, "目录管理 (停用后)");
  // Renaming a region in use is refused with the reason, in place.
  await page.getByLabel("要改名的地州").click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title='乌鲁木齐市']").click();
  await field(page, "新名称").first().fill("乌鲁木齐");
  await page.getByRole("button", { name: buttonName("改名") }).first().click();
  await page.getByRole("alert").filter({ hasText: "请停用" }).waitFor();

  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.person = await createAccount("expert", { ...uniqueUser("pay"), name: "缴费专家" });
  await passwordLogin(ctx.expert, ctx.person.username, ctx.person.password, ctx.person.name);
  ctx.appId = await startApplication(ctx.expert, BATCH);
  const picker = field(ctx.expert, "所在地州/城市");
  await picker.click();
  await picker.fill("哈密");
  await ctx.expert.getByText("无匹配地区").waitFor();
  await picker.fill("乌鲁木齐");
  await ctx.expert.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title='乌鲁木齐市']").waitFor();
  await picker.press("Escape");
});

test("an expert approved in the batch goes from the home card to the 缴费 page with the QR and the 专家编号 as reference", async () => {
  const { expert, admin, appId } = ctx;
  // A batch that charges (the seeded one is free): the 缴费 page then shows the QR and the reference.
  await ctx.server.db("batches").where({ name: BATCH }).update({ fee_fen: 30000 });
  await fillBasicInfoByRequest(expert, appId, { name: ctx.person.name, region: "乌鲁木齐市" });
  await signByRequest(expert, appId, "pledge", "pledge");
  await signByRequest(expert, appId, "application-form", "application-form");
  const submitted = await postAction(expert, `/apply/${appId}`, "routes/_app.apply.$id", { intent: "transition", event: "submit", rowVersion: await rowVersion(appId) });
  assert.is(submitted.status, 200, submitted.body.message);
  for (const event of ["accept", "approve"]) {
    const r = await postAction(admin, `/review/${appId}`, "routes/_app.review.$id", { intent: "transition", event, rowVersion: await rowVersion(appId) });
    assert.is(r.status, 200, r.body.message);
  }
  const { number } = await ctx.server.db("workflow_instances").where({ id: appId }).first("number");
  // The application's 缴费 card points to the training enrolment's 缴费 page (under 我的培训).
  await visit(expert, `/apply/${appId}`);
  await expert.locator(".payment-card").getByText(number, { exact: true }).waitFor();
  await expert.locator(".payment-card").getByRole("link", { name: "去缴费" }).waitFor();
  // 首页: the 我的培训 card says 待缴费 and leads to the 缴费 page itself (it used to send the expert to
  // the application and say 缴费 long after payment).
  await visit(expert, "/");
  const home = expert.locator(".home-training");
  await home.getByText("待缴费").waitFor();
  await home.getByRole("link", { name: "去缴费" }).click();
  await expert.waitForURL((u) => /^\/training\/\d+\/pay$/.test(u.pathname));
  const card = expert.locator(".payment-card");
  await card.getByText(`专家编号 ${number}`).waitFor();
  await card.getByRole("img", { name: "收款二维码" }).waitFor();
  assert.is(await card.getByRole("img", { name: "收款二维码" }).getAttribute("src"), `/uploads/${ctx.qrSha}`);
  await expert.waitForFunction(() => (document.querySelector(".payment-card img") as HTMLImageElement | null)?.naturalWidth === 240);
  await checkA11y(expert, "缴费");
  expert.assertClean();
  await closePage(expert);
  ctx.expert = undefined as never;
});

test("admin creates a new form key in 表单管理 and publishes its v1", async () => {
  const page = ctx.admin;
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "表单管理", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/forms");
  await field(page, "标识（key）").fill("Bad Key");
  await field(page, "标题").fill("培训调查");
  await page.getByRole("button", { name: buttonName("新建表单") }).click();
  await page.getByText("标识须以小写字母开头").waitFor();
  await checkA11y(page, "表单管理 (新建出错)");
  await field(page, "标识（key）").fill(KEY);
  await page.getByRole("button", { name: buttonName("新建表单") }).click();
  await page.waitForURL((u) => u.pathname === `/admin/forms/${KEY}`);
  await page.getByText("尚未发布").waitFor();
  await page.getByTestId("editor-status").getByText("检查通过，可以发布").waitFor();
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await status(page, `已发布 ${KEY} 第 1 版`).waitFor();
  await checkA11y(page, "表单编辑器 (新表单 v1)");
});

test("admin restores v1 with 以此版本为草稿 and publishes it as v3", async () => {
  const page = ctx.admin;
  const v1 = JSON.parse((await ctx.server.db("form_versions").where({ key: KEY, version: 1 }).first("definition")).definition);
  const v2 = { ...v1, version: 2, title: "培训调查（二）", schema: { ...v1.schema, title: "培训调查（二）" } };
  const r = await postAction(page, `/admin/forms/${KEY}`, "routes/_app.admin.forms.$key", { intent: "publish", content: JSON.stringify(v2, null, 2) });
  assert.is(r.status, 200, r.body.message);
  await visit(page, `/admin/forms/${KEY}`);
  await page.getByRole("button", { name: "以此版本为草稿（v1）" }).click();
  // It replaces what is in the editor, so it asks first.
  const dialog = page.getByRole("dialog", { name: "以 v1 为草稿？" });
  await dialog.getByText("未保存的修改会丢失").waitFor();
  await dialog.getByRole("button", { name: buttonName("载入草稿") }).click();
  await status(page, "已将 v1 载入草稿").waitFor();
  await page.getByTestId("editor-status").getByText("检查通过，可以发布").waitFor();
  await page.getByRole("button", { name: buttonName("发布新版本") }).click();
  await status(page, `已发布 ${KEY} 第 3 版`).waitFor();
  const v3 = JSON.parse((await ctx.server.db("form_versions").where({ key: KEY, version: 3 }).first("definition")).definition);
  assert.is(v3.title, "培训调查");
  await page.getByRole("button", { name: "以此版本为草稿（v2）" }).waitFor();
  await checkA11y(page, "表单编辑器 (恢复后)");
  page.assertClean();
});

run();
