// What the bill parsers produce and how they refuse a file.
import type { BillFormat } from "../constants";

/**
 * One bill line: a payment into the account or a refund out of it, as the file states it.
 * `lineNo` is the 1-based line (CSV) or row (XLSX) where it starts; `raw` the original text of that
 * line (an XLSX row re-written as one CSV line); `amountFen` positive integer 分; `paidAt` ms since epoch
 * (the bill's wall-clock time read as Asia/Shanghai); `reference` the 专家编号 found in the payer's
 * text, or null; `txnId` the provider's transaction id (a refund's own refund id where the bill has one).
 */
export type BillLine = {
  lineNo: number;
  raw: string;
  kind: "payment" | "refund";
  txnId: string;
  amountFen: number;
  paidAt: number;
  reference: string | null;
};

/** A refusal of the whole file: the line (when one is to blame) and the reason, in Chinese. */
export class BillRefused extends Error {
  constructor(readonly reason: string, readonly lineNo: number | null = null) {
    super(lineNo === null ? reason : `第 ${lineNo} 行：${reason}`);
  }
}

/** A physical row before interpretation: its cells as text, where it starts, and its original text. */
export type Row = { lineNo: number; cells: string[]; raw: string };

/** What a parsed file says about itself besides its lines. */
export type BillSummary = { format: BillFormat; lines: number; skipped: number };
