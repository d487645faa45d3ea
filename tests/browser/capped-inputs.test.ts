import "../setup/guard";
// Inputs with a length cap (batch settings as the administrator meets them): the count n / max is shown
// and counts code points (𠮷 is one); a paste past the cap is cut at the cap and said beneath the input;
// a 学习天数 out of range keeps what was typed (9999 was cut to 999) and is refused at once in Chinese.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, buttonName, field, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { passwordLogin } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage };
const { test, stage, run } = browserSuite("browser: capped inputs", { sequential: true });
stage(ctx, () => [ctx.admin]);

/** Pastes `text` into the focused `input` as a browser does: the paste event, then the text inserted. */
async function paste(page: TestPage, label: string, text: string) {
  const input = field(page, label);
  await input.click();
  await input.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await page.keyboard.insertText(text);
}
const codePoints = (s: string) => Array.from(s).length;

test("批次设置: counts shown in code points, a long paste cut and said, 学习天数 9999 refused as typed", async () => {
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const page = ctx.admin;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  const { id } = await ctx.server.db("batches").first("id");
  await visit(page, `/admin/batches/${id}`);

  // 批次名称 (max 100): 100 × 𠮷 is 100 characters (200 UTF-16 units), all kept; the count says 100 / 100.
  const name = field(page, "批次名称");
  await name.fill("");
  await paste(page, "批次名称", "𠮷".repeat(100));
  assert.is(codePoints(await name.inputValue()), 100);
  await page.locator(".ant-input-affix-wrapper").filter({ has: name }).locator(".ant-input-show-count-suffix").getByText("100 / 100").waitFor();
  assert.is(await page.getByText("粘贴的内容超过").count(), 0, "a paste that fits says nothing");

  // 课程名称 (max 100): 120 characters pasted → the first 100 kept, and said.
  await page.getByRole("button", { name: buttonName("添加课程") }).click();
  const long = "评标专家培训课程".repeat(15);
  await paste(page, "第1门课程名称", long);
  const course = page.getByLabel("第1门课程名称");
  assert.is(await course.inputValue(), Array.from(long).slice(0, 100).join(""));
  await page.getByRole("status").filter({ hasText: "粘贴的内容超过 100 字的上限，超出部分已截去，请核对" }).waitFor();
  // Shortened below the cap, the note goes.
  await course.press("Backspace");
  await page.getByText("粘贴的内容超过").waitFor({ state: "detached" });

  // 学习天数: 9999 stays 9999 and is refused at once; a right number clears it.
  const days = page.getByLabel("第1门课程学习天数");
  await days.fill("9999");
  assert.is(await days.inputValue(), "9999");
  await page.getByRole("alert").filter({ hasText: "第1门课程的学习天数须为 1 到 365 的整数" }).waitFor();
  if (process.env.SCREENSHOTS) for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator(".course-row").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/capped-batch-${width}.png` });
  }
  await days.fill("30");
  await page.getByText("学习天数须为").waitFor({ state: "detached" });
});

run();
