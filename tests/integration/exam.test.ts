import "../setup/guard";
import "../setup/features";
// Issue 16 (测试): the question bank import refuses a malformed XLSX with row numbers and writes nothing;
// the definition is validated and audited; an exam starts only in 培训完毕; each cheating attempt is
// refused — a second concurrent attempt, answers after deadline + grace, a question not in the paper,
// reading answers before submission, another expert's attempt —; the sweeper submits an expired attempt
// exactly once; the graded result moves the workflow (合格 / 不合格 → 补学 → 合格) and 我的培训 shows it.
// Runs on SQLite and PostgreSQL.
import ExcelJS from "exceljs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { applyTransition } from "~/engine/workflows/runtime.server";
import { sweepExpiredAttempts } from "~/features/exam/attempts.server";
import { GRACE_MS } from "~/features/exam/rules";
import { Client, clock, db } from "../setup/app";
import { DATA } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { defineExam, enrolmentInState, freshBatch, examAction, examPage, saveAnswer, seedQuestions, toStudied } from "../setup/exam";

const t = suite("exam");
const ctx = {} as { admin: Client; batch: number; expert: Client; expertId: number; enrolment: number; other: Client; otherEnrolment: number };
const SETTINGS = "routes/_app.admin.batches.$id_.exam";

async function xlsx(rows: (string | number)[][]): Promise<Blob> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("题库");
  for (const r of rows) sheet.addRow(r);
  return new Blob([new Uint8Array(await book.xlsx.writeBuffer())]);
}
const HEADER = ["题目分类", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案", "解析"];

async function upload(c: Client, batch: number, intent: "preview" | "import", file: Blob, name = "题库.xlsx") {
  const f = new FormData();
  f.set("_csrf", c.csrf);
  f.set("intent", intent);
  f.set("file", file, name);
  const res = await c.fetch(`/admin/batches/${batch}/exam?${DATA(SETTINGS)}`, { method: "POST", body: f });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string; total?: number; errors?: { row: number; message: string }[] } };
}
const bankSize = async (batch: number) => Number((await db("exam_questions").where({ batch_id: batch }).whereNull("deleted_at").count({ n: "*" }))[0].n);

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  ctx.batch = await freshBatch(db, "考试测试批次");
  await db("batches").where({ id: ctx.batch }).update({ retake_fee_fen: 0 });
  const e = await signedIn("expert");
  ctx.expert = e.client;
  ctx.expertId = e.user.id;
  ctx.enrolment = await enrolmentInState(db, { ownerId: e.user.id, batchId: ctx.batch, state: "studying" });
  const o = await signedIn("expert");
  ctx.other = o.client;
  ctx.otherEnrolment = await enrolmentInState(db, { ownerId: o.user.id, batchId: ctx.batch, state: "studied" });
});

t("import: a malformed XLSX is refused with every bad row's number and reason, and nothing is written", async () => {
  const before = await bankSize(ctx.batch);
  const bad = await xlsx([
    HEADER,
    ["政策法规", "单选", "好的一题", "甲", "乙", "", "", "", "", "A", ""],
    ["政策法规", "填空", "题型不对", "甲", "乙", "", "", "", "", "A", ""],
    ["", "单选", "没有分类", "甲", "乙", "", "", "", "", "A", ""],
    ["政策法规", "单选", "答案超出选项", "甲", "乙", "", "", "", "", "D", ""],
    ["政策法规", "多选", "多选只有一个答案", "甲", "乙", "丙", "", "", "", "B", ""],
    ["评标纪律", "判断", "判断答案不对", "", "", "", "", "", "", "也许", ""],
  ]);
  for (const intent of ["preview", "import"] as const) {
    const r = await upload(ctx.admin, ctx.batch, intent, bad);
    assert.is(r.status, 422, r.body.message);
    assert.match(r.body.message, "5 行有误，未导入任何题目");
    assert.equal(r.body.errors!.map((e) => e.row), [3, 4, 5, 6, 7]);
    assert.match(r.body.errors![0].message, "题型“填空”无效");
    assert.match(r.body.errors![1].message, "题目分类不能为空");
    assert.match(r.body.errors![2].message, "不存在的选项");
    assert.match(r.body.errors![3].message, "多选题至少有两个正确答案");
    assert.match(r.body.errors![4].message, "判断题的正确答案");
  }
  assert.is(await bankSize(ctx.batch), before, "nothing written");
  const wrongHeader = await upload(ctx.admin, ctx.batch, "import", await xlsx([["分类", "题干"], ["a", "b"]]));
  assert.is(wrongHeader.status, 422);
  assert.equal(wrongHeader.body.errors!.map((e) => e.row), [1], wrongHeader.body.message);
  const notXlsx = await upload(ctx.admin, ctx.batch, "import", new Blob(["not a zip"]), "题库.xlsx");
  assert.is(notXlsx.status, 422);
  assert.match(notXlsx.body.message, /^无法读取题库文件：.*XLSX/, "the file's problem, not a row's");
  assert.equal(notXlsx.body.errors, []);
  assert.is(await bankSize(ctx.batch), before, "nothing written");
  const asExpert = await upload(ctx.expert, ctx.batch, "import", bad);
  assert.is(asExpert.status, 403);
});

