// The exam's pure rules (features/exam/rules.ts, answer-queue.ts) and the question template's parsing
// (bank.server.ts parseQuestionRows): grading, seeded drawing and shuffling, the order of saves, the
// deadline's grace, definition limits, row-level import errors.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { acknowledge, give, restoreQueue, toSend } from "~/features/exam/answer-queue";
import { parseQuestionRows, TEMPLATE_HEADER } from "~/features/exam/bank.server";
import { definitionProblems, drawPaper, grade, GRACE_MS, saveTimely, seededRandom, supersedes, validChoice } from "~/features/exam/rules";

const t = suite("exam rules");

const bank = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: i + 1, category: "甲", kind: "single" as const, options: ["a", "b", "c", "d"] })),
  ...Array.from({ length: 5 }, (_, i) => ({ id: i + 11, category: "乙", kind: "judge" as const, options: ["正确", "错误"] })),
];

t("drawing: per category counts, distinct questions, options shuffled (judge kept), the same seed the same paper", () => {
  const p1 = drawPaper(bank, [{ category: "甲", count: 6 }, { category: "乙", count: 3 }], seededRandom(42));
  const p2 = drawPaper(bank, [{ category: "甲", count: 6 }, { category: "乙", count: 3 }], seededRandom(42));
  const p3 = drawPaper(bank, [{ category: "甲", count: 6 }, { category: "乙", count: 3 }], seededRandom(7));
  assert.ok(Array.isArray(p1) && Array.isArray(p3));
  assert.equal(p1, p2);
  assert.not.equal(p1, p3);
  const paper = p1 as Exclude<typeof p1, string>;
  assert.is(paper.length, 9);
  assert.is(new Set(paper.map((p) => p.q)).size, 9);
  assert.ok(paper.slice(0, 6).every((p) => p.q <= 10) && paper.slice(6).every((p) => p.q > 10));
  for (const p of paper) assert.equal([...p.o].sort(), p.q > 10 ? [0, 1] : [0, 1, 2, 3]);
  assert.ok(paper.slice(6).every((p) => p.o[0] === 0), "判断 keeps 正确, 错误");
  assert.ok(paper.slice(0, 6).some((p) => p.o.join() !== "0,1,2,3"), "choice options are shuffled");
  assert.match(drawPaper(bank, [{ category: "乙", count: 6 }], seededRandom(1)) as string, "只有 5 题");
});

t("grading: exact sets, no partial credit; pass at exactly the mark; floor of the percentage", () => {
  const paper = [1, 2, 3].map((q) => ({ q, o: [0, 1, 2] }));
  const keys = new Map([[1, [0]], [2, [0, 2]], [3, [1]]]);
  const g = grade(paper, keys, new Map([[1, [0]], [2, [0]], [3, [1]]]), 66);
  assert.equal([g.correct, g.score, g.passed], [2, 66, true]);
  assert.is(grade(paper, keys, new Map([[1, [0]], [2, [2, 0]], [3, [1]]]), 100).passed, true, "order of a multiple choice does not matter");
  assert.is(grade(paper, keys, new Map(), 1).score, 0);
  assert.is(grade(paper, keys, new Map([[1, [0]], [2, [0, 2]]]), 67).passed, false, "2 of 3 is below 67");
  const hundred = Array.from({ length: 100 }, (_, i) => ({ q: i, o: [0, 1] }));
  const k = new Map(hundred.map((p) => [p.q, [0]]));
  const eighty = new Map(hundred.slice(0, 80).map((p) => [p.q, [0]]));
  assert.equal([grade(hundred, k, eighty, 80).score, grade(hundred, k, eighty, 80).passed], [80, true], "the anchor: 80 of 100 passes at 80");
});

t("answers: choices checked by kind; higher sequence numbers win; the grace takes only answers given in time", () => {
  assert.ok(validChoice("single", 4, [3]) && validChoice("single", 4, []) && validChoice("multiple", 4, [0, 2]));
  assert.not.ok(validChoice("single", 4, [0, 1]) || validChoice("judge", 2, [2]) || validChoice("multiple", 3, [1, 1]) || validChoice("multiple", 3, [-1]));
  assert.ok(supersedes(2, undefined) && supersedes(3, 2));
  assert.not.ok(supersedes(2, 2) || supersedes(1, 2));
  const d = 1_000_000;
  assert.is(saveTimely(d, d, d), true);
  assert.is(saveTimely(d + GRACE_MS, d, d), true);
  assert.type(saveTimely(d + 1000, d, d + 1), "string");
  assert.type(saveTimely(d + GRACE_MS + 1, d, d - 5), "string");
});

