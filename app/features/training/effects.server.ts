// Effects of the training enrolment, run inside the transition's transaction:
// - `enrol-training` (on the admission's approval): starts the expert's enrolment in the batch's
//   training plan with the fee due and the deadline (N working days, the batch's setting), and with
//   `notify: { due, free }` tells the expert — asking for the fee only when there is one to pay;
// - `record-payment-claim` (【完成】): the claim time and the optional voucher the caller brought;
// - `extend-payment-window` (延期, by an administrator): a new deadline N working days from now;
// - `open-courses` (paid): learning opens now; `open-retake-payment` (补学): the retake fee is due.
import type { Knex } from "knex";
import { EffectRefusal, fillMessage, only } from "~/engine/workflows/effects";
import type { Effect } from "~/engine/workflows/effects";
import { startInstanceWithin } from "~/engine/workflows/runtime.server";
import type { EffectContext } from "~/engine/workflows/types";
import { workingDayDeadline } from "~/features/calendar/working-days.server";
import { formatTime } from "~/utils/format";
import type { Args } from "~/engine/workflows/definition-schema";
import { TRAINING_WORKFLOW, yuan } from "./enrolment";
import type { EnrolmentData, PaymentTerms } from "./enrolment";

/** The batch's plan, and the expert's region (their 地州's holidays count: 肉孜节, 古尔邦节). */
type Plan = { feeFen: number; retakeFeeFen: number; workingDays: number; region?: string };

async function planOf(trx: Knex, batchId: number | null, ownerId: number): Promise<Plan> {
  const b = batchId ? await trx("batches").where({ id: batchId }).first("fee_fen", "retake_fee_fen", "payment_working_days") : undefined;
  if (!b) throw new EffectRefusal(422, "未找到培训所属的批次");
  const expert = await trx("experts").where({ user_id: ownerId }).first("region");
  return { feeFen: Number(b.fee_fen), retakeFeeFen: Number(b.retake_fee_fen), workingDays: Number(b.payment_working_days), region: expert?.region ?? undefined };
}

/** Payment terms: `dueFen` by the end of the plan's Nth working day after `from` (ms). */
async function terms(dueFen: number, kind: PaymentTerms["kind"], from: number, plan: Plan): Promise<PaymentTerms> {
  const d = await workingDayDeadline(from, plan.workingDays, { region: plan.region });
  return { dueFen, kind, deadline: d.endsAt, deadlineDate: d.date, provisional: d.provisional };
}

const dataOf = (ctx: EffectContext) => ctx.instance.data as EnrolmentData;

/** The longest notification an `enrol-training` message may be (as the engine's notify effect). */
const MESSAGE_MAX = 300;

/** Problems of `enrol-training`'s optional `notify: { due, free }` (two message templates), in Chinese. */
function notifyArgProblems(args: Args): string[] {
  const problems = only(args, ["notify"]);
  if (args.notify === undefined) return problems;
  const n = args.notify as Record<string, unknown> | null;
  if (typeof n !== "object" || n === null || Array.isArray(n)) return [...problems, "notify 须为 { due: 需缴费时的通知, free: 无需缴费时的通知 }"];
  problems.push(...only(n as Args, ["due", "free"]).map((p) => `notify ${p}`));
  for (const [k, what] of [["due", "需缴费时的通知"], ["free", "无需缴费时的通知"]] as const) {
    const m = n[k];
    if (typeof m !== "string" || !m.trim()) problems.push(`缺少 notify.${k}（${what}）`);
    else if (m.length > MESSAGE_MAX) problems.push(`notify.${k} 不能超过${MESSAGE_MAX}个字`);
  }
  return problems;
}