t("import: a good file is previewed, then imported in one go and audited; the template downloads", async () => {
  const good = await xlsx([
    HEADER,
    ["政策法规", "单选", "评标委员会成员人数？", "三人以上单数", "五人以上单数", "七人", "", "", "", "B", "招标投标法第三十七条"],
    ["政策法规", "多选", "下列哪些属于回避情形？", "近亲属", "同事", "陌生人", "", "", "", "A,B", ""],
    ["评标纪律", "判断", "可以私下接触投标人。", "", "", "", "", "", "", "错误", ""],
  ]);
  const preview = await upload(ctx.admin, ctx.batch, "preview", good);
  assert.is(preview.status, 200, JSON.stringify(preview.body));
  assert.is(preview.body.total, 3);
  const before = await bankSize(ctx.batch);
  assert.is(before, 0, "preview writes nothing");
  const done = await upload(ctx.admin, ctx.batch, "import", good);
  assert.is(done.status, 200, done.body.message);
  assert.is(await bankSize(ctx.batch), 3);
  const q = await db("exam_questions").where({ batch_id: ctx.batch, kind: "multiple" }).first();
  assert.is(q.answer, "[0,1]");
  const audit = await db("audit_log").where({ action: "exam.import" }).orderBy("id", "desc").first();
  assert.ok(audit, "audited");
  // The same file again: every question is already in the bank — said in the preview, nothing added.
  const again = await upload(ctx.admin, ctx.batch, "preview", good);
  assert.is(again.status, 200);
  assert.match(again.body.message, "均与题库中已有的题目相同，无需导入");
  assert.is((await upload(ctx.admin, ctx.batch, "import", good)).status, 200);
  assert.is(await bankSize(ctx.batch), 3, "importing the same file twice adds nothing");
  // A file repeating one of its own rows (spaces aside) and bringing one new question: only the new one.
  const mixed = await xlsx([
    HEADER,
    ["评标纪律", "判断", "可以私下接触投标人。 ", "", "", "", "", "", "", "错误", ""],
    ["评标纪律", "判断", "应当按时到场。", "", "", "", "", "", "", "正确", ""],
    ["评标纪律", "判断", "应当按时到场。", "", "", "", "", "", "", "正确", ""],
  ]);
  const mixedPreview = await upload(ctx.admin, ctx.batch, "preview", mixed);
  assert.match(mixedPreview.body.message, "其中 2 题与题库中已有的题目（或文件中前面的题目）相同，将跳过，可以导入 1 题");
  const mixedDone = await upload(ctx.admin, ctx.batch, "import", mixed);
  assert.match(mixedDone.body.message, "已导入 1 题，跳过重复的 2 题");
  assert.is(await bankSize(ctx.batch), 4);
  const tpl = await ctx.admin.get(`/admin/batches/${ctx.batch}/exam/template`);
  assert.is(tpl.status, 200);
  assert.match(tpl.headers.get("content-type") ?? "", "spreadsheetml");
  // Cleaned for the exams below: a bank whose right answer is always the first option.
  await db("exam_questions").where({ batch_id: ctx.batch }).delete();
  await seedQuestions(db, ctx.batch, { 政策法规: 6, 评标纪律: 6 });
});

