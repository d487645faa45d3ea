// Exam test steps shared by the integration, property and browser tests (and the integrator's full
// journey): a question bank and definition written straight into the database, an expert whose
// training enrolment is in 培训完毕 (the courses feature reaches it by studying; here the state is
// written directly), and the exam's HTTP calls as the page makes them.
import type { Knex } from "knex";
import { DATA } from "./applications";
import type { Client } from "./app";
import { poolRecordInDb } from "./certificate";

export const EXAM_ROUTE = "routes/_app.training.$id.exam";

/** A new batch copied from the seeded one (its own bank and definition), named `name`. Returns its id. */
export async function freshBatch(db: Knex, name: string): Promise<number> {
  const seeded = await db("batches").orderBy("id").first();
  const { id: _id, ...copy } = seeded;
  const [row] = await db("batches").insert({ ...copy, name }).returning("id");
  return typeof row === "object" ? (row as { id: number }).id : (row as number);
}

/** The latest published version of the training workflow (with the exam states). */
export async function trainingVersion(db: Knex): Promise<{ key: string; version: number; hash: string }> {
  const r = await db("workflow_versions").where({ key: "training" }).orderBy("version", "desc").first("key", "version", "hash");
  return { key: r.key, version: Number(r.version), hash: r.hash };
}

/**
 * Questions per category into the batch's bank: each a 单选 with four options whose right answer is the
 * first option (index 0), and every fifth a 判断 whose answer is 正确 (0) — so "always choose 0" passes.
 * Returns the new ids.
 */
export async function seedQuestions(db: Knex, batchId: number, perCategory: Record<string, number>): Promise<number[]> {
  const rows = Object.entries(perCategory).flatMap(([category, n]) =>
    Array.from({ length: n }, (_, i) => i % 5 === 4
      ? { batch_id: batchId, category, kind: "judge", stem: `${category} 判断题 ${i + 1}`, options: JSON.stringify(["正确", "错误"]), answer: "[0]", explanation: `解析 ${category} ${i + 1}`, created_at: Date.now() }
      : { batch_id: batchId, category, kind: "single", stem: `${category} 单选题 ${i + 1}`, options: JSON.stringify(["对的", "错一", "错二", "错三"]), answer: "[0]", explanation: `解析 ${category} ${i + 1}`, created_at: Date.now() }),
  );
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 100) {
    const got = await db("exam_questions").insert(rows.slice(i, i + 100)).returning("id");
    ids.push(...got.map((g: number | { id: number }) => (typeof g === "object" ? g.id : g)));
  }
  return ids;
}

export type ExamDefinitionInput = { draws: { category: string; count: number }[]; minutes: number; passMark: number; attempts: number; retakeNeedsStudy: boolean };

/** Writes (or replaces) the batch's exam definition. */
export async function defineExam(db: Knex, batchId: number, d: ExamDefinitionInput): Promise<void> {
  const row = { draws: JSON.stringify(d.draws), minutes: d.minutes, pass_mark: d.passMark, attempts: d.attempts, retake_needs_study: d.retakeNeedsStudy, updated_at: Date.now() };
  await db("exam_definitions").insert({ batch_id: batchId, ...row }).onConflict("batch_id").merge(Object.keys(row));
}

/** A training enrolment of `ownerId` in the batch (and their pool record, if missing), written straight into the database in `state`. */
export async function enrolmentInState(db: Knex, o: { ownerId: number; batchId: number; state?: string; data?: Record<string, unknown> }): Promise<number> {
  // An enrolment is started by an approval, which puts the expert in the pool; passing issues the
  // certificate from that record.
  if (!(await db("experts").where({ user_id: o.ownerId }).first("id"))) {
    const u = await db("users").where({ id: o.ownerId }).first("name", "phone");
    await poolRecordInDb(db, { userId: o.ownerId, batchId: o.batchId, number: `KS${process.pid}${o.ownerId}`, name: u.name, phone: u.phone });
  }
  const wf = await trainingVersion(db);
  const t = Date.now();
  const [row] = await db("workflow_instances").insert({
    workflow_key: wf.key, workflow_version: wf.version, workflow_hash: wf.hash, owner_id: o.ownerId, batch_id: o.batchId,
    state: o.state ?? "studied", row_version: 1, data: JSON.stringify(o.data ?? { studyOpensAt: t }), created_at: t, updated_at: t, submitted_at: null,
  }).returning("id");
  return typeof row === "object" ? (row as { id: number }).id : (row as number);
}

/** Moves an enrolment to 培训完毕 (what the courses feature's `finish-study` does after the lessons). */
export async function toStudied(db: Knex, enrolmentId: number): Promise<void> {
  await db("workflow_instances").where({ id: enrolmentId }).update({ state: "studied", row_version: db.raw("row_version + 1") });
}

export type ExamPageData = {
  id: number; state: string; rowVersion: number; used: number; canStart: boolean; canRetake: boolean; canRetry: boolean; exhausted: boolean;
  definition: { minutes: number; passMark: number; attempts: number; questions: number } | null;
  open: null | { attemptId: number; attemptNo: number; serverNow: number; deadline: number; questions: { id: number; kind: string; options: { id: number; text: string }[] }[]; answers: Record<string, { choice: number[]; seq: number }> };
  result: null | { score: number; passed: boolean; correct: number; total: number; review: { id: number; answer: number[]; given: number[]; correct: boolean }[] };
};

/** The exam page's loader data (and the raw text, to look for leaks). */
export async function examPage(c: Client, enrolmentId: number): Promise<{ status: number; data: ExamPageData; text: string }> {
  const res = await c.get(`/training/${enrolmentId}/exam?${DATA(EXAM_ROUTE)}`);
  const text = await res.text();
  return { status: res.status, data: (res.status === 200 ? JSON.parse(text) : null) as ExamPageData, text };
}

/**
 * A button of the exam page: start (开始考试: the plain endpoint, whose answer carries the paper), submit
 * (with the attempt), retake (补学) or retry (重新考试) (the route action). `text`: the raw answer.
 */
export async function examAction(c: Client, enrolmentId: number, intent: "start" | "submit" | "retake" | "retry", fields: Record<string, string> = {}) {
  const res = intent === "start"
    ? await c.post(`/training/${enrolmentId}/exam/start`, fields)
    : await c.post(`/training/${enrolmentId}/exam?${DATA(EXAM_ROUTE)}`, { intent, ...fields });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { ok: boolean; message: string; open?: ExamPageData["open"] } };
}

/** One answer through the hot endpoint, as the page sends it. */
export async function saveAnswer(c: Client, enrolmentId: number, a: { attempt: number; q: number; seq: number; choice: number[]; at: number }) {
  const res = await c.post(`/training/${enrolmentId}/exam/answer`, { attempt: String(a.attempt), q: String(a.q), seq: String(a.seq), choice: a.choice.join(","), at: String(a.at) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string; serverNow: number; deadline?: number; submitted?: boolean } };
}
