// Browser steps of 课程内容 and 学习, for the courses journey and the full issue-16 journey: the
// administrator adds lessons on 课程内容 (from the batch editor's link), and a paid expert studies every
// lesson of an enrolment to 已完成 on the 学习 page. Watching is real: the server judges heartbeats by
// its own clock, so a 20 s video takes 20 s (the browser tests' server runs in its own process, where
// the test cannot move the clock); each wait is on a condition, never a sleep.
import type { Page } from "playwright-core";
import { visit } from "./browser";

export type LessonInput = { course: string; title: string; file: { name: string; mimeType: string; buffer: Buffer }; minStudyS?: number };

/** On 课程内容 of `batchId` (reached from 批次设置's 「课程内容」 link), adds each lesson to its course. */
export async function addLessons(page: Page, batchId: number, lessons: LessonInput[]): Promise<void> {
  await visit(page, `/admin/batches/${batchId}`);
  await page.getByRole("link", { name: "课程内容" }).click();
  await page.waitForURL((u) => u.pathname === `/admin/batches/${batchId}/courses`);
  for (const l of lessons) {
    const card = page.locator(".ant-card").filter({ has: page.locator(".ant-card-head-title", { hasText: l.course }) });
    await card.getByLabel("课件标题").fill(l.title);
    await card.getByLabel("课件文件").setInputFiles(l.file);
    if (l.minStudyS !== undefined) await card.getByLabel("最短学习时间（秒）").fill(String(l.minStudyS));
    await card.getByRole("button", { name: "上传课件" }).click();
    await card.getByRole("status").filter({ hasText: `已添加课件「${l.title}」` }).waitFor({ timeout: 30_000 });
    await card.getByRole("cell", { name: l.title, exact: true }).waitFor();
  }
}

/**
 * On 学习 of `enrolmentId`, studies every lesson in order until each shows 已完成: a video is played
 * (from where the expert stopped) to its end, a document stays visible for its minimum study time.
 * `perLessonMs` bounds each wait (a lesson's own length plus margin).
 */
export async function studyAllLessons(page: Page, enrolmentId: number, perLessonMs = 90_000): Promise<void> {
  await visit(page, `/training/${enrolmentId}`);
  const items = page.locator(".lesson-list > li");
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    if (await item.locator(".ant-tag", { hasText: "已完成" }).count()) continue;
    await item.getByRole("button", { name: /^学习「/ }).click();
    const player = page.getByRole("region", { name: "课件学习" });
    if (await item.locator(".ant-tag", { hasText: "视频" }).count()) {
      await player.locator(".vjs-big-play-button").click();
    } else {
      await player.getByRole("timer").waitFor();
    }
    await item.locator(".ant-tag", { hasText: "已完成" }).waitFor({ timeout: perLessonMs });
  }
}