t("definition: refused beyond the bank or out of range (Chinese, nothing written), saved and audited otherwise", async () => {
  const url = `/admin/batches/${ctx.batch}/exam?${DATA(SETTINGS)}`;
  const post = (f: Record<string, string>) => ctx.admin.post(url, { intent: "definition", minutes: "90", passMark: "80", attempts: "2", retakeNeedsStudy: "1", ...f });
  // The form's fields are named by category (a position would shift when an import adds a category).
  const draw = (a: string, b: string) => ({ "draw:政策法规": a, "draw:评标纪律": b });
  let res = await post(draw("7", "5"));
  assert.is(res.status, 422);
  assert.match((await res.json()).message, "只有 6 题");
  res = await post({ ...draw("5", "5"), passMark: "120" });
  assert.is(res.status, 422);
  assert.is(await db("exam_definitions").where({ batch_id: ctx.batch }).first(), undefined);
  res = await post(draw("5", "5"));
  assert.is(res.status, 200, await res.clone().text());
  const d = await db("exam_definitions").where({ batch_id: ctx.batch }).first();
  assert.equal(JSON.parse(d.draws).length, 2);
  assert.ok(await db("audit_log").where({ action: "exam.definition" }).first(), "audited");
  const asExpert = await ctx.expert.post(url, { intent: "definition", minutes: "1" });
  assert.is(asExpert.status, 403);
});

t("definition: an out-of-range number is refused with its field's range (422, by field), never narrowed into range and saved", async () => {
  const url = `/admin/batches/${ctx.batch}/exam?${DATA(SETTINGS)}`;
  const good = { intent: "definition", minutes: "90", passMark: "80", attempts: "2", retakeNeedsStudy: "1", "draw:政策法规": "5", "draw:评标纪律": "5" };
  const saved = async () => db("exam_definitions").where({ batch_id: ctx.batch }).first("draws", "minutes", "pass_mark", "attempts", "updated_at");
  const audits = async () => Number((await db("audit_log").where({ action: "exam.definition" }).count({ n: "*" }))[0].n);
  const before = await saved();
  const audited = await audits();
  const cases: [Record<string, string>, string, string][] = [
    [{ passMark: "150" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ passMark: "0" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ passMark: "99999" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ passMark: "-5" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ passMark: "80.5" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ passMark: "" }, "passMark", "合格分数应为 1–100 之间的整数"],
    [{ minutes: "601" }, "minutes", "考试时长应为 1–600 之间的整数"],
    [{ attempts: "11" }, "attempts", "考试次数应为 1–10 之间的整数"],
    [{ attempts: "12345678901234" }, "attempts", "考试次数应为 1–10 之间的整数"],
    [{ "draw:政策法规": "7" }, "draw:政策法规", "题库中「政策法规」只有 6 题，不足抽取的 7 题"],
    [{ "draw:政策法规": "-1" }, "draw:政策法规", "「政策法规」的抽题数量应为 0–6 之间的整数"],
  ];
  for (const [change, field, message] of cases) {
    const res = await ctx.admin.post(url, { ...good, ...change });
    const body = (await res.json()) as { ok: boolean; message: string; fields?: Record<string, string> };
    assert.is(res.status, 422, JSON.stringify(change));
    assert.is(body.ok, false);
    assert.is(body.message, message, JSON.stringify(change));
    assert.equal(body.fields, { [field]: message }, JSON.stringify(change));
  }
  // Two fields wrong at once: each has its own message.
  const both = await ctx.admin.post(url, { ...good, minutes: "0", passMark: "150" });
  assert.equal(((await both.json()) as { fields: object }).fields, { minutes: "考试时长应为 1–600 之间的整数", passMark: "合格分数应为 1–100 之间的整数" });
  assert.equal(await saved(), before, "nothing saved");
  assert.is(await audits(), audited, "nothing audited");
});

