// Reading the SMS outbox (the default provider's sent messages).
import { db, paginate } from "~/utils/db.server";
import type { Paging } from "~/utils/paging";

export type OutboxRow = { id: number; phone: string; message: string; provider: string; status: string; created_at: number };

/** A page of the outbox, newest first as stored; `phoneDigits` (digits only) keeps numbers containing them. */
export function listOutbox(opts: { phoneDigits?: string } & Paging) {
  const q = db("sms_outbox").select("*");
  // Digits only (the route refuses anything else), so nothing in the pattern is a LIKE wildcard.
  if (opts.phoneDigits && /^\d+$/.test(opts.phoneDigits)) q.where("phone", "like", `%${opts.phoneDigits}%`);
  return paginate<OutboxRow>(q, opts);
}
