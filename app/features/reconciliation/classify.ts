// Sorting bill lines into the six classes of SPEC §4, purely: the facts about the outside world (the
// enrolment a 专家编号 pays for, whether a transaction id was already recorded) are handed in by the
// caller, so the rules are unit-testable and the service can look facts up in batches.
//
// Order of the rules (the first that applies decides):
//   1. 退款       the line is a refund (money went back to the payer);
//   2. 重复       its transaction id already appeared earlier in this file (the first one keeps its class);
//   3. 已处理     its transaction id was recorded by an earlier import or by hand (payments.txn_id);
//   4. 未知专家编号 no 专家编号 in the payer's text, or none that has a current training enrolment;
//   5. 已处理     the enrolment is already paid (e.g. confirmed by hand before the bill came), or an
//                 earlier line of this file already matched it: nothing more to settle (the note says
//                 which, so a payer who paid twice can be refunded);
//   6. 金额不符   the amount differs from the fee due;
//   7. 已匹配     otherwise: committing settles it.
import { fenToYuan } from "./amount";
import type { Payable } from "~/features/training/payments.server";
import { BILL_CLASS, type BillClass } from "./constants";

/** The enrolment a payment pays for: training's payableByExpertNumber answer (a type only; no code is imported). */
export type { Payable };

/** What the classifier needs of a bill line. */
export type ClassifiableLine = { lineNo: number; kind: "payment" | "refund"; txnId: string; amountFen: number; reference: string | null };

/** Facts about one line, looked up by the caller: the enrolment its reference pays for, and whether its txnId is recorded. */
export type LineFacts = { payable: Payable | null; recorded: boolean };

export type Classification = { class: BillClass; instanceId: number | null; note: string };

/**
 * Classifies the lines of one file in file order (it remembers the transaction ids and enrolments of
 * earlier lines). Every line gets exactly one class and a short Chinese note saying why.
 */
export class Classifier {
  private readonly seenTxn = new Map<string, number>();
  private readonly matchedInstance = new Map<number, number>();

  classify(line: ClassifiableLine, facts: LineFacts): Classification {
    const none = (cls: BillClass, note: string): Classification => ({ class: cls, instanceId: null, note });
    if (line.kind === "refund") return none(BILL_CLASS.refund, "退款记录，不计入缴费");
    const earlier = this.seenTxn.get(line.txnId);
    if (earlier !== undefined) return none(BILL_CLASS.duplicate, `与第 ${earlier} 行交易号相同`);
    this.seenTxn.set(line.txnId, line.lineNo);
    if (facts.recorded) return none(BILL_CLASS.processed, "该交易已入账（此前导入或手工确认）");
    const p = facts.payable;
    if (!line.reference) return none(BILL_CLASS.unknown, "付款备注中没有专家编号");
    if (!p) return none(BILL_CLASS.unknown, `专家编号 ${line.reference} 不存在或没有待缴费的培训`);
    const at = { class: BILL_CLASS.processed, instanceId: p.instanceId };
    if (p.settled) return { ...at, note: "该专家的培训费已确认缴费；本笔如为重复付款，请核实后退款" };
    const first = this.matchedInstance.get(p.instanceId);
    if (first !== undefined) return { ...at, note: `该专家的缴费已在第 ${first} 行匹配；本笔如为重复付款，请核实后退款` };
    if (line.amountFen !== p.dueFen) {
      return { class: BILL_CLASS.mismatch, instanceId: p.instanceId, note: `应缴 ${fenToYuan(p.dueFen)} 元，实付 ${fenToYuan(line.amountFen)} 元` };
    }
    this.matchedInstance.set(p.instanceId, line.lineNo);
    return { class: BILL_CLASS.matched, instanceId: p.instanceId, note: "" };
  }
}