t("the exam starts only in 培训完毕; two racing starts make one attempt; the database refuses a second open one", async () => {
  const early = await examAction(ctx.expert, ctx.enrolment, "start");
  assert.is(early.status, 409);
  assert.match(early.body.message, "培训完毕");
  await toStudied(db, ctx.enrolment);
  const [a, b] = await Promise.all([examAction(ctx.expert, ctx.enrolment, "start"), examAction(ctx.expert, ctx.enrolment, "start")]);
  assert.ok(a.body.ok && b.body.ok, `${a.body.message} / ${b.body.message}`);
  assert.equal([a.status, b.status].sort(), [200, 201], "one started it, the other was given the open attempt");
  const open = await db("exam_attempts").where({ owner_id: ctx.expertId });
  assert.is(open.length, 1, "one attempt");
  // Each answer carries that attempt's paper (the page shows it without reloading), never a key.
  for (const r of [a, b]) {
    assert.is(r.body.open?.attemptId, open[0].id);
    assert.is(r.body.open?.questions.length, 10);
    for (const leak of ['"answer"', '"explanation"', "解析"]) assert.not.ok(r.text.includes(leak), `the start's answer holds ${leak}`);
  }
  assert.is(open[0].total, 10);
  let refused = false;
  try {
    await db("exam_attempts").insert({ ...open[0], id: undefined, attempt_no: 9, instance_id: ctx.otherEnrolment });
  } catch {
    refused = true;
  }
  assert.ok(refused, "the unique index refuses a second open attempt of the same expert");
  // 开始考试 in another enrolment of the same expert while this attempt is open: refused, nothing written.
  // (another batch with an exam of its own, so only the open attempt stands in the way).
  const otherBatch = await freshBatch(db, "考试测试批次二");
  await seedQuestions(db, otherBatch, { 政策法规: 2 });
  await defineExam(db, otherBatch, { draws: [{ category: "政策法规", count: 2 }], minutes: 90, passMark: 60, attempts: 2, retakeNeedsStudy: false });
  const second = await enrolmentInState(db, { ownerId: ctx.expertId, batchId: otherBatch, state: "studied" });
  const elsewhere = await examAction(ctx.expert, second, "start");
  assert.is(elsewhere.status, 409, elsewhere.body.message);
  assert.match(elsewhere.body.message, "正在进行");
  assert.is((await db("exam_attempts").where({ owner_id: ctx.expertId })).length, 1, "still one attempt");
});

t("nothing reveals answers or explanations before submission; another expert's attempt is out of reach", async () => {
  const page = await examPage(ctx.expert, ctx.enrolment);
  assert.is(page.status, 200);
  assert.ok(page.data.open, "an open attempt");
  for (const leak of ['"answer"', '"explanation"', "解析"]) assert.not.ok(page.text.includes(leak), `the page data holds ${leak}`);
  const q = page.data.open!.questions[0];
  const saved = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.data.open!.attemptId, q: q.id, seq: 1, choice: [q.options[0].id], at: Date.now() });
  assert.is(saved.status, 200);
  for (const leak of ["answer", "explanation", "correct"]) assert.not.ok(leak in saved.body, `the answer's reply holds ${leak}`);
  // 开始考试 again (a second tab): the open attempt, with the answer just saved.
  const again = await examAction(ctx.expert, ctx.enrolment, "start");
  assert.is(again.status, 200);
  assert.equal(again.body.open?.answers[String(q.id)], { choice: [q.options[0].id], seq: 1 });
  // The other expert: neither the page, nor 开始考试, nor the answer endpoint (with their own enrolment id or ours).
  assert.is((await examPage(ctx.other, ctx.enrolment)).status, 404);
  assert.is((await examAction(ctx.other, ctx.enrolment, "start")).status, 404);
  assert.is((await ctx.expert.post(`/training/${ctx.enrolment}/exam/start`, {}, { csrf: false })).status, 403, "开始考试 without the CSRF token");
  const viaOwn = await saveAnswer(ctx.other, ctx.otherEnrolment, { attempt: page.data.open!.attemptId, q: q.id, seq: 5, choice: [1], at: Date.now() });
  assert.is(viaOwn.status, 404);
  const viaTheirs = await saveAnswer(ctx.other, ctx.enrolment, { attempt: page.data.open!.attemptId, q: q.id, seq: 5, choice: [1], at: Date.now() });
  assert.is(viaTheirs.status, 404);
  const stored = await db("exam_answers").where({ attempt_id: page.data.open!.attemptId, question_id: q.id }).first();
  assert.is(stored.seq, 1, "nothing written by the other expert");
  // Posting the result by hand: the guards want the graded attempt, which only grading supplies.
  const hand = await applyTransition(ctx.enrolment, "pass-exam", { id: ctx.expertId, role: "expert" });
  assert.is(hand.ok, false);
});

