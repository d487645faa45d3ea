// Per-process caches of the question bank for the exam's hot reads: 3,000 examinees pressing 开始考试 at
// once each draw a paper from the same bank and then load the same questions (bench: exam.start_p95_ms).
// Questions are never edited — an import adds rows, a deletion sets deleted_at (bank.server.ts) — so:
// - a question's public content (kind, category, stem, options; never its answer) is cached by id for
//   good (bounded), and
// - a batch's live bank, for drawing, is cached under its version: the live count and the highest id,
//   which any import or deletion changes (one indexed aggregate per start instead of reading and parsing
//   the whole bank). Other instances of the server see the same version, so no invalidation message is
//   needed in the scaled shape.
import { reader } from "~/utils/db.server";
import type { QuestionKind } from "./rules";

/** A question as drawn and shown: no answer key, no explanation. */
export type PublicQuestion = { id: number; category: string; kind: QuestionKind; stem: string; options: string[] };

/** Questions kept at most (≈ 1 KB each: a bank of a few thousand per batch, several batches). */
const QUESTIONS_MAX = 20_000;
const questions = new Map<number, PublicQuestion>();

const toPublic = (r: { id: number; category: string; kind: QuestionKind; stem: string; options: string }): PublicQuestion =>
  ({ id: Number(r.id), category: r.category, kind: r.kind, stem: r.stem, options: JSON.parse(r.options) as string[] });

function remember(q: PublicQuestion): void {
  if (questions.size >= QUESTIONS_MAX) questions.delete(questions.keys().next().value!);
  questions.set(q.id, q);
}

/** The questions of `ids` that exist (deleted ones too: papers keep pointing at them), by id. */
export async function publicQuestions(ids: readonly number[]): Promise<Map<number, PublicQuestion>> {
  const out = new Map<number, PublicQuestion>();
  const missing: number[] = [];
  for (const id of ids) {
    const q = questions.get(id);
    if (q) out.set(id, q);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += 500) {
    for (const r of await reader("exam_questions").whereIn("id", missing.slice(i, i + 500)).select("id", "category", "kind", "stem", "options")) {
      const q = toPublic(r);
      remember(q);
      out.set(q.id, q);
    }
  }
  return out;
}

const banks = new Map<number, { version: string; bank: PublicQuestion[] }>();

const liveQuestions = (batchId: number) => reader("exam_questions").where({ batch_id: batchId }).whereNull("deleted_at");

/**
 * The two subqueries that make a batch's bank version (live count `bank_n`, highest id `bank_max`), for
 * a read that wants them beside other columns (the start's definition read): one round trip, not two.
 */
export const bankVersionColumns = (batchId: number) => [liveQuestions(batchId).count("*").as("bank_n"), liveQuestions(batchId).max("id").as("bank_max")];

/** A bank version as liveBank keys it, from the `bank_n`/`bank_max` columns. */
export const bankVersion = (n: unknown, max: unknown) => `${Number(n ?? 0)}:${Number(max ?? 0)}`;

/**
 * The live (not deleted) questions of a batch's bank, as drawPaper takes them, kept under `version`
 * (bankVersion of the columns the caller read with bankVersionColumns): read again only when it changed.
 */
export async function liveBank(batchId: number, version: string): Promise<PublicQuestion[]> {
  const hit = banks.get(batchId);
  if (hit?.version === version) return hit.bank;
  const bank = (await liveQuestions(batchId).orderBy("id").select("id", "category", "kind", "stem", "options")).map(toPublic);
  for (const q of bank) remember(q);
  banks.set(batchId, { version, bank });
  return bank;
}
