// Payments against training enrolments: the lookup a bill line's reference (专家编号) goes through, and
// settling — one `payments` row plus the enrolment's move to 已缴费 (with the expert's notification), in
// one transaction. Used by reconciliation (features/reconciliation) and by 手工确认缴费. Amounts in 分.
import type { Knex } from "knex";
import { applyTransition, applyTransitionWithin } from "~/engine/workflows/runtime.server";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import type { Role } from "~/engine/constants";
import { audit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { awaitsPayment, ENROLMENT_STATE, TRAINING_WORKFLOW } from "./enrolment";
import type { EnrolmentData } from "./enrolment";

export type Payable = { instanceId: number; userId: number; expertNumber: string; dueFen: number; state: string; settled: boolean };

export type PaymentRecord = {
  amountFen: number;
  /** The bill's 交易号; null for a payment confirmed by hand without one. */
  txnId: string | null;
  /** Epoch ms when the money moved. */
  paidAt: number;
  source: "import" | "manual";
  importId?: number;
  /** Required for a manual confirmation: why (e.g. 银行转账，凭证号…). */
  note?: string;
};

export const ALREADY_RECORDED = "该交易已处理";

/** 专家编号 per IN (…) list: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const NUMBERS_PER_QUERY = 1000;

/**
 * The current training enrolment (the latest one) each of these 专家编号 pays for, in one query per
 * thousand numbers; numbers that are unknown or whose expert has no enrolment are absent from the map.
 */
export async function payablesByExpertNumbers(expertNumbers: readonly string[], conn: Knex = db): Promise<Map<string, Payable>> {
  const out = new Map<string, Payable>();
  const wanted = [...new Set(expertNumbers)];
  for (let i = 0; i < wanted.length; i += NUMBERS_PER_QUERY) {
    const rows: { id: number; owner_id: number; state: string; data: string; number: string }[] = await conn("experts as e")
      .join("workflow_instances as i", function () {
        this.on("i.owner_id", "e.user_id").andOnVal("i.workflow_key", TRAINING_WORKFLOW);
      })
      .whereIn("e.number", wanted.slice(i, i + NUMBERS_PER_QUERY))
      .orderBy("i.id", "desc")
      .select("i.id", "i.owner_id", "i.state", "i.data", "e.number");
    for (const row of rows) {
      if (out.has(row.number)) continue; // an older enrolment of the same expert
      const data = JSON.parse(row.data) as EnrolmentData;
      out.set(row.number, {
        instanceId: Number(row.id), userId: Number(row.owner_id), expertNumber: row.number, dueFen: data.payment?.dueFen ?? 0,
        state: row.state, settled: !awaitsPayment(row.state),
      });
    }
  }
  return out;
}

/**
 * The expert's current training enrolment that a payment with this 专家编号 pays for (their latest
 * one), or null for an unknown number or an expert without an enrolment.
 */
export async function payableByExpertNumber(expertNumber: string): Promise<Payable | null> {
  return (await payablesByExpertNumbers([expertNumber])).get(expertNumber) ?? null;
}

/** Whether a payment with this transaction id was recorded already (by an import or by hand). */
export async function paymentRecorded(txnId: string): Promise<boolean> {
  return !!(await db("payments").where({ txn_id: txnId }).first("id"));
}

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err.code === "23505" || (err.code === "SQLITE_CONSTRAINT" && /UNIQUE/.test(err.message ?? ""));
};

/**
 * Records the payment and moves the enrolment to 已缴费 (`confirm-payment`; the expert is notified), in
 * one transaction, audited. Idempotent by txnId: a second call with a recorded one answers
 * {ok:false, message: "该交易已处理"}. Other refusals (already paid, state changed) come back the same
 * way with the workflow's Chinese reason. Throws only on database failures.
 *
 * With `trx`, all of it happens in a savepoint of the caller's transaction (a bill's payments are
 * settled a hundred to a transaction): a refusal undoes this payment alone, and everything commits or
 * rolls back with the caller's transaction.
 */
export async function settlePayment(
  instanceId: number,
  payment: PaymentRecord,
  actor: { id: number; role: Role; name: string },
  ip: string,
  trx?: Knex.Transaction,
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!Number.isSafeInteger(payment.amountFen) || payment.amountFen < 0) throw new RangeError(`amount must be whole 分 ≥ 0, got ${payment.amountFen}`);
  // In a savepoint the unique index alone tells a recorded transaction id (the attempt is undone).
  if (!trx && payment.txnId && (await paymentRecorded(payment.txnId))) return { ok: false, message: ALREADY_RECORDED };
  const workflowActor = { id: actor.id, role: actor.role };
  const input = { payload: { ...payment } };
  let r;
  try {
    r = trx ? await applyTransitionWithin(trx, instanceId, "confirm-payment", workflowActor, input) : await applyTransition(instanceId, "confirm-payment", workflowActor, input);
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, message: ALREADY_RECORDED };
    throw e;
  }
  if (!r.ok) return { ok: false, message: r.message };
  await audit({
    actor: { id: actor.id, name: actor.name }, action: AUDIT_ACTION.paymentSettle, target: { type: "Enrolment", id: instanceId }, ip, outcome: AUDIT_OUTCOME.ok,
    detail: { source: payment.source, amountFen: payment.amountFen, ...(payment.txnId ? { txnId: payment.txnId } : {}), ...(payment.importId ? { importId: payment.importId } : {}), ...(payment.note ? { note: payment.note } : {}) },
  }, trx);
  return { ok: true };
}

export { ENROLMENT_STATE };
