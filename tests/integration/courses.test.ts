import "../setup/guard";
import "../setup/features";
// Issue 16 (first half) over HTTP: the administrator adds lessons to a batch's course (a real WebM video,
// its length read from the file, and a PDF with a minimum study time; wrong files and non-admins refused,
// nothing written); media served with Range to the paid owner only; heartbeats that cheat are refused
// (faster than real time, beyond the furthest point, another's enrolment, no CSRF) with nothing written;
// a second session or a resume never lowers progress; the heartbeat that completes the last lesson moves
// the enrolment to 培训完毕 and 我的培训 shows 100% and 培训完毕 是. The server clock is the test's.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { settlePayment } from "~/features/training/payments.server";
import { clock, Client, db } from "../setup/app";
import { DATA, rowVersion, submittedApplication } from "../setup/applications";
import { heartbeat, mp412s, uploadLesson, webm20s } from "../setup/courses";
import { signedIn } from "../setup/factories";
import { pdf, png } from "../setup/uploads";

const t = suite("courses: lessons, media and progress");
const ctx = {} as { admin: Client; expert: Client; other: Client; batch: number; course: number; enrolment: number; video: number; doc: number; number: string };
const stateOf = async (id: number) => (await db("workflow_instances").where({ id }).first("state")).state as string;
const lessonCount = async () => Number((await db("training_lessons").count<{ n: number }[]>({ n: "*" }))[0].n);
const progressRow = async (lesson: number) => db("lesson_progress").where({ instance_id: ctx.enrolment, lesson_id: lesson }).first();
type StudyPage = { state: string; after: { text: string; label: string; to: string; passed: boolean | null } | null; courses: { name: string; lessons: { id: number; coveredS: number; positionS: number; furthestS: number; percent: number; done: boolean }[] }[] };
const studyPage = async (c: Client) => (await (await c.get(`/training/${ctx.enrolment}?index&${DATA("routes/_app.training.$id._index")}`)).json()) as StudyPage;

