import "../setup/guard";
// 批次设置 as an administrator meets it: 资格规则 as sentences whose numbers are plain inputs (70 → 65 is saved
// into the rule's logic and its message, and the saved rule refuses a 66-year-old on the batch date); a
// 培训费用 without a 收款二维码 is warned about on the page and in 批次管理; and, without JavaScript, a date
// typed wrong comes back in its box as typed with what is wrong with it (批次设置 and 节假日设置), while a good
// save keeps the rules.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, checkA11y, closePage, field, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { passwordLogin, passwordLoginWithoutScripts } from "./flows";
import { evaluateRules } from "~/engine/forms/rules";
import type { FormRule } from "~/engine/forms/rule-sentences";

const ADMIN = { username: "admin", password: "Demo@Admin2025", name: "系统管理员" };
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; batchId: number };
const { test, stage, before, run } = browserSuite("browser: 批次设置 — rule sentences, fee without QR, dates without scripts", { sequential: true });
stage(ctx, () => [ctx.admin]);

before(async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  ctx.batchId = (await ctx.server.db("batches").where({ name: "2025年第一批" }).first("id")).id;
});

const savedRules = async (): Promise<FormRule[]> => JSON.parse((await ctx.server.db("batches").where({ id: ctx.batchId }).first("eligibility_rules")).eligibility_rules);
const rulesBox = (page: TestPage) => page.locator("#f-eligibilityRules");

test("资格规则 reads as sentences; 70 → 65 saves a rule that holds 65 and says 65", async () => {
  const page = ctx.admin;
  await passwordLogin(page, ADMIN.username, ADMIN.password, ADMIN.name);
  await visit(page, `/admin/batches/${ctx.batchId}`);
  const list = page.locator(".elig-rule-list");
  await list.getByText("出生日期：年龄不超过").waitFor();
  await list.getByText("起止时间累计满").waitFor();
  await list.getByText("须有一项级别为").waitFor();
  assert.is(await list.getByText("其他规则").count(), 0, "the seeded rules are all recognised");
  const age = page.getByRole("spinbutton", { name: "第1条规则年龄上限（周岁）" });
  assert.is(await age.inputValue(), "70");
  // Typed key by key, as a person does: the box keeps the focus while the rule (and its id) follows each digit.
  await age.click();
  await age.press("Control+a");
  await age.pressSequentially("65");
  await page.waitForFunction(() => ((document.getElementById("f-eligibilityRules") as HTMLTextAreaElement | null)?.value ?? "").includes("不得超过65周岁"));
  assert.match(await page.locator("#rule-msg-0").inputValue(), /不得超过65周岁/);
  await checkA11y(page, "批次设置 with rule sentences");
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await page.locator(".eligibility-rules").screenshot({ path: `/tmp/batch-rules-editor-${width}.png` });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.get("saved") === "1");
  const [rule, ...rest] = await savedRules();
  assert.match(JSON.stringify(rule.logic), /\]},65\]/, "the logic compares the age with 65");
  assert.is(rule.message, "出生日期 按本批次规定，申请人在本批次基准日的年龄不得超过65周岁");
  assert.is(rule.id, "age-at-most-65");
  assert.is(rest.length, 2, "the other rules are kept");
  const { form: _form, ...plain } = rule;
  const context = { batchDate: "2025-03-01" };
  assert.equal(Object.keys(evaluateRules([plain], { birthDate: "1959-01-01" }, context)), ["/birthDate"], "66 on the batch date is refused");
  assert.equal(evaluateRules([plain], { birthDate: "1960-03-01" }, context), {}, "65 on the batch date is accepted");
  // After saving, the page reads the saved rule back as the same sentence with 65.
  assert.is(await page.getByRole("spinbutton", { name: "第1条规则年龄上限（周岁）" }).inputValue(), "65");
});

test("a rule of another shape is listed by its message, its JSON one click away; a sentence added and a rule removed are posted", async () => {
  const page = ctx.admin;
  const rules = await savedRules();
  const odd = { form: "expert-basic-info", id: "odd", path: "/name", message: "姓名须已填写（自定义规则）", logic: { "!!": [{ var: "name" }] } };
  await ctx.server.db("batches").where({ id: ctx.batchId }).update({ eligibility_rules: JSON.stringify([...rules, odd]) });
  await visit(page, `/admin/batches/${ctx.batchId}`);
  const row = page.locator(".rule-row").filter({ hasText: "其他规则" });
  await row.getByText("姓名须已填写（自定义规则）").waitFor();
  await row.getByRole("button", { name: "查看 JSON" }).click();
  await row.locator(".rule-json").getByText('"id": "odd"').waitFor();
  await page.getByRole("button", { name: "删除第2条规则" }).click();
  await page.getByRole("combobox", { name: "要添加的规则" }).click();
  await page.locator(".ant-select-item-option").filter({ hasText: "「工作经历」至少填写一项" }).click();
  await page.getByRole("button", { name: buttonName("添加规则") }).click();
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.get("saved") === "1");
  const ids = (await savedRules()).map((r) => r.id);
  assert.equal(ids, ["age-at-most-65", "senior-title-or-qualification", "odd", "workHistory-at-least-one"]);
});