t("answers: a question not in the paper, a malformed choice, no CSRF are refused; a lower sequence number changes nothing", async () => {
  const page = (await examPage(ctx.expert, ctx.enrolment)).data.open!;
  const inPaper = new Set(page.questions.map((q) => q.id));
  const outside = (await db("exam_questions").where({ batch_id: ctx.batch }).select("id")).map((r: { id: number }) => r.id).find((id: number) => !inPaper.has(id))!;
  const r1 = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: outside, seq: 10, choice: [0], at: Date.now() });
  assert.is(r1.status, 422);
  assert.match(r1.body.message, "不在本次试卷中");
  const single = page.questions.find((q) => q.kind === "single")!;
  const r2 = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: single.id, seq: 11, choice: [0, 1], at: Date.now() });
  assert.is(r2.status, 422);
  const r3 = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: single.id, seq: 12, choice: [9], at: Date.now() });
  assert.is(r3.status, 422);
  const noCsrf = await ctx.expert.post(`/training/${ctx.enrolment}/exam/answer`, { attempt: String(page.attemptId), q: String(single.id), seq: "13", choice: "1", at: String(Date.now()) }, { csrf: false });
  assert.is(noCsrf.status, 403);
  const newer = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: single.id, seq: 20, choice: [2], at: Date.now() });
  assert.is(newer.status, 200);
  const older = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: single.id, seq: 15, choice: [3], at: Date.now() });
  assert.is(older.status, 200, "an older save is acknowledged");
  const again = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: single.id, seq: 20, choice: [2], at: Date.now() });
  assert.is(again.status, 200, "a duplicate is acknowledged");
  const row = await db("exam_answers").where({ attempt_id: page.attemptId, question_id: single.id }).first();
  assert.equal([row.seq, row.choice], [20, "[2]"]);
  assert.ok(Math.abs(newer.body.serverNow - Date.now()) < 60_000 && newer.body.deadline! > newer.body.serverNow, "the server's clock and the deadline come back");
});

t("the deadline: within the grace only answers given by the deadline; after it none; the sweeper submits once", async () => {
  const open = (await examPage(ctx.expert, ctx.enrolment)).data.open!;
  // The deadline passed 30 s ago (moved in the database rather than the clock past the session's idle limit).
  const deadline = Date.now() - 30_000;
  await db("exam_attempts").where({ id: open.attemptId }).update({ deadline });
  const page = { ...open, deadline };
  const [q1, q2, q3] = page.questions;
  const inFlight = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: q1.id, seq: 100, choice: [q1.options[0].id], at: page.deadline - 1000 });
  assert.is(inFlight.status, 200, inFlight.body.message);
  const givenLate = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: q2.id, seq: 101, choice: [0], at: page.deadline + 5000 });
  assert.is(givenLate.status, 409);
  clock.advance(GRACE_MS);
  const tooLate = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.attemptId, q: q3.id, seq: 102, choice: [0], at: page.deadline - 1000 });
  assert.is(tooLate.status, 409);
  assert.is(await db("exam_answers").where({ attempt_id: page.attemptId, question_id: q3.id }).first(), undefined);
  // Two sweeps at once pick one winner. (The server's own sweeper, every 15 s in this process, may win
  // the race on a busy machine: then neither of these submits — still once in all: the history below.)
  const [a, b] = await Promise.all([sweepExpiredAttempts(), sweepExpiredAttempts()]);
  assert.ok(a + b <= 1, `submitted ${a + b} times by two sweeps`);
  assert.is(await sweepExpiredAttempts(), 0);
  const attempt = await db("exam_attempts").where({ id: page.attemptId }).first();
  assert.is(attempt.status, "submitted");
  assert.is(attempt.submitted_by, "deadline");
  assert.ok(attempt.applied === true || attempt.applied === 1, "the result reached the enrolment");
  const history = await db("workflow_history").where({ instance_id: ctx.enrolment }).whereIn("event", ["pass-exam", "fail-exam"]);
  assert.is(history.length, 1, "the enrolment moved once");
  clock.reset();
});