t.before(async () => {
  clock.reset();
  ctx.admin = (await signedIn("admin")).client;
  ctx.other = (await signedIn("expert")).client;
  const ready = await submittedApplication({ name: "学习甲", region: "和田地区" });
  ctx.expert = ready.client;
  ctx.batch = (await db("workflow_instances").where({ id: ready.id }).first("batch_id")).batch_id;
  await db("batches").where({ id: ctx.batch }).update({ fee_fen: 10000 });
  await db("training_courses").where({ batch_id: ctx.batch }).delete();
  await db("training_courses").insert({ batch_id: ctx.batch, seq: 1, name: "评标业务课程", study_days: 3 });
  ctx.course = (await db("training_courses").where({ batch_id: ctx.batch, seq: 1 }).first("id")).id;
  for (const event of ["accept", "approve"]) {
    const res = await ctx.admin.post(`/review/${ready.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event, rowVersion: await rowVersion(ready.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
  const owner = (await db("workflow_instances").where({ id: ready.id }).first("owner_id")).owner_id;
  const e = await db("workflow_instances").where({ workflow_key: "training", owner_id: owner }).first("id", "workflow_version");
  ctx.enrolment = e.id;
  assert.is(e.workflow_version, 2, "new enrolments run training v2");
  ctx.number = (await db("experts").where({ user_id: owner }).first("number")).number;
});

t("课程内容: wrong files, missing fields and non-admins are refused, nothing is written", async () => {
  const before = await lessonCount();
  const cases: [Client, Parameters<typeof uploadLesson>[2], { name: string; data: Buffer }, number, string][] = [
    [ctx.admin, { courseId: ctx.course, title: "图片" }, { name: "a.png", data: png() }, 415, "MP4 或 WebM"],
    [ctx.admin, { courseId: ctx.course, title: "假视频" }, { name: "fake.mp4", data: Buffer.from("not a video at all, only text") }, 415, "MP4 或 WebM"],
    [ctx.admin, { courseId: ctx.course, title: "" }, { name: "a.webm", data: webm20s() }, 422, "标题"],
    [ctx.admin, { courseId: ctx.course, title: "文档" }, { name: "a.pdf", data: await pdf() }, 422, "最短学习时间"],
    [ctx.admin, { courseId: ctx.course, title: "文档", minStudyS: "5" }, { name: "a.pdf", data: await pdf() }, 422, "最短学习时间"],
    [ctx.admin, { courseId: 99999999, title: "别的课程" }, { name: "a.webm", data: webm20s() }, 404, "课程"],
  ];
  for (const [c, fields, file, status, msg] of cases) {
    const res = await uploadLesson(c, ctx.batch, fields, file);
    const body = (await res.json()) as { error?: string };
    assert.is(res.status, status, `${fields.title}: ${body.error}`);
    assert.match(body.error ?? "", msg);
  }
  for (const c of [ctx.expert, (await signedIn("reviewer")).client]) {
    assert.is((await uploadLesson(c, ctx.batch, { courseId: ctx.course, title: "越权" }, { name: "a.webm", data: webm20s() })).status, 403);
    assert.is((await c.get(`/admin/batches/${ctx.batch}/courses?${DATA("routes/_app.admin.batches.$id_.courses")}`)).status, 403);
  }
  assert.is((await uploadLesson(ctx.admin, ctx.batch, { courseId: ctx.course, title: "无令牌" }, { name: "a.webm", data: webm20s() }, { csrf: false })).status, 403);
  assert.is(await lessonCount(), before, "nothing written");
});

t("课程内容: a WebM video (length read from the file: 20 s) and a PDF with 10 s minimum; order and removal (audited)", async () => {
  const v = await uploadLesson(ctx.admin, ctx.batch, { courseId: ctx.course, title: "第一讲 评标流程" }, { name: "第一讲.webm", data: webm20s() });
  assert.is(v.status, 201, await v.clone().text());
  const video = ((await v.json()) as { lesson: { id: number; durationS: number; neededS: number; kind: string } }).lesson;
  assert.equal([video.kind, video.durationS, video.neededS], ["video", 20, 19], "95 % of 20 s");
  const m = await uploadLesson(ctx.admin, ctx.batch, { courseId: ctx.course, title: "第二讲 MP4" }, { name: "b.mp4", data: mp412s() });
  assert.is(m.status, 201, await m.clone().text());
  assert.is(((await m.json()) as { lesson: { durationS: number } }).lesson.durationS, 12);
  const d = await uploadLesson(ctx.admin, ctx.batch, { courseId: ctx.course, title: "评标办法（文档）", minStudyS: "10" }, { name: "办法.pdf", data: await pdf("lesson document") });
  assert.is(d.status, 201, await d.clone().text());
  const doc = ((await d.json()) as { lesson: { id: number; kind: string; neededS: number } }).lesson;
  assert.equal([doc.kind, doc.neededS], ["document", 10]);
  ctx.video = video.id;
  ctx.doc = doc.id;
  const page = `/admin/batches/${ctx.batch}/courses?${DATA("routes/_app.admin.batches.$id_.courses")}`;
  const titles = async () => ((await (await ctx.admin.get(page)).json()) as { courses: { lessons: { title: string }[] }[] }).courses[0].lessons.map((l) => l.title);
  assert.equal(await titles(), ["第一讲 评标流程", "第二讲 MP4", "评标办法（文档）"]);
  const mp4Id = (await db("training_lessons").where({ title: "第二讲 MP4" }).first("id")).id;
  assert.is((await ctx.admin.post(page, { intent: "up", lessonId: String(doc.id) })).status, 200);
  assert.equal(await titles(), ["第一讲 评标流程", "评标办法（文档）", "第二讲 MP4"]);
  assert.is((await ctx.admin.post(page, { intent: "remove", lessonId: String(mp4Id) })).status, 200);
  assert.equal(await titles(), ["第一讲 评标流程", "评标办法（文档）"]);
  assert.is((await ctx.admin.post(page, { intent: "remove", lessonId: "99999999" })).status, 404);
  assert.is((await ctx.admin.post(page, { intent: "explode", lessonId: String(doc.id) })).status, 400);
  const audited = await db("audit_log").where({ action: "course.lesson_change", target_id: String(ctx.batch) }).count<{ n: number }[]>({ n: "*" });
  assert.ok(Number(audited[0].n) >= 5, "adds, move and removal audited");
  // The blob is kept from the orphan cleanup: an uploads row for it exists.
  const sha = (await db("training_lessons").where({ id: video.id }).first("sha256")).sha256;
  assert.ok(await db("uploads").where({ sha256: sha }).first("id"));
});

t("before payment: the owner's media and heartbeats are refused; another expert gets 404", async () => {
  assert.is(await stateOf(ctx.enrolment), "awaiting-payment");
  assert.is((await ctx.expert.get(`/training/${ctx.enrolment}/lessons/${ctx.video}/media`)).status, 403);
  // Opened as a page (a bookmarked or pasted link): a short Chinese page saying why, not raw JSON.
  const asPage = await ctx.expert.fetch(`/training/${ctx.enrolment}/lessons/${ctx.video}/media`, { headers: { "Sec-Fetch-Dest": "document", Accept: "text/html" } });
  assert.is(asPage.status, 403);
  const html = await asPage.text();
  assert.match(html, "缴费成功后即可进入培训学习");
  assert.not.match(html, '{"error"');
  const hb = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 0, 5);
  assert.is(hb.status, 403);
  assert.match(hb.body.error ?? "", "缴费");
  assert.is((await ctx.other.get(`/training/${ctx.enrolment}/lessons/${ctx.video}/media`)).status, 404);
  assert.is(await progressRow(ctx.video), undefined);
  const u = await db("users").where({ role: "admin" }).orderBy("id", "desc").first("id", "name");
  const paid = await settlePayment(ctx.enrolment, { amountFen: 10000, txnId: `c-${ctx.enrolment}`, paidAt: Date.now(), source: "import" }, { id: u.id, role: "admin", name: u.name }, "127.0.0.1");
  assert.equal(paid, { ok: true });
  assert.is(await stateOf(ctx.enrolment), "paid");
});

t("media: whole (200), a range (206 with Content-Range), a bad range (416); other expert 404; admin may preview", async () => {
  const url = `/training/${ctx.enrolment}/lessons/${ctx.video}/media`;
  const size = webm20s().length;
  const whole = await ctx.expert.get(url);
  assert.is(whole.status, 200);
  assert.is(whole.headers.get("accept-ranges"), "bytes");
  assert.is(whole.headers.get("content-type"), "video/webm");
  assert.is((await whole.arrayBuffer()).byteLength, size);
  const part = await ctx.expert.fetch(url, { headers: { range: "bytes=100-199" } });
  assert.is(part.status, 206);
  assert.is(part.headers.get("content-range"), `bytes 100-199/${size}`);
  assert.equal(Buffer.from(await part.arrayBuffer()), webm20s().subarray(100, 200));
  const tail = await ctx.expert.fetch(url, { headers: { range: "bytes=-16" } });
  assert.is(tail.status, 206);
  assert.is((await tail.arrayBuffer()).byteLength, 16);
  for (const range of [`bytes=${size}-`, "bytes=50-10", "pages=1-2"]) {
    const bad = await ctx.expert.fetch(url, { headers: { range } });
    assert.is(bad.status, 416, range);
    assert.is(bad.headers.get("content-range"), `bytes */${size}`);
  }
  assert.is((await ctx.other.get(url)).status, 404);
  assert.is((await ctx.other.fetch(url, { headers: { range: "bytes=0-9" } })).status, 404);
  assert.is((await ctx.expert.get(`/training/${ctx.enrolment}/lessons/99999999/media`)).status, 404);
  assert.is((await (await new Client().prime()).get(url)).status, 302);
  assert.is((await ctx.admin.fetch(url, { headers: { range: "bytes=0-9" } })).status, 206);
  const doc = await ctx.expert.get(`/training/${ctx.enrolment}/lessons/${ctx.doc}/media`);
  assert.is(doc.status, 200);
  assert.is(doc.headers.get("content-type"), "application/pdf");
  assert.is(doc.headers.get("x-frame-options"), "SAMEORIGIN", "the 学习 page frames the PDF");
});

t("cheating heartbeats are refused with nothing written: no CSRF, another's enrolment, faster than real time, beyond the furthest point", async () => {
  // Nothing watched yet: a range ending past 0 + one span (10 s + 3 s tolerance) is a seek ahead.
  const ahead = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 14, 18);
  assert.is(ahead.status, 409);
  assert.match(ahead.body.error ?? "", "不能跳过");
  assert.is(await progressRow(ctx.video), undefined);
  assert.is(await stateOf(ctx.enrolment), "paid", "a refused heartbeat starts nothing");
  const first = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 0, 10);
  assert.is(first.status, 200, first.body.error);
  assert.equal([first.body.coveredS, first.body.furthestS, first.body.done], [10, 10, false]);
  assert.equal((first.body as { unwatched?: unknown }).unwatched, [[10, 20]], "what is left of the 20 s video");
  assert.is(await stateOf(ctx.enrolment), "studying", "the first progress starts 学习中");
  const snapshot = async () => JSON.stringify(await progressRow(ctx.video));
  const kept = await snapshot();
  const noCsrf = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 10, 20, { csrf: false });
  assert.is(noCsrf.status, 403);
  const others = await heartbeat(ctx.other, ctx.enrolment, ctx.video, 10, 20);
  assert.is(others.status, 404);
  const fast = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 10, 20); // no time has passed
  assert.is(fast.status, 409);
  assert.match(fast.body.error ?? "", "快于实际时间");
  assert.is((fast.body as { retryAfterS?: number }).retryAfterS, 10 - 3, "when the same range would be taken (s)");
  clock.advance(60_000);
  const bad = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 5, 1);
  assert.is(bad.status, 422);
  const junk = await ctx.expert.post(`/training/${ctx.enrolment}/lessons/${ctx.video}/heartbeat`, { from: "1e9", to: "NaN" });
  assert.is(junk.status, 422);
  assert.is(await snapshot(), kept, "nothing written by any refusal");
});

t("a second session and a resume never lower progress; the page resumes where the expert stopped", async () => {
  clock.advance(10_000);
  const on = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 10, 14);
  assert.is(on.status, 200, on.body.error);
  assert.is(on.body.coveredS, 14);
  // A second tab (same session cookies) replays an older range: the union stays, the furthest point stays.
  const tab = new Client(ctx.expert.ip);
  tab.cookies = new Map(ctx.expert.cookies);
  tab.csrf = ctx.expert.csrf;
  clock.advance(5_000);
  const older = await heartbeat(tab, ctx.enrolment, ctx.video, 0, 6);
  assert.is(older.status, 200, older.body.error);
  assert.equal([older.body.coveredS, older.body.furthestS], [14, 14]);
  const page = await studyPage(ctx.expert);
  const l = page.courses[0].lessons.find((x) => x.id === ctx.video)!;
  assert.equal([l.coveredS, l.furthestS, l.positionS, l.percent, l.done], [14, 14, 6, 73, false]);
  assert.equal((l as { unwatched?: unknown }).unwatched, [[14, 20]], "the page knows what is left to watch");
});

t("the heartbeat completing the last lesson moves the enrolment to 培训完毕; 我的培训 shows 100% and 是", async () => {
  clock.advance(10_000);
  const v = await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 14, 20);
  assert.is(v.status, 200, v.body.error);
  assert.equal([v.body.coveredS, v.body.percent, v.body.done, v.body.finished], [20, 100, true, false]);
  const mid = (await (await ctx.expert.get(`/training?${DATA("routes/_app.training._index")}`)).json()) as { rows: { progress: string; finished: string }[] };
  assert.equal([mid.rows[0].progress, mid.rows[0].finished], ["65%", "否"], "19 of 29 needed seconds");
  assert.is((await studyPage(ctx.expert)).after, null, "still studying: nothing after study yet");
  // The document counts time on page: 10 s of visible time, reported as it passes.
  clock.advance(6_000);
  const d1 = await heartbeat(ctx.expert, ctx.enrolment, ctx.doc, 0, 6);
  assert.is(d1.status, 200, d1.body.error);
  assert.is(d1.body.done, false);
  const early = await heartbeat(ctx.expert, ctx.enrolment, ctx.doc, 6, 10);
  assert.is(early.status, 409, "the page may not count time faster than the server's clock");
  clock.advance(4_000);
  const d2 = await heartbeat(ctx.expert, ctx.enrolment, ctx.doc, 6, 10);
  assert.is(d2.status, 200, d2.body.error);
  assert.equal([d2.body.done, d2.body.finished, d2.body.state], [true, true, "studied"]);
  assert.is(await stateOf(ctx.enrolment), "studied");
  const history = await db("workflow_history").where({ instance_id: ctx.enrolment }).orderBy("id").select("event");
  assert.equal(history.map((h: { event: string }) => h.event).slice(-2), ["start-study", "finish-study"]);
  const p = (await (await ctx.expert.get(`/training?${DATA("routes/_app.training._index")}`)).json()) as { rows: { progress: string; finished: string }[]; enrolments: { stateTitle: string }[] };
  assert.equal([p.rows[0].progress, p.rows[0].finished, p.enrolments[0].stateTitle], ["100%", "是", "培训完毕"]);
  // 学习 leads on to the exam (not 培训完毕 as if nothing were left), where 我的培训's 操作 leads too.
  const after = (await studyPage(ctx.expert)).after;
  assert.equal(after, { text: "您已学完全部课程，下一步请参加考试。", label: "去考试", to: `/training/${ctx.enrolment}/exam`, passed: null });
  const row = (p as unknown as { rows: { enrolmentId: number; step: string }[] }).rows.find((r) => r.enrolmentId === ctx.enrolment)!;
  assert.is(row.step, "exam");
  const html = await (await ctx.expert.get(`/training/${ctx.enrolment}`)).text();
  assert.match(html, `href="/training/${ctx.enrolment}/exam"`);
  assert.not.match(html, "培训完毕。");
  // Studying on after completion keeps everything (and the media stays open).
  clock.advance(10_000);
  assert.is((await heartbeat(ctx.expert, ctx.enrolment, ctx.video, 0, 10)).status, 200);
  assert.is(await stateOf(ctx.enrolment), "studied");
  assert.is((await ctx.expert.get(`/training/${ctx.enrolment}/lessons/${ctx.video}/media`)).status, 200);
});

t("a new round (补学) starts empty: progress is kept per round", async () => {
  const row = await db("workflow_instances").where({ id: ctx.enrolment }).first("data");
  const data = JSON.parse(row.data);
  await db("workflow_instances").where({ id: ctx.enrolment }).update({ data: JSON.stringify({ ...data, round: 1 }) });
  const page = await studyPage(ctx.expert);
  assert.ok(page.courses[0].lessons.every((l) => l.coveredS === 0 && !l.done));
  const p = (await (await ctx.expert.get(`/training?${DATA("routes/_app.training._index")}`)).json()) as { rows: { progress: string; finished: string }[] };
  assert.equal([p.rows[0].progress, p.rows[0].finished], ["0%", "否"]);
  await db("workflow_instances").where({ id: ctx.enrolment }).update({ data: row.data });
});

t.after(() => clock.reset());

t.run();
