// 考试设置 for administrators (/admin/batches/:id/exam): the batch's definition, its question bank
// (template, XLSX preview and import — all rows or none —, list, delete) and 考试情况: who passed, who
// failed, who has not started, and each question's error rate. Every change is audited.
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { getBatch } from "~/models/batches.server";
import { TRAINING_WORKFLOW } from "~/features/training/enrolment";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { onExistingPage } from "~/utils/paging";
import type { ExamData } from "./attempts.server";
import { addQuestions, categoryCounts, deleteQuestions, listQuestions, readQuestionFile, withoutDuplicates } from "./bank.server";
import { loadDefinition, saveDefinition } from "./definitions.server";
import { ANCHOR_DEFINITION, ATTEMPT_STATUS, KIND_TITLE, LIMITS, drawField } from "./rules";
import type { ExamDefinition, PaperItem, QuestionKind } from "./rules";

/** The batch (404 when there is none), for an administrator (403 otherwise). */
export async function examBatch(auth: Auth, id: string | undefined) {
  requireAbility(auth.ability, "manage", "Batch");
  const n = /^\d{1,12}$/.test(id ?? "") ? Number(id) : NaN;
  const batch = Number.isSafeInteger(n) ? await getBatch(n) : undefined;
  if (!batch) throw httpError(404, "批次不存在");
  return batch;
}

/** The page: definition (or the anchor's defaults), bank by category, one page of questions, results. */
export async function examSettingsPage(batchId: number, q: { offset: number; limit: number; page: number; category?: string }) {
  const counts = await categoryCounts(batchId);
  const def = await loadDefinition(batchId);
  const b = await db("batches").where({ id: batchId }).first("name", "retake_fee_fen");
  return {
    batch: { id: batchId, name: b.name as string, retakeFeeFen: Number(b.retake_fee_fen) },
    definition: def ?? { ...ANCHOR_DEFINITION, draws: [] },
    defined: !!def,
    categories: [...counts].map(([category, n]) => ({ category, available: n, count: def?.draws.find((d) => d.category === category)?.count ?? 0 })),
    questions: await questionsPage(batchId, q),
    results: await examResults(batchId),
  };
}

/** 题库's page of questions (a page past the end is the last one), with the page it shows. */
async function questionsPage(batchId: number, q: { offset: number; limit: number; page: number; category?: string }) {
  const { paging, ...list } = await onExistingPage({ page: q.page, pageSize: q.limit, offset: q.offset }, (p) =>
    listQuestions(batchId, { offset: p.offset, limit: p.pageSize, category: q.category }));
  return { ...list, page: paging.page, pageSize: paging.pageSize };
}

type Actor = { id: number; name: string };
type Outcome = { status: number; ok: boolean; message: string; problems?: string[]; fields?: Record<string, string> };

/**
 * Saves the definition (validated against the bank and the ranges); audited with the values before and
 * after. A refusal (422) lists every problem and, in `fields`, the first one of each form field, which
 * the page shows beside that field.
 */
export async function updateDefinition(batchId: number, d: ExamDefinition, actor: Actor, ip: string): Promise<Outcome> {
  const before = await loadDefinition(batchId);
  const r = await saveDefinition(batchId, d, actor.id);
  if (!r.ok) {
    const fields: Record<string, string> = {};
    for (const p of r.problems) if (p.field) fields[p.field] ??= p.message;
    return { status: 422, ok: false, message: r.problems[0].message, problems: r.problems.map((p) => p.message), fields };
  }
  await audit({ actor, action: AUDIT_ACTION.examDefinition, target: { type: "Batch", id: batchId }, ip, outcome: AUDIT_OUTCOME.ok, detail: { before, after: d } });
  return { status: 200, ok: true, message: "考试设置已保存" };
}

