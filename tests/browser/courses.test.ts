import "../setup/guard";
// Issue 16 (first half), as users do it: the administrator adds a video lesson (a real 20 s WebM) and a
// PDF lesson (10 s minimum) on 课程内容, reached from the batch editor; a paid expert opens 学习, plays
// the video to its end and keeps the document on screen, both reach 已完成 (heartbeats judged by the
// server's clock), the enrolment is 培训完毕, and 我的培训 shows 学习进度 100% and 培训完毕 是.
import * as assert from "uvu/assert";
import type { Browser, TestPage } from "../setup/browser";
import { browserSuite, checkA11y, newPage, visit } from "../setup/browser";
import { webm20s } from "../setup/courses";
import type { TestServer } from "../setup/server";
import { addLessons, studyAllLessons } from "../setup/study";
import { pdf } from "../setup/uploads";
import { admittedExpert, passwordLogin, postAction } from "./flows";

const BATCH = "2025年第一批";
const COURSE = "评标业务课程";
const ctx = {} as { server: TestServer; browser: Browser; admin: TestPage; expert: TestPage; batch: number; enrolment: number };
const { test, stage, run } = browserSuite("browser: 课程内容 and 学习", { sequential: true });
stage(ctx, () => [ctx.admin, ctx.expert]);

const rowVersion = async (id: number) => String((await ctx.server.db("workflow_instances").where({ id }).first("row_version")).row_version);

test("the administrator adds a video and a document lesson on 课程内容", async () => {
  ctx.batch = (await ctx.server.db("batches").where({ name: BATCH }).first("id")).id;
  await ctx.server.db("batches").where({ id: ctx.batch }).update({ fee_fen: 0 });
  await ctx.server.db("training_courses").where({ batch_id: ctx.batch }).delete();
  await ctx.server.db("training_courses").insert({ batch_id: ctx.batch, seq: 1, name: COURSE, study_days: 3 });
  ctx.admin = await newPage(ctx.browser, { baseURL: ctx.server.url });
  await passwordLogin(ctx.admin, "admin", "Demo@Admin2025", "系统管理员");
  await addLessons(ctx.admin, ctx.batch, [
    { course: COURSE, title: "第一讲 评标流程", file: { name: "第一讲.webm", mimeType: "video/webm", buffer: webm20s() } },
    { course: COURSE, title: "评标办法", file: { name: "评标办法.pdf", mimeType: "application/pdf", buffer: await pdf("lesson document") }, minStudyS: 10 },
  ]);
  await ctx.admin.getByRole("cell", { name: "20 秒" }).waitFor();
  await ctx.admin.getByRole("cell", { name: "至少 10 秒" }).waitFor();
  await checkA11y(ctx.admin, "课程内容");
  ctx.admin.assertClean();
});

test("an approved expert (nothing to pay) opens 学习: the courses and lessons with their progress", async () => {
  ctx.expert = await newPage(ctx.browser, { baseURL: ctx.server.url });
  const { enrolment } = await admittedExpert(ctx.expert, ctx.admin, ctx.server.db, { prefix: "crs", name: "学习专家", batch: BATCH });
  ctx.enrolment = enrolment;
  const waived = await postAction(ctx.expert, `/training/${ctx.enrolment}/pay`, "routes/_app.training.$id.pay", { intent: "claim", rowVersion: await rowVersion(ctx.enrolment) });
  assert.is(waived.status, 200, waived.body.message);
  // Watched before, with a gap: 0–10 s and 15–20 s of the 20 s video (75 %, short of 95 %).
  const video = await ctx.server.db("training_lessons").where({ title: "第一讲 评标流程" }).first("id");
  await ctx.server.db("lesson_progress").insert({
    instance_id: ctx.enrolment, lesson_id: video.id, round: 0, intervals: JSON.stringify([[0, 10], [15, 20]]), covered_s: 15, furthest_s: 20, position_s: 10, last_at: Date.now() - 60_000, row_version: 1,
  });
  await visit(ctx.expert, `/training/${ctx.enrolment}`);
  await ctx.expert.getByRole("button", { name: "学习「第一讲 评标流程」" }).waitFor();
  // The bar stops short: the player says which part is left, and how long is still needed.
  await ctx.expert.locator(".lesson-unwatched").getByText("尚未观看：00:10–00:15。还需观看约 1 分钟").waitFor();
  await ctx.expert.getByRole("button", { name: "学习「评标办法」" }).waitFor();
  await ctx.expert.locator(".vjs-big-play-button").waitFor();
  // The player's controls speak Chinese (video.js's own words are English until its zh-CN is added).
  assert.is(await ctx.expert.locator(".vjs-big-play-button").getAttribute("title"), "播放视频");
  assert.is(await ctx.expert.locator(".vjs-control-bar .vjs-fullscreen-control").getAttribute("title"), "全屏");
  await checkA11y(ctx.expert, "学习");
});

