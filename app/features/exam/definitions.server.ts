// The exam definition of a batch (考试设置): questions drawn per category, time limit, pass mark,
// attempts and whether a retake needs 补学 (the fee is the batch's 补学费用, batches.retake_fee_fen).
// Defaults follow the anchor in ./rules (Qinghai 2025: 100 questions, 90 minutes, pass mark 80, two
// attempts).
import type { Knex } from "knex";
import { now } from "~/utils/clock.server";
import { db, reader } from "~/utils/db.server";
import { categoryCounts } from "./bank.server";
import { bankVersion, bankVersionColumns } from "./question-cache.server";
import { definitionProblems } from "./rules";
import type { DefinitionProblem, ExamDefinition } from "./rules";

type DefinitionRow = { draws: string; minutes: number; pass_mark: number; attempts: number; retake_needs_study: boolean | number };

const definitionOf = (r: DefinitionRow): ExamDefinition =>
  ({ draws: JSON.parse(r.draws), minutes: Number(r.minutes), passMark: Number(r.pass_mark), attempts: Number(r.attempts), retakeNeedsStudy: r.retake_needs_study === true || r.retake_needs_study === 1 });

/** The batch's definition, or null when none is set. */
export async function loadDefinition(batchId: number): Promise<ExamDefinition | null> {
  // A plain read: beside the writer connection, which on SQLite a cohort's starts keep busy.
  const r = await reader("exam_definitions").where({ batch_id: batchId }).first();
  return r ? definitionOf(r) : null;
}

/**
 * The definition with the version of the batch's live bank (question-cache's key), in one read: what
 * 开始考试 needs before it draws, for a cohort starting at once (bench: exam.start_p95_ms).
 */
export async function definitionForStart(batchId: number): Promise<{ definition: ExamDefinition; bankVersion: string } | null> {
  const r = await reader("exam_definitions").where({ batch_id: batchId }).first("*", ...bankVersionColumns(batchId));
  return r ? { definition: definitionOf(r), bankVersion: bankVersion(r.bank_n, r.bank_max) } : null;
}

/**
 * Saves the definition after checking it against the bank (every draw must be coverable, every number in
 * its range). Returns the Chinese problems instead when it is not usable; nothing is written then.
 */
export async function saveDefinition(batchId: number, d: ExamDefinition, by: number): Promise<{ ok: true } | { ok: false; problems: DefinitionProblem[] }> {
  const problems = definitionProblems(d, await categoryCounts(batchId));
  if (problems.length) return { ok: false, problems };
  const row = { draws: JSON.stringify(d.draws), minutes: d.minutes, pass_mark: d.passMark, attempts: d.attempts, retake_needs_study: d.retakeNeedsStudy, updated_at: now(), updated_by: by };
  await db("exam_definitions").insert({ batch_id: batchId, ...row }).onConflict("batch_id").merge(Object.keys(row));
  return { ok: true };
}

/**
 * 复制 of a batch (registered as a batch copier): batch `fromId`'s exam definition and its live question
 * bank (deleted questions stay behind) become batch `toId`'s.
 */
export async function copyExam(trx: Knex.Transaction, fromId: number, toId: number): Promise<void> {
  const t = now();
  const def = await trx("exam_definitions").where({ batch_id: fromId }).first();
  if (def) await trx("exam_definitions").insert({ ...def, batch_id: toId, updated_at: t });
  const questions = await trx("exam_questions").where({ batch_id: fromId }).whereNull("deleted_at").orderBy("id")
    .select("category", "kind", "stem", "options", "answer", "explanation");
  const rows = questions.map((q: Record<string, unknown>) => ({ ...q, batch_id: toId, created_at: t }));
  for (let i = 0; i < rows.length; i += 200) await trx("exam_questions").insert(rows.slice(i, i + 200));
}