/** Reads the file; `commit` writes it when every row is good (one transaction), audited. */
export async function importQuestions(batchId: number, bytes: Uint8Array, fileName: string, commit: boolean, actor: Actor, ip: string) {
  const parsed = await readQuestionFile(bytes);
  const preview = parsed.questions.slice(0, 20).map((q, i) => ({ key: i, category: q.category, kind: KIND_TITLE[q.kind], stem: q.stem, options: q.options.length }));
  const byCategory = Object.entries(parsed.questions.reduce<Record<string, number>>((m, q) => ((m[q.category] = (m[q.category] ?? 0) + 1), m), {})).map(([category, n]) => ({ category, n }));
  const base = { total: parsed.questions.length, errors: parsed.errors.slice(0, 200), errorCount: parsed.errors.length, preview, byCategory };
  if (parsed.fileProblem) return { status: 422, ok: false, message: `无法读取题库文件：${parsed.fileProblem}`, ...base };
  if (parsed.errors.length) return { status: 422, ok: false, message: `文件中有 ${parsed.errors.length} 行有误，未导入任何题目`, ...base };
  // The same question twice (already in the bank, or repeated in the file) is skipped, and said so.
  const { fresh, duplicates } = await withoutDuplicates(batchId, parsed.questions);
  const skipped = duplicates ? `，其中 ${duplicates} 题与题库中已有的题目（或文件中前面的题目）相同，将跳过` : "";
  if (!commit) {
    const message = fresh.length ? `共 ${parsed.questions.length} 题${skipped}，可以导入 ${fresh.length} 题` : `共 ${parsed.questions.length} 题，均与题库中已有的题目相同，无需导入`;
    return { status: 200, ok: true, message, duplicates, ...base };
  }
  const r = fresh.length ? await addQuestions(batchId, fresh) : ({ ok: true, added: 0 } as const);
  if (!r.ok) return { status: 422, ok: false, message: r.message, duplicates, ...base };
  await audit({ actor, action: AUDIT_ACTION.examImport, target: { type: "Batch", id: batchId }, ip, outcome: AUDIT_OUTCOME.ok, detail: { file: fileName.slice(0, 100), added: r.added, duplicates, byCategory } });
  return { status: 200, ok: true, message: `已导入 ${r.added} 题${duplicates ? `，跳过重复的 ${duplicates} 题` : ""}`, duplicates, ...base };
}

/** Removes questions from the bank (attempts already drawn still grade against them); audited. */
export async function removeQuestions(batchId: number, ids: number[], actor: Actor, ip: string): Promise<Outcome> {
  if (!ids.length || ids.length > 500) return { status: 400, ok: false, message: "请选择要删除的题目（每次最多 500 题）" };
  const n = await deleteQuestions(batchId, ids);
  await audit({ actor, action: AUDIT_ACTION.examQuestionDelete, target: { type: "Batch", id: batchId }, ip, outcome: AUDIT_OUTCOME.ok, detail: { ids, deleted: n } });
  return { status: 200, ok: true, message: `已删除 ${n} 题` };
}

const RESULT_LIST_MAX = 500;

/**
 * 考试情况 of a batch: the enrolments grouped as 合格 / 不合格 / 考试中 / 未参加 (counts, and up to 500
 * names each), and per question of the submitted attempts the share answered wrongly (worst first).
 */