t("the page's queue: replayed until acknowledged, an older ack never hides a newer answer, a reload keeps both", () => {
  let s = restoreQueue(7, null, {});
  s = give(s, 1, [0], 10);
  s = give(s, 1, [2], 11);
  assert.equal(toSend(s).map((p) => [p.seq, p.choice]), [[2, [2]]]);
  s = acknowledge(s, 1, 1, [0]);
  assert.is(toSend(s).length, 1, "the ack of seq 1 leaves seq 2 pending");
  const reloaded = restoreQueue(7, s, { 1: { seq: 2, choice: [2] } });
  assert.equal(toSend(reloaded), [], "the server already holds seq 2");
  assert.is(reloaded.nextSeq, 3);
  assert.equal(restoreQueue(8, s, {}).pending, {}, "another attempt's queue is not reused");
});

t("definition limits (anchor: 100 questions, 90 minutes, pass mark 80, two attempts)", () => {
  const counts = new Map([["甲", 100]]);
  assert.equal(definitionProblems({ draws: [{ category: "甲", count: 100 }], minutes: 90, passMark: 80, attempts: 2, retakeNeedsStudy: true }, counts), []);
  const p = definitionProblems({ draws: [{ category: "甲", count: 101 }, { category: "丙", count: 1 }], minutes: 0, passMark: 101, attempts: 0, retakeNeedsStudy: true }, counts);
  assert.equal(p, [
    { field: "minutes", message: "考试时长应为 1–600 之间的整数" },
    { field: "passMark", message: "合格分数应为 1–100 之间的整数" },
    { field: "attempts", message: "考试次数应为 1–10 之间的整数" },
    { field: "draw:甲", message: "题库中「甲」只有 100 题，不足抽取的 101 题" },
    { field: "draw:丙", message: "题库中「丙」只有 0 题，不足抽取的 1 题" },
  ]);
  // Not a whole number (NaN from the form, a fraction, a negative count): the same range, never narrowed into it.
  const q = definitionProblems({ draws: [{ category: "甲", count: -3 }, { category: "甲", count: 2.5 }], minutes: NaN, passMark: 80.5, attempts: 2, retakeNeedsStudy: true }, counts);
  assert.equal(q.map((x) => x.message), ["考试时长应为 1–600 之间的整数", "合格分数应为 1–100 之间的整数", "「甲」的抽题数量应为 0–100 之间的整数", "分类「甲」重复", "「甲」的抽题数量应为 0–100 之间的整数"]);
});

t("template parsing: good rows become questions; each bad row is reported with its row number; a wrong header is row 1", () => {
  const row = (n: number, cells: string[]) => ({ lineNo: n, cells });
  const ok = parseQuestionRows([
    row(1, TEMPLATE_HEADER),
    row(2, ["法规", "多选", "题", "甲", "乙", "丙", "", "", "", "c、a", "因为"]),
    row(3, ["法规", "判断", "题", "", "", "", "", "", "", "错误", ""]),
    row(4, ["", "", "", "", "", "", "", "", "", "", ""]),
  ]);
  assert.equal(ok.errors, []);
  assert.equal(ok.questions.map((q) => [q.kind, q.options.length, q.answer]), [["multiple", 3, [0, 2]], ["judge", 2, [1]]]);
  const bad = parseQuestionRows([
    row(1, TEMPLATE_HEADER),
    row(2, ["法规", "单选", "题", "甲", "", "丙", "", "", "", "A", ""]),
    row(3, ["法规", "单选", "", "甲", "乙", "", "", "", "", "AB", ""]),
  ]);
  assert.equal(bad.errors.map((e) => e.row), [2, 3]);
  assert.match(bad.errors[0].message, "连续填写");
  assert.match(bad.errors[1].message, "题干不能为空");
  assert.match(bad.errors[1].message, "只能有一个正确答案");
  assert.equal(parseQuestionRows([row(1, ["题干"])]).errors.map((e) => e.row), [1]);
  // A zero-width space would make a second 政策法规 that looks the same, or a copy of a question.
  const hidden = parseQuestionRows([
    row(1, TEMPLATE_HEADER),
    row(2, ["政策法规\u200b", "单选", "题", "甲", "乙", "", "", "", "", "A", ""]),
    row(3, ["政策法规", "单选", "普\u200b通题", "甲", "乙", "", "", "", "", "A", ""]),
    row(4, ["政策法规", "单选", "第一行\n第二行", "甲", "乙", "", "", "", "", "A", ""]),
  ]);
  assert.equal(hidden.errors.map((e) => e.row), [2, 3]);
  assert.match(hidden.errors[0].message, "题目分类不能包含不可见的格式字符（U+200B");
  assert.match(hidden.errors[1].message, "题干不能包含不可见的格式字符（U+200B");
});

t.run();