test("培训费用 without a 收款二维码: the page warns as the fee is typed, and 批次管理 marks the batch", async () => {
  const page = ctx.admin;
  // Opened afresh: the last step left the page on ?saved=1, which would let the wait for this save's
  // ?saved=1 below pass before the save is made (and 批次管理 then be read without the fee).
  await visit(page, `/admin/batches/${ctx.batchId}`);
  const warning = page.locator(".qr-missing-warning");
  assert.is(await warning.count(), 0, "no fee, no warning");
  await field(page, "培训费用（元）").fill("300");
  await warning.getByText("已设置培训费用，但尚未上传收款二维码：审核通过的专家将无法缴费").waitFor();
  await page.getByRole("button", { name: buttonName("保存") }).click();
  await page.waitForURL((u) => u.searchParams.get("saved") === "1");
  await warning.waitFor();
  await visit(page, "/admin/batches");
  const row = page.getByRole("row").filter({ hasText: "2025年第一批" });
  await row.locator(".qr-missing").getByText("未上传收款二维码").waitFor();
  // With a code attached the warnings go.
  await ctx.server.db("batches").where({ id: ctx.batchId }).update({ payment_qr_sha: "a".repeat(64) });
  await visit(page, "/admin/batches");
  await page.getByRole("row").filter({ hasText: "2025年第一批" }).getByText("编辑").waitFor();
  assert.is(await page.locator(".qr-missing").count(), 0);
  await visit(page, `/admin/batches/${ctx.batchId}`);
  assert.is(await warning.count(), 0);
});

test("without JavaScript, a wrong 报名截止时间 stays in its box with what is wrong; a good one saves and keeps the rules", async () => {
  const page = await newPage(ctx.browser, { baseURL: ctx.server.url, javaScriptEnabled: false });
  try {
    await passwordLoginWithoutScripts(page, ADMIN.username, ADMIN.password, ADMIN.name);
    const rulesBefore = await savedRules();
    for (const [typed, message] of [
      ["2027-02-30 25:61", "报名截止时间「2027-02-30 25:61」日期或时间不存在"],
      ["abc", "报名截止时间格式应为 YYYY-MM-DD HH:mm（如 2026-03-01 09:00）"],
      ["2027-02-28 10:61", "报名截止时间「2027-02-28 10:61」日期或时间不存在"],
    ]) {
      await page.goto(`/admin/batches/${ctx.batchId}`);
      await page.locator("#f-closesAt").fill(typed);
      await page.getByRole("button", { name: buttonName("保存") }).click();
      await page.locator("#f-closesAt-err").getByText(message).waitFor();
      assert.is(await page.locator("#f-closesAt").inputValue(), typed, "the typed text is kept");
    }
    await page.locator("#f-batchDate").fill("2027-02-30");
    await page.locator("#f-closesAt").fill("2027-02-28 10:00");
    await page.getByRole("button", { name: buttonName("保存") }).click();
    await page.locator("#f-batchDate-err").getByText("批次基准日「2027-02-30」日期不存在").waitFor();
    assert.is(await page.locator("#f-batchDate").inputValue(), "2027-02-30");
    assert.is(await page.locator("#f-closesAt").inputValue(), "2027-02-28 10:00", "a good date typed beside a bad one is kept too");
    await page.locator("#f-batchDate").fill("2025-03-01");
    await page.getByRole("button", { name: buttonName("保存") }).click();
    await page.waitForURL((u) => u.searchParams.get("saved") === "1");
    assert.is(await rulesBox(page).count(), 1);
    assert.equal(await savedRules(), rulesBefore, "the rules posted from the collapsed JSON box are unchanged");
    assert.is((await ctx.server.db("batches").where({ id: ctx.batchId }).first("closes_at")).closes_at * 1, Date.UTC(2027, 1, 28, 2, 0));
    // The same picker on 节假日设置 keeps a wrong date as typed too (its messages were already precise).
    await page.goto("/admin/calendar");
    await page.locator("#cal-date").fill("2027-02-30");
    await page.getByRole("button", { name: buttonName("添加") }).click();
    await page.locator("#cal-date-err").getByText("日期「2027-02-30」不存在，请检查月份和日").waitFor();
    assert.is(await page.locator("#cal-date").inputValue(), "2027-02-30");
  } finally {
    await closePage(page);
  }
});

run();