export async function examResults(batchId: number) {
  const rows: { id: number; state: string; data: string; name: string; number: string | null }[] = await db("workflow_instances as i")
    .join("users as u", "u.id", "i.owner_id").leftJoin("experts as e", "e.user_id", "i.owner_id")
    .where({ "i.workflow_key": TRAINING_WORKFLOW, "i.batch_id": batchId }).orderBy("i.id").select("i.id", "i.state", "i.data", "u.name", "e.number");
  const attempts: { instance_id: number; status: string; paper: string; id: number }[] = await db("exam_attempts").where({ batch_id: batchId }).select("id", "instance_id", "status", "paper");
  const open = new Set(attempts.filter((a) => a.status === ATTEMPT_STATUS.open).map((a) => Number(a.instance_id)));
  const groups = { passed: [] as object[], failed: [] as object[], inProgress: [] as object[], notStarted: [] as object[] };
  for (const r of rows) {
    const exam = (JSON.parse(r.data) as ExamData).exam;
    const item = { key: Number(r.id), name: r.name, number: r.number ?? "", score: exam ? exam.score : null, attempts: exam?.used ?? 0, gradedAt: exam ? formatTime(exam.gradedAt) : "-" };
    const group = open.has(Number(r.id)) ? groups.inProgress : exam?.passed ? groups.passed : exam ? groups.failed : groups.notStarted;
    group.push(item);
  }
  const submitted = attempts.filter((a) => a.status === ATTEMPT_STATUS.submitted).slice(-5000);
  const stats = new Map<number, { asked: number; wrong: number }>();
  for (let i = 0; i < submitted.length; i += 500) {
    const chunk = submitted.slice(i, i + 500);
    const answers: { attempt_id: number; question_id: number; choice: string }[] = await db("exam_answers").whereIn("attempt_id", chunk.map((a) => a.id)).select("attempt_id", "question_id", "choice");
    const given = new Map(answers.map((a) => [`${a.attempt_id}:${a.question_id}`, a.choice]));
    const ids = new Set<number>();
    for (const a of chunk) for (const p of JSON.parse(a.paper) as PaperItem[]) ids.add(p.q);
    const keys = new Map<number, string>();
    for (const r of await db("exam_questions").whereIn("id", [...ids]).select("id", "answer")) keys.set(Number(r.id), JSON.stringify(JSON.parse(r.answer)));
    for (const a of chunk) {
      for (const p of JSON.parse(a.paper) as PaperItem[]) {
        const s = stats.get(p.q) ?? { asked: 0, wrong: 0 };
        s.asked++;
        if (given.get(`${a.id}:${p.q}`) !== keys.get(p.q)) s.wrong++;
        stats.set(p.q, s);
      }
    }
  }
  const qrows: { id: number; stem: string; kind: QuestionKind; category: string }[] = stats.size ? await db("exam_questions").whereIn("id", [...stats.keys()].slice(0, 5000)).select("id", "stem", "kind", "category") : [];
  const errorRates = qrows.map((q) => {
    const s = stats.get(Number(q.id))!;
    return { key: Number(q.id), category: q.category, kind: KIND_TITLE[q.kind], stem: q.stem, asked: s.asked, wrong: s.wrong, rate: Math.round((s.wrong * 1000) / s.asked) / 10 };
  }).sort((a, b) => b.rate - a.rate || b.asked - a.asked).slice(0, 200);
  const cap = (l: object[]) => l.slice(0, RESULT_LIST_MAX);
  return {
    counts: { passed: groups.passed.length, failed: groups.failed.length, inProgress: groups.inProgress.length, notStarted: groups.notStarted.length },
    passed: cap(groups.passed), failed: cap(groups.failed), inProgress: cap(groups.inProgress), notStarted: cap(groups.notStarted),
    errorRates,
  };
}

/**
 * Reads the definition form: minutes, passMark, attempts, retakeNeedsStudy and `draw:<category>` =
 * count for each category of the bank (`categories`, read when the post arrives; empty or 0 leaves the
 * category out). Fields are named by category, not by position: a bank imported since the page was loaded
 * (a new category sorts in between) must not shift counts onto other categories. A value that is not a
 * whole number reads as NaN, so definitionProblems refuses it with its field's range, as it does an
 * out-of-range one; nothing here narrows a value into range.
 */
export function parseDefinitionForm(get: (name: string) => string, categories: string[]): ExamDefinition {
  const int = (name: string) => {
    const v = get(name).trim();
    return /^[-+]?\d{1,9}$/.test(v) ? Number(v) : NaN;
  };
  const draws: ExamDefinition["draws"] = [];
  for (const category of categories.slice(0, LIMITS.categories * 5)) {
    const v = get(drawField(category)).trim();
    if (v && Number(v) !== 0) draws.push({ category, count: int(drawField(category)) });
  }
  return { minutes: int("minutes"), passMark: int("passMark"), attempts: int("attempts"), retakeNeedsStudy: get("retakeNeedsStudy") === "1", draws };
}