t("不合格 → 补学 (retake fee 0: 完成 opens study again) → 培训完毕 → 合格; 我的培训 shows 批阅状态, 批阅时间, 是否补学", async () => {
  const inst = await db("workflow_instances").where({ id: ctx.enrolment }).first();
  assert.is(inst.state, "failed", "three answers of ten cannot pass");
  const data = JSON.parse(inst.data);
  assert.equal([data.exam.used, data.exam.allowed, data.exam.needsStudy, data.exam.passed], [1, 2, true, false]);
  let page = (await examPage(ctx.expert, ctx.enrolment)).data;
  assert.ok(page.result, "the result after submission");
  assert.is(page.result!.passed, false);
  assert.is(page.result!.review.length, 0, "a failed attempt's review (keys, explanations) would hand a retake its answers");
  assert.ok(page.canRetake && !page.canRetry && !page.canStart);
  const studyAfter = async () => (await (await ctx.expert.get(`/training/${ctx.enrolment}?index&${DATA("routes/_app.training.$id._index")}`)).json()).after;
  assert.equal(await studyAfter(), { text: "考试不合格，请查看考试成绩，按提示补学或重新参加考试。", label: "查看考试成绩", to: `/training/${ctx.enrolment}/exam`, passed: false }, "学习 after failing");
  const retry = await examAction(ctx.expert, ctx.enrolment, "retry", { rowVersion: String(page.rowVersion) });
  assert.is(retry.status, 422, "重新考试 needs 补学 first here");
  const retake = await examAction(ctx.expert, ctx.enrolment, "retake", { rowVersion: String(page.rowVersion) });
  assert.is(retake.status, 200, retake.body.message);
  const after = await db("workflow_instances").where({ id: ctx.enrolment }).first();
  assert.is(after.state, "awaiting-payment");
  assert.is(JSON.parse(after.data).round, 1);
  assert.is(JSON.parse(after.data).payment.dueFen, 0);
  const mine = await (await ctx.expert.get(`/training?${DATA("routes/_app.training._index")}`)).json();
  const row = mine.rows.find((r: { enrolmentId: number }) => r.enrolmentId === ctx.enrolment);
  assert.equal([row.reviewStatus, row.retake], ["不合格", "是"]);
  assert.not.equal(row.reviewedAt, "-");
  // Nothing due: 【完成】 (waive) opens study again; the courses feature then reaches 培训完毕.
  const pay = await ctx.expert.post(`/training/${ctx.enrolment}/pay?${DATA("routes/_app.training.$id.pay")}`, { intent: "claim", rowVersion: String(after.row_version) });
  assert.is(pay.status, 200, await pay.clone().text());
  await toStudied(db, ctx.enrolment);
  assert.is((await examAction(ctx.expert, ctx.enrolment, "start")).status, 201);
  page = (await examPage(ctx.expert, ctx.enrolment)).data;
  for (const [i, q] of page.open!.questions.entries()) {
    const r = await saveAnswer(ctx.expert, ctx.enrolment, { attempt: page.open!.attemptId, q: q.id, seq: i + 1, choice: [0], at: Date.now() });
    assert.is(r.status, 200);
  }
  const submit = await examAction(ctx.expert, ctx.enrolment, "submit", { attempt: String(page.open!.attemptId) });
  assert.is(submit.status, 200, submit.body.message);
  assert.match(submit.body.message, "100 分，合格");
  assert.is((await db("workflow_instances").where({ id: ctx.enrolment }).first()).state, "passed");
  assert.equal(await studyAfter(), { text: "您已学完全部课程并通过考试，培训合格。", label: "查看考试成绩", to: `/training/${ctx.enrolment}/exam`, passed: true }, "学习 after passing");
  const again = await examAction(ctx.expert, ctx.enrolment, "submit", { attempt: String(page.open!.attemptId) });
  assert.is(again.status, 409);
  const mine2 = await (await ctx.expert.get(`/training?${DATA("routes/_app.training._index")}`)).json();
  const row2 = mine2.rows.find((r: { enrolmentId: number }) => r.enrolmentId === ctx.enrolment);
  assert.equal([row2.reviewStatus, row2.retake], ["合格", "是"]);
  const passedPage = (await examPage(ctx.expert, ctx.enrolment)).data;
  assert.is(passedPage.result!.review.length, 10, "after passing, the review with its keys");
  assert.ok(passedPage.result!.review.every((r) => Array.isArray(r.answer) && r.answer.length > 0));
});

