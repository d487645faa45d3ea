import "../setup/guard";
import "../setup/features";
// Zero lost answers (issue 16, acceptance 3): a fast-check property drives one attempt through random
// answers, disconnects (requests and replies lost), reloads (the page's queue rebuilt from localStorage
// and the server's answers), duplicated and reordered deliveries and the clock running past the
// deadline, against the server function the answer endpoint calls (saveAnswer) on the real database,
// with the page's own queue (answer-queue.ts). Invariant after every step: what the server holds for a
// question is never older than what the page saw acknowledged, and is exactly what the page gave with
// that sequence number. At the end (connection back, the queue drained, the deadline and grace passed,
// the sweeper run): the graded answers equal the last acknowledged answer of every question.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { getInstance } from "~/engine/workflows/runtime.server";
import { acknowledge, give, restoreQueue, toSend } from "~/features/exam/answer-queue";
import type { QueueState } from "~/features/exam/answer-queue";
import { saveAnswer, startAttempt, sweepExpiredAttempts } from "~/features/exam/attempts.server";
import { GRACE_MS } from "~/features/exam/rules";
import { clock, db } from "../setup/app";
import { makeUser } from "../setup/factories";
import { defineExam, enrolmentInState, freshBatch, seedQuestions } from "../setup/exam";

const t = suite("exam: zero lost answers");
const MINUTES = 10;
const ctx = {} as { batch: number; ownerId: number; enrolment: number };

type Cmd =
  | { k: "give"; q: number; choice: number }
  | { k: "send"; copies: number }
  | { k: "deliver"; pick: number; replyLost: boolean }
  | { k: "disconnect" }
  | { k: "reload" }
  | { k: "wait"; ms: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant("give" as const), q: fc.nat(4), choice: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("send" as const), copies: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant("deliver" as const), pick: fc.nat(20), replyLost: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("disconnect" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("reload" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 5 * 60_000 }) }) },
);

t.before(async () => {
  ctx.batch = await freshBatch(db, "答案属性测试批次");
  await seedQuestions(db, ctx.batch, { 属性测试: 5 });
  await defineExam(db, ctx.batch, { draws: [{ category: "属性测试", count: 5 }], minutes: MINUTES, passMark: 60, attempts: 1, retakeNeedsStudy: false });
  ctx.ownerId = (await makeUser("expert")).id;
  ctx.enrolment = await enrolmentInState(db, { ownerId: ctx.ownerId, batchId: ctx.batch });
});

t("graded answers equal the last acknowledged answer of every question, whatever the network does", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { maxLength: 40 }), async (cmds) => {
      clock.reset();
      // One enrolment per expert and batch: each run starts it afresh in 培训完毕 with no attempt.
      const enrolment = ctx.enrolment;
      await db("exam_answers").whereIn("attempt_id", db("exam_attempts").where({ instance_id: enrolment }).select("id")).delete();
      await db("exam_attempts").where({ instance_id: enrolment }).delete();
      await db("workflow_instances").where({ id: enrolment }).update({ state: "studied", data: "{}" });
      const started = await startAttempt((await getInstance(enrolment))!);
      assert.ok(started.ok, started.message);
      const attemptId = started.attemptId!;
      const attempt = await db("exam_attempts").where({ id: attemptId }).first("paper", "deadline");
      const qs = (JSON.parse(attempt.paper) as { q: number }[]).map((p) => p.q);
      const deadline = Number(attempt.deadline);
      let page: QueueState = restoreQueue(attemptId, null, {});
      let stored: QueueState = page; // localStorage: written on every change, as the page does
      const given = new Map<number, number[]>(); // seq → choice the page gave
      let inFlight: { q: number; seq: number; choice: number[]; at: number }[] = [];
      const serverNow = () => Date.now() + ((globalThis as { __clockOffsetMs?: number }).__clockOffsetMs ?? 0);

      const deliver = async (req: (typeof inFlight)[number], replyLost: boolean) => {
        const r = await saveAnswer({ ownerId: ctx.ownerId, instanceId: enrolment, attemptId, questionId: req.q, seq: req.seq, choice: req.choice, clientAt: req.at });
        if (!replyLost && r.status === 200) page = stored = acknowledge(page, req.q, req.seq, req.choice);
      };
      const check = async () => {
        const rows: { question_id: number; seq: number; choice: string }[] = await db("exam_answers").where({ attempt_id: attemptId });
        const server = new Map(rows.map((r) => [Number(r.question_id), r]));
        for (const [q, a] of Object.entries(page.acked)) {
          const s = server.get(Number(q));
          assert.ok(s && s.seq >= a.seq, `question ${q}: acknowledged seq ${a.seq} is not on the server`);
        }
        for (const s of rows) assert.equal(JSON.parse(s.choice), given.get(Number(s.seq)), `stored seq ${s.seq} is what the page gave`);
      };

      for (const c of cmds) {
        if (c.k === "give") {
          if (serverNow() > deadline) continue; // the page stops taking answers at the deadline
          page = stored = give(page, qs[c.q], c.choice === 2 ? [] : [c.choice], serverNow());
          given.set(page.nextSeq - 1, c.choice === 2 ? [] : [c.choice]);
        } else if (c.k === "send") {
          for (const p of toSend(page)) for (let i = 0; i < c.copies; i++) inFlight.push(p);
        } else if (c.k === "deliver") {
          if (!inFlight.length) continue;
          const [req] = inFlight.splice(c.pick % inFlight.length, 1); // any order: reordered deliveries
          await deliver(req, c.replyLost);
        } else if (c.k === "disconnect") {
          inFlight = [];
        } else if (c.k === "reload") {
          const rows: { question_id: number; seq: number; choice: string }[] = await db("exam_answers").where({ attempt_id: attemptId });
          page = restoreQueue(attemptId, stored, Object.fromEntries(rows.map((r) => [String(r.question_id), { seq: Number(r.seq), choice: JSON.parse(r.choice) }])));
          inFlight = [];
        } else {
          clock.advance(c.ms);
        }
        await check();
      }
      // The connection is back: the page drains its queue (within the grace at the latest).
      const drained = serverNow() <= deadline + GRACE_MS;
      if (drained) for (const p of toSend(page)) await deliver(p, false);
      // Stale copies still in the network arrive late, then the deadline and grace pass and the sweeper submits.
      for (const req of inFlight) await deliver(req, true);
      clock.at(deadline + GRACE_MS + 1000);
      await sweepExpiredAttempts();
      const a = await db("exam_attempts").where({ id: attemptId }).first("status");
      assert.is(a.status, "submitted");
      await check();
      const rows: { question_id: number; seq: number; choice: string }[] = await db("exam_answers").where({ attempt_id: attemptId });
      const graded = new Map(rows.map((r) => [Number(r.question_id), { seq: Number(r.seq), choice: JSON.parse(r.choice) as number[] }]));
      if (drained) {
        assert.equal(toSend(page), [], "nothing left unsynced");
        for (const q of qs) assert.equal(graded.get(q) ?? null, page.acked[q] ?? null, `question ${q}: graded = last acknowledged`);
      }
      clock.reset();
    }),
    { numRuns: Number(process.env.EXAM_PROPERTY_RUNS ?? 60) },
  );
});

t.after(() => clock.reset());

t.run();
