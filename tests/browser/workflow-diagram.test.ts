import "../setup/guard";
// Issue 20, acceptance 4: the state diagram of every workflow in workflows/, as the administrator sees it
// in 流程管理, has no overlapping labels — the rendered label boxes are checked pairwise, each label's text
// inside its box, and no label over a state. Older versions kept as *.v1.yaml are pasted into the editor
// of their key. The table of states and transitions names guards and effects by their Chinese titles.
import fs from "node:fs";
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, checkA11y, newPage, visit } from "../setup/browser";
import type { TestServer } from "../setup/server";
import { passwordLogin } from "./flows";

const ctx = {} as { server: TestServer; browser: Browser; page: TestPage };
const { test, stage, run } = browserSuite("browser: workflow diagrams without overlapping labels", { sequential: true });
stage(ctx, () => [ctx.page]);

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

/** Every label of the drawn diagram: its box and its text's own extent, and every state box, as rendered. */
async function checkDiagram(page: TestPage, what: string) {
  const diagram = page.getByTestId("state-diagram");
  await diagram.locator("g.edge-label").first().waitFor();
  // No named helpers inside evaluate: tsx would wrap them in a __name() the page does not have.
  const drawn = await diagram.evaluate((svg) => ({
    labels: [...svg.querySelectorAll("g.edge-label")].map((g) => ({
      text: g.textContent ?? "",
      box: g.querySelector("rect")!.getBoundingClientRect().toJSON() as DOMRect,
      glyphs: g.querySelector("text")!.getBoundingClientRect().toJSON() as DOMRect,
    })),
    states: [...svg.querySelectorAll("g[data-state] rect")].map((r) => ({ text: r.parentElement!.textContent ?? "", box: r.getBoundingClientRect().toJSON() as DOMRect })),
  }));
  assert.ok(drawn.labels.length >= 2, `${what}: labels drawn`);
  for (const l of drawn.labels) assert.ok(inside(l.glyphs, l.box), `${what}: 「${l.text}」 fits its box ${JSON.stringify(l)}`);
  drawn.labels.forEach((a, i) =>
    drawn.labels.slice(i + 1).forEach((b) => assert.not.ok(overlap(a.box, b.box) || overlap(a.glyphs, b.glyphs), `${what}: 「${a.text}」 overlaps 「${b.text}」`)),
  );
  for (const l of drawn.labels) for (const s of drawn.states) assert.not.ok(overlap(l.glyphs, s.box), `${what}: 「${l.text}」 covers state 「${s.text}」`);
  return drawn;
}

test("every workflow's diagram in 流程管理: labels never overlap", async () => {
  ctx.page = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { page } = ctx;
  await passwordLogin(page, "admin", "Demo@Admin2025", "系统管理员");
  const files = fs.readdirSync("workflows").filter((f) => f.endsWith(".yaml"));
  const keys = [...new Set(files.map((f) => f.replace(/(\.v\d+)?\.yaml$/, "")))];
  assert.ok(keys.length >= 5, "the built-in workflows");
  for (const key of keys) {
    await visit(page, `/admin/workflows/${key}`);
    await checkDiagram(page, key);
    // Older built-in versions of the key: pasted into its editor, drawn from the text.
    for (const older of files.filter((f) => f !== `${key}.yaml` && f.startsWith(`${key}.v`))) {
      const yaml = fs.readFileSync(`workflows/${older}`, "utf8").replace(/^version:.*\n/m, "");
      await page.getByRole("textbox", { name: "流程定义编辑器" }).click();
      await page.keyboard.press("Control+a");
      await page.keyboard.insertText(yaml);
      const firstTitle = /^\s+- event: \S+\n\s+title: (.+)$/m.exec(yaml)![1];
      await page.getByTestId("state-diagram").locator("g.edge-label").filter({ hasText: firstTitle }).first().waitFor();
      await page.getByTestId("editor-status").getByText("检查通过").waitFor();
      await checkDiagram(page, older);
    }
  }
  page.assertClean();
});

test("the table of states and transitions: who, guards and effects by their Chinese titles", async () => {
  const { page } = ctx;
  await visit(page, "/admin/workflows/expert-admission");
  await page.getByRole("tab", { name: "状态与转换表" }).click();
  const table = page.getByTestId("workflow-table");
  const submit = table.getByRole("row", { name: /^提交审核 / });
  await submit.waitFor();
  const text = await submit.innerText();
  for (const words of ["草稿、已退回", "已提交", "专家（仅本人）", "各步骤已完成", "签字文书已上传且为最新", "记录提交时间", "通知"]) assert.match(text, words);
  assert.not.match(text, "未注册");
  await table.getByRole("row", { name: /^审核中 reviewing/ }).getByText("审核任务（审核人员、管理员）").waitFor();
  await checkA11y(page, "流程编辑器（状态与转换表）");
  page.assertClean();
});

run();
