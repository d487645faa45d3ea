// Reading the SMS outbox (the default provider's sent messages).
import { db, paginate } from "~/utils/db.server";

export type OutboxRow = { id: number; phone: string; message: string; provider: string; status: string; created_at: number };

export function listOutbox(opts: { phone?: string; offset: number; limit: number }) {
  const q = db("sms_outbox").select("*");
  if (opts.phone) q.where("phone", opts.phone);
  return paginate<OutboxRow>(q, opts);
}