export const enrolTraining: Effect = {
  title: "报名岗前培训",
  checkArgs: notifyArgProblems,
  async run(ctx, args) {
    const plan = await planOf(ctx.trx, ctx.instance.batchId, ctx.instance.ownerId);
    // One enrolment per expert per batch: approving again (never happens today) must not fail on the
    // database's unique index, which would poison the transaction on PostgreSQL.
    const existing = await ctx.trx("workflow_instances").where({ workflow_key: TRAINING_WORKFLOW, owner_id: ctx.instance.ownerId, batch_id: ctx.instance.batchId }).first("id");
    if (existing) return;
    const payment = await terms(plan.feeFen, "fee", ctx.now, plan);
    const r = await startInstanceWithin(ctx.trx, { workflowKey: TRAINING_WORKFLOW, actor: ctx.actor, ownerId: ctx.instance.ownerId, batchId: ctx.instance.batchId, data: { payment } satisfies EnrolmentData });
    if (!r.ok) throw new EffectRefusal(r.status === 422 ? 422 : 409, r.message);
    const notify = args.notify as { due: string; free: string } | undefined;
    if (!notify) return;
    if (!ctx.hooks.notify) throw new Error(`effect "enrol-training" with notify needs a notify hook (${ctx.def.key}, event ${ctx.event})`);
    // The fee this enrolment was made with (not the batch's later one): nothing due → only a confirmation.
    const template = (payment.dueFen === 0 ? notify.free : notify.due).replace(/\{fee\}/g, yuan(payment.dueFen)).replace(/\{deadline\}/g, formatTime(payment.deadline));
    await ctx.hooks.notify({ trx: ctx.trx, userId: ctx.instance.ownerId, message: fillMessage(template, ctx), instance: ctx.instance, event: ctx.event });
  },
};

export const recordPaymentClaim: Effect = {
  title: "记录缴费提交",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const data = dataOf(ctx);
    const voucher = typeof ctx.payload.voucher === "string" ? ctx.payload.voucher : undefined;
    ctx.set({ data: { ...data, payment: { ...data.payment!, claimedAt: ctx.now, ...(voucher ? { voucher } : {}) } } });
  },
};

export const extendPaymentWindow: Effect = {
  title: "延长缴费期限",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const plan = await planOf(ctx.trx, ctx.instance.batchId, ctx.instance.ownerId);
    const data = dataOf(ctx);
    const fresh = await terms(data.payment?.dueFen ?? plan.feeFen, data.payment?.kind ?? "fee", ctx.now, plan);
    const old = data.payment ?? fresh;
    ctx.set({ data: { ...data, payment: { ...fresh, ...(old.voucher ? { voucher: old.voucher } : {}), ...(old.claimedAt ? { claimedAt: old.claimedAt } : {}) } } });
  },
};

export const openCourses: Effect = {
  title: "开放课程学习",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    ctx.set({ data: { ...dataOf(ctx), studyOpensAt: ctx.now } });
  },
};

export const openRetakePayment: Effect = {
  title: "开放补学缴费",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const plan = await planOf(ctx.trx, ctx.instance.batchId, ctx.instance.ownerId);
    const { studyOpensAt: _closed, ...rest } = dataOf(ctx);
    ctx.set({ data: { ...rest, retake: true, round: (rest.round ?? 0) + 1, payment: await terms(plan.retakeFeeFen, "retake", ctx.now, plan) } });
  },
};

/**
 * `record-payment` (确认缴费): the `payments` row for the payment the caller brought as payload
 * (features/training/payments.server.ts settlePayment). A transaction id recorded before fails the
 * whole transition on the table's unique index (settlePayment answers 该交易已处理).
 */
export const recordPayment: Effect = {
  title: "记录缴费",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const p = ctx.payload as { amountFen?: unknown; txnId?: unknown; paidAt?: unknown; source?: unknown; importId?: unknown; note?: unknown };
    if (!Number.isSafeInteger(p.amountFen) || !Number.isSafeInteger(p.paidAt) || (p.source !== "import" && p.source !== "manual")) {
      throw new Error(`record-payment needs a payment payload (instance ${ctx.instance.id})`);
    }
    const expert = await ctx.trx("experts").where({ user_id: ctx.instance.ownerId }).first("number");
    if (!expert) throw new EffectRefusal(422, "该专家尚未入库，无法记录缴费");
    await ctx.trx("payments").insert({
      instance_id: ctx.instance.id, expert_number: expert.number, amount_fen: p.amountFen, txn_id: typeof p.txnId === "string" && p.txnId ? p.txnId : null,
      paid_at: p.paidAt, source: p.source, import_id: Number.isSafeInteger(p.importId) ? p.importId : null,
      note: typeof p.note === "string" ? p.note.slice(0, 500) : null, recorded_by: ctx.actor.id, recorded_at: ctx.now,
    });
    const data = dataOf(ctx);
    ctx.set({ data: { ...data, payment: { ...data.payment!, paidAt: p.paidAt as number } as EnrolmentData["payment"] } });
  },
};
