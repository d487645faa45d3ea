import "../setup/guard";
// Issue 14 §1 "Catastrophic patterns" in the browser: a published form with `^(a+)+$` under the production
// CSP. The page fetches the RE2 engine (re2js, its own chunk) only once it checks a pattern, the walker
// answers a 29-character hostile answer at once (a backtracking RegExp would freeze the tab for seconds),
// and the message is the server's.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, field, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { csrfOf, passwordLogin } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; page: TestPage };
const { test, stage, before, run } = browserSuite("browser: linear-time patterns", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.page]);

const KEY = "pattern-browser";
const DEFINITION = {
  key: KEY, version: 1, title: "正则示例", uiSchema: {},
  schema: {
    type: "object", title: "正则示例",
    properties: {
      code: { type: "string", title: "代码", maxLength: 40, pattern: "^(a+)+$" },
      name: { type: "string", title: "中文名", maxLength: 10, pattern: "^[\\u4e00-\\u9fa5]+$" },
    },
  },
};
const data = (route: string) => `_data=${encodeURIComponent(route)}`;
/** RE2's own error text: only the engine's chunk carries it. */
const isEngineChunk = async (body: string) => body.includes("missing closing ]");

before(async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
});

test("an administrator publishes a form with a catastrophic pattern (it runs on RE2, so it is accepted)", async () => {
  const { admin } = ctx;
  await passwordLogin(admin, "admin", "Demo@Admin2025", "系统管理员");
  await visit(admin, "/admin/forms");
  const csrf = await csrfOf(admin);
  const created = await admin.request.post(`/admin/forms?index&${data("routes/_app.admin.forms._index")}`, { form: { _csrf: csrf, intent: "create", key: KEY, title: DEFINITION.title } });
  assert.is(created.status(), 204, await created.text());
  const published = await admin.request.post(`/admin/forms/${KEY}?${data("routes/_app.admin.forms.$key")}`, {
    form: { _csrf: csrf, intent: "publish", content: JSON.stringify(DEFINITION, null, 2) },
  });
  assert.is(published.status(), 200, await published.text());
});

test("the page loads the engine for its patterns and refuses a hostile answer at once, in Chinese", async () => {
  const { page } = ctx;
  const engineLoads: Promise<boolean>[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/build/") && r.url().endsWith(".js")) engineLoads.push(r.text().then(isEngineChunk, () => false));
  });
  await passwordLogin(page, "expert", "Demo@Expert2025", "张建华");
  await visit(page, `/forms/${KEY}`);
  await page.getByRole("heading", { name: DEFINITION.title }).waitFor();
  await field(page, "代码").fill(`${"a".repeat(28)}!`);
  await field(page, "中文名").fill("张三");
  const t0 = Date.now();
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.locator(".ant-form-item-explain-error").filter({ hasText: "格式不正确" }).first().waitFor({ timeout: 5000 });
  assert.ok(Date.now() - t0 < 3000, `answered in ${Date.now() - t0} ms`);
  assert.ok((await Promise.all(engineLoads)).some(Boolean), "the RE2 chunk was fetched for this form");
  // A Chinese name matches the translated \u4e00-\u9fa5 range: only 代码 is refused.
  assert.is(await page.locator(".ant-form-item-explain-error").filter({ hasText: "格式不正确" }).count(), 1);
  page.assertClean();
});

run();
