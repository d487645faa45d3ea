// The question bank of a batch (题库): the XLSX template offered for download, reading a filled-in one
// row by row into questions with a Chinese error per bad row (row numbers as Excel shows them), the
// import itself — all rows or none — and listing/deleting. Budgets: LIMITS in ./rules.
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { BillRefused } from "~/features/reconciliation/parse/types.server";
import { bufferSource } from "~/features/reconciliation/parse/source.server";
import { xlsxRows } from "~/features/reconciliation/parse/xlsx-rows.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { JUDGE_OPTIONS, KIND_TITLE, LIMITS, QUESTION_KIND } from "./rules";
import type { QuestionKind } from "./rules";

/** The template's columns, in order (the first row of the sheet). */
export const TEMPLATE_HEADER = ["题目分类", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案", "解析"];
const OPTION_COLUMNS = 6;
const LETTERS = "ABCDEFGH";
const KIND_BY_TITLE: Record<string, QuestionKind> = { 单选: "single", 单选题: "single", 多选: "multiple", 多选题: "multiple", 判断: "judge", 判断题: "judge" };

export type ImportedQuestion = { category: string; kind: QuestionKind; stem: string; options: string[]; answer: number[]; explanation: string };
export type RowError = { row: number; message: string };

/** The template: header, two sample rows (a 单选 and a 判断), and a short instruction sheet. */
export async function questionTemplate(): Promise<Buffer> {
  // exceljs loads with the first template asked for: about 30 MB that the server need not carry otherwise.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("题库");
  sheet.addRow(TEMPLATE_HEADER);
  sheet.addRow(["政策法规", "单选", "评标委员会成员人数应为几人以上单数？", "三人", "五人", "七人", "九人", "", "", "B", "《招标投标法》第三十七条：五人以上单数。"]);
  sheet.addRow(["评标纪律", "判断", "评标专家可以私下接触投标人。", "", "", "", "", "", "", "错误", "评标专家不得私下接触投标人。"]);
  sheet.columns.forEach((c, i) => (c.width = i === 2 ? 50 : i === 10 ? 40 : 14));
  const help = book.addWorksheet("填写说明");
  for (const line of [
    "每行一题，第一行为表头，请勿修改。",
    "题型：单选、多选或判断。",
    "单选、多选：至少填写两个选项（从选项A起连续填写）；正确答案填选项字母，多选如 ACD。",
    "判断：选项列留空；正确答案填“正确”或“错误”。",
    `每次最多导入 ${LIMITS.importRows} 题；任一行有误时整份文件不导入。`,
  ]) help.addRow([line]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * Reads the rows of the template (first row the header) into questions, or the errors of every bad
 * row. Empty rows are skipped. Pure: the import and the unit tests share it.
 */
export function parseQuestionRows(rows: readonly { lineNo: number; cells: string[] }[]): { questions: ImportedQuestion[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const questions: ImportedQuestion[] = [];
  const [head, ...body] = rows;
  if (!head || TEMPLATE_HEADER.some((h, i) => (head.cells[i] ?? "").trim() !== h)) {
    return { questions, errors: [{ row: head?.lineNo ?? 1, message: `表头应为：${TEMPLATE_HEADER.join("、")}（请使用下载的模板）` }] };
  }
  for (const r of body) {
    const cell = (i: number) => (r.cells[i] ?? "").normalize("NFC").trim();
    if (r.cells.every((c) => !c.trim())) continue;
    const problems: string[] = [];
    const category = cell(0);
    const kind = KIND_BY_TITLE[cell(1)];
    const stem = cell(2);
    const explanation = cell(10);
    if (!category) problems.push("题目分类不能为空");
    else if (category.length > LIMITS.category) problems.push(`题目分类不能超过 ${LIMITS.category} 个字`);
    if (!kind) problems.push(`题型“${cell(1)}”无效，应为单选、多选或判断`);
    if (!stem) problems.push("题干不能为空");
    else if (stem.length > LIMITS.stem) problems.push(`题干不能超过 ${LIMITS.stem} 个字`);
    if (explanation.length > LIMITS.explanation) problems.push(`解析不能超过 ${LIMITS.explanation} 个字`);
    // A zero-width space in 政策法规 would make a second category that looks the same (and a copy of a question).
    TEMPLATE_HEADER.forEach((title, i) => {
      const invisible = invisibleCharProblem(cell(i));
      if (invisible) problems.push(`${title}${invisible}`);
    });
    let options: string[] = [];
    let answer: number[] = [];
    const given = cell(9).toUpperCase().replace(/[\s,，、]/g, "");
    if (kind === QUESTION_KIND.judge) {
      options = [...JUDGE_OPTIONS];
      const a = { 正确: 0, 对: 0, "√": 0, 错误: 1, 错: 1, "×": 1 }[given];
      if (a === undefined) problems.push("判断题的正确答案应为“正确”或“错误”");
      else answer = [a];
    } else if (kind) {
      const raw = Array.from({ length: OPTION_COLUMNS }, (_, i) => cell(3 + i));
      const lastFilled = raw.reduce((last, v, i) => (v ? i : last), -1);
      options = raw.slice(0, lastFilled + 1);
      if (options.some((o) => !o)) problems.push("选项应从选项A起连续填写，中间不能有空");
      if (options.length < 2) problems.push("至少需要两个选项");
      if (options.some((o) => o.length > LIMITS.option)) problems.push(`每个选项不能超过 ${LIMITS.option} 个字`);
      if (!given) problems.push("正确答案不能为空");
      else if (!/^[A-H]+$/.test(given)) problems.push(`正确答案“${cell(9)}”应为选项字母，如 B 或 ACD`);
      else {
        answer = [...new Set([...given].map((ch) => LETTERS.indexOf(ch)))].sort((a, b) => a - b);
        if (answer.some((i) => i >= options.length)) problems.push(`正确答案“${cell(9)}”中有不存在的选项`);
        if (kind === QUESTION_KIND.single && answer.length !== 1) problems.push("单选题只能有一个正确答案");
        if (kind === QUESTION_KIND.multiple && answer.length < 2) problems.push("多选题至少有两个正确答案");
      }
    }
    if (problems.length) errors.push({ row: r.lineNo, message: problems.join("；") });
    else questions.push({ category, kind: kind!, stem, options, answer, explanation });
  }
  if (!questions.length && !errors.length) errors.push({ row: 2, message: "文件中没有题目" });
  if (questions.length + errors.length > LIMITS.importRows) return { questions: [], errors: [{ row: rows[LIMITS.importRows + 1]?.lineNo ?? LIMITS.importRows + 2, message: `每次最多导入 ${LIMITS.importRows} 题，请拆分文件` }] };
  return { questions, errors };
}

/**
 * Reads an uploaded XLSX (bytes) into questions or row errors; a file that cannot be read at all (too
 * large, damaged, not XLSX) comes back as `fileProblem`, said as the file's problem and not a row's.
 */
export async function readQuestionFile(bytes: Uint8Array): Promise<{ questions: ImportedQuestion[]; errors: RowError[]; fileProblem?: string }> {
  if (bytes.byteLength > LIMITS.importBytes) return { questions: [], errors: [], fileProblem: `文件不能超过 ${LIMITS.importBytes / 1024 / 1024} MB` };
  const rows: { lineNo: number; cells: string[] }[] = [];
  try {
    for await (const r of xlsxRows(bufferSource(bytes))) {
      rows.push({ lineNo: r.lineNo, cells: r.cells });
      if (rows.length > LIMITS.importRows + 1) break;
    }
  } catch (e) {
    // The reader is the bills' (reconciliation): its words are about bills.
    if (e instanceof BillRefused) return { questions: [], errors: [], fileProblem: e.message.replace(/账单/g, "题库").replace("请按日期拆分后再导入", "请拆分成几个文件后再导入") };
    throw e;
  }
  return parseQuestionRows(rows);
}

/** What makes two questions the same: type, stem and options, with runs of white space counted as one. */
export const questionKey = (q: { kind: string; stem: string; options: readonly string[] }) =>
  JSON.stringify([q.kind, q.stem.replace(/\s+/g, " ").trim(), q.options.map((o) => o.replace(/\s+/g, " ").trim())]);

/**
 * Splits imported questions into those to add and the number of duplicates: the same question (questionKey)
 * already in the batch's bank, or earlier in the same file. Importing a file twice adds nothing the second time.
 */
export async function withoutDuplicates(batchId: number, questions: readonly ImportedQuestion[]): Promise<{ fresh: ImportedQuestion[]; duplicates: number }> {
  const rows: { kind: string; stem: string; options: string }[] = await db("exam_questions").where({ batch_id: batchId }).whereNull("deleted_at").select("kind", "stem", "options");
  const seen = new Set(rows.map((r) => questionKey({ kind: r.kind, stem: r.stem, options: JSON.parse(r.options) as string[] })));
  const fresh: ImportedQuestion[] = [];
  for (const q of questions) {
    const k = questionKey(q);
    if (seen.has(k)) continue;
    seen.add(k);
    fresh.push(q);
  }
  return { fresh, duplicates: questions.length - fresh.length };
}

/**
 * Adds the questions to the batch's bank in one transaction (all or none); refused when the bank would
 * exceed its budget. Returns the number added.
 */
export async function addQuestions(batchId: number, questions: readonly ImportedQuestion[]): Promise<{ ok: true; added: number } | { ok: false; message: string }> {
  const [{ n }] = await db("exam_questions").where({ batch_id: batchId }).whereNull("deleted_at").count<{ n: number | string }[]>({ n: "*" });
  if (Number(n) + questions.length > LIMITS.questionsPerBatch) return { ok: false, message: `每个批次的题库最多 ${LIMITS.questionsPerBatch} 题（现有 ${n} 题）` };
  const t = now();
  await db.transaction(async (trx) => {
    for (let i = 0; i < questions.length; i += 200) {
      await trx("exam_questions").insert(questions.slice(i, i + 200).map((q) => ({
        batch_id: batchId, category: q.category, kind: q.kind, stem: q.stem, options: JSON.stringify(q.options), answer: JSON.stringify(q.answer), explanation: q.explanation, created_at: t,
      })));
    }
  });
  return { ok: true, added: questions.length };
}

/** One page of the batch's questions (answer and explanation included: an administrator's view). */
export async function listQuestions(batchId: number, q: { category?: string; offset: number; limit: number }) {
  const base = db("exam_questions").where({ batch_id: batchId }).whereNull("deleted_at");
  if (q.category) base.where({ category: q.category });
  const [{ n }] = await base.clone().count<{ n: number | string }[]>({ n: "*" });
  const rows = await base.clone().orderBy("id").offset(q.offset).limit(q.limit).select("id", "category", "kind", "stem", "options", "answer", "explanation");
  return {
    total: Number(n),
    items: rows.map((r: { id: number; category: string; kind: QuestionKind; stem: string; options: string; answer: string; explanation: string }) => {
      const options = JSON.parse(r.options) as string[];
      const answer = JSON.parse(r.answer) as number[];
      return {
        id: Number(r.id), category: r.category, kind: KIND_TITLE[r.kind], stem: r.stem, explanation: r.explanation,
        options: r.kind === QUESTION_KIND.judge ? "" : options.map((o, i) => `${LETTERS[i]}. ${o}`).join("  "),
        answer: r.kind === QUESTION_KIND.judge ? options[answer[0]] : answer.map((i) => LETTERS[i]).join(""),
      };
    }),
  };
}

/** Question counts by category of the batch's bank. */
export async function categoryCounts(batchId: number): Promise<Map<string, number>> {
  const rows: { category: string; n: number | string }[] = await db("exam_questions").where({ batch_id: batchId }).whereNull("deleted_at").groupBy("category").orderBy("category").select("category").count({ n: "*" });
  return new Map(rows.map((r) => [r.category, Number(r.n)]));
}

/** Removes questions from the bank (soft: papers already drawn keep grading against them). */
export async function deleteQuestions(batchId: number, ids: readonly number[]): Promise<number> {
  if (!ids.length) return 0;
  return db("exam_questions").where({ batch_id: batchId }).whereIn("id", ids).whereNull("deleted_at").update({ deleted_at: now() });
}

export { LETTERS as OPTION_LETTERS };