t("attempts used up: no more starts; an administrator grants one (reason required), then 重新考试 without 补学", async () => {
  await defineExam(db, ctx.batch, { draws: [{ category: "政策法规", count: 2 }], minutes: 10, passMark: 100, attempts: 1, retakeNeedsStudy: false });
  assert.is((await examAction(ctx.other, ctx.otherEnrolment, "start")).status, 201);
  const page = (await examPage(ctx.other, ctx.otherEnrolment)).data;
  const submit = await examAction(ctx.other, ctx.otherEnrolment, "submit", { attempt: String(page.open!.attemptId) });
  assert.match(submit.body.message, "不合格");
  let p = (await examPage(ctx.other, ctx.otherEnrolment)).data;
  assert.ok(p.exhausted && !p.canRetry && !p.canRetake);
  const refused = await examAction(ctx.other, ctx.otherEnrolment, "retry", { rowVersion: String(p.rowVersion) });
  assert.is(refused.status, 422);
  // 培训报名: the row offers 增加考试机会 (the workflow's administrator action from 不合格); taken with a reason, audited.
  const ADMIN_TRAINING = `/admin/training?${DATA("routes/_app.admin.training")}`;
  const list = await (await ctx.admin.get(`/admin/training?status=failed&${DATA("routes/_app.admin.training")}`)).json();
  const row = list.items.find((i: { id: number }) => i.id === ctx.otherEnrolment);
  assert.equal(row.actions.map((a: { event: string; title: string }) => [a.event, a.title]), [["grant-attempt", "增加考试机会"]]);
  const grant = (reason: string) => ctx.admin.post(ADMIN_TRAINING, { intent: "transition", event: "grant-attempt", id: String(ctx.otherEnrolment), rowVersion: String(row.rowVersion), reason });
  assert.is((await grant("")).status, 422, "a reason is required");
  assert.is((await ctx.admin.post(ADMIN_TRAINING, { intent: "transition", event: "pass-exam", id: String(ctx.otherEnrolment), rowVersion: String(row.rowVersion), reason: "x" })).status, 400, "not an administrator's action");
  const granted = await grant("考试时网络故障");
  assert.is(granted.status, 200, await granted.clone().text());
  assert.is((await granted.json()).message, "已增加考试机会");
  const logged = await db("audit_log").where({ action: "training.transition", target_id: String(ctx.otherEnrolment) }).orderBy("id", "desc").first();
  assert.equal(JSON.parse(logged.detail).event, "grant-attempt");
  p = (await examPage(ctx.other, ctx.otherEnrolment)).data;
  assert.ok(p.canRetry);
  const retry = await examAction(ctx.other, ctx.otherEnrolment, "retry", { rowVersion: String(p.rowVersion) });
  assert.is(retry.status, 200, retry.body.message);
  assert.is((await examAction(ctx.other, ctx.otherEnrolment, "start")).status, 201);
});

t.after(() => clock.reset());

t.run();