test("on a 390 px phone, choosing a lesson brings its player into view", async () => {
  const phone = await newPage(ctx.browser, { baseURL: ctx.server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await phone.context().addCookies(await ctx.expert.context().cookies());
    await visit(phone, `/training/${ctx.enrolment}`);
    await phone.getByRole("button", { name: "学习「评标办法」" }).click();
    const panel = phone.getByRole("region", { name: "课件学习" });
    await panel.getByRole("heading", { name: "评标办法" }).waitFor();
    await phone.waitForFunction(() => {
      const r = document.querySelector(".study-player")!.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight / 2;
    });
  } finally {
    await phone.close();
  }
});

test("the expert studies the video and the document to 已完成: 培训完毕, and 学习 leads on to the exam (【去考试】)", async () => {
  await studyAllLessons(ctx.expert, ctx.enrolment);
  // Not "培训完毕" as if nothing were left: the exam is next, one click away.
  const next = ctx.expert.getByRole("status").filter({ hasText: "您已学完全部课程，下一步请参加考试。" });
  await next.waitFor({ timeout: 15_000 });
  assert.is((await ctx.server.db("workflow_instances").where({ id: ctx.enrolment }).first("state")).state, "studied");
  const rows = await ctx.server.db("lesson_progress").where({ instance_id: ctx.enrolment }).select("covered_s", "done_at");
  assert.is(rows.length, 2);
  assert.ok(rows.every((r: { done_at: unknown }) => r.done_at !== null));
  const phone = await newPage(ctx.browser, { baseURL: ctx.server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await phone.context().addCookies(await ctx.expert.context().cookies());
    await visit(phone, `/training/${ctx.enrolment}`);
    await phone.getByRole("link", { name: "去考试" }).waitFor();
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll at 390 px");
    if (process.env.SCREENSHOTS) await phone.screenshot({ path: "/tmp/study-after-390.png" });
  } finally {
    await phone.close();
  }
  // Study ended in the player, below the fold: the notice that appeared is brought into view, where the
  // expert can see it and click it without scrolling.
  const link = next.getByRole("link", { name: "去考试" });
  assert.ok(await link.evaluate((a) => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), "【去考试】 in view");
  await link.click();
  await ctx.expert.waitForURL((u) => u.pathname === `/training/${ctx.enrolment}/exam`);
  ctx.expert.assertClean();
});

test("我的培训 shows 学习进度 100% and 培训完毕 是", async () => {
  await visit(ctx.expert, "/training");
  const table = ctx.expert.getByRole("region", { name: "培训课程列表" });
  const row = table.getByRole("row").filter({ hasText: COURSE });
  await row.getByRole("cell", { name: "100%", exact: true }).waitFor();
  await row.getByRole("cell", { name: "是", exact: true }).waitFor();
  await ctx.expert.locator(".enrolment-status").getByText("培训完毕").waitFor();
  ctx.expert.assertClean();
});

run();
