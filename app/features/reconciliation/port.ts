// What reconciliation needs of the training feature, as an interface: the enrolment a 专家编号 pays
// for, whether a transaction is already recorded, and settling a payment. The service takes it as a
// parameter (tests hand in fakes; the routes hand in the real one, payment-port.server.ts), so the
// rules never depend on how training stores enrolments. Later a provider callback can settle through
// the same interface.
import type { Role } from "~/engine/constants";
import type { Payable } from "./classify";

export type Actor = { id: number; role: Role; name: string };

export type Settlement = { amountFen: number; txnId: string | null; paidAt: number; source: "import" | "manual"; importId?: number; note?: string };

export type SettleResult = { ok: true } | { ok: false; message: string };

export type PaymentPort = {
  /** The current enrolments these 专家编号 pay for; numbers without one are absent from the map. */
  payables(expertNumbers: readonly string[]): Promise<Map<string, Payable>>;
  /** Which of these transaction ids are already recorded as payments. */
  recorded(txnIds: readonly string[]): Promise<Set<string>>;
  /** Which of these transaction ids were recorded by this import (a commit resumed after a crash). */
  settledByImport(importId: number, txnIds: readonly string[]): Promise<Set<string>>;
  /** Records the payment and moves the enrolment on (own transaction; idempotent by txnId). */
  settle(instanceId: number, payment: Settlement, actor: Actor, ip: string): Promise<SettleResult>;
  /**
   * settle for each item in order, in as few transactions as it likes, a refusal of one undoing none of
   * the others; the results in the items' order. Throws (having settled none of them, or all before the
   * failing one) only on database failures.
   */
  settleBatch(items: readonly { instanceId: number; payment: Settlement }[], actor: Actor, ip: string): Promise<SettleResult[]>;
};
