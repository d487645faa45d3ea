// The SMS reminder 60 days before a certificate expires (SPEC §5), sent by a job the server starts
// (features/jobs.server.ts, hourly, on one instance per hour). Idempotent across restarts and instances: each certificate is claimed by a
// guarded UPDATE (expiry_reminded_at IS NULL) in the transaction that queues its notification, so two
// instances running the job at once send one message; a revoked certificate, or one already replaced by a
// newer certificate of the same expert, gets none.
import { deliverPendingNotifications, queueNotification } from "~/models/notifications.server";
import { DAY, HOUR, now as clockNow } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { REMINDER_DAYS, chineseDate } from "./certificate";

/** Certificates handled per run (the next run takes the rest). */
const BATCH = 500;

/** The reminder's text: the number, the last valid day, and what to do (续聘 in a new batch). */
export const reminderText = (number: string, validUntil: string) =>
  `您的评标专家证书（编号 ${number}）将于${chineseDate(validUntil)}到期。请留意新批次通知，按时以入库类型“续聘”提交申请。`;

/**
 * Queues (and then delivers) the reminder of every certificate that expires within REMINDER_DAYS of `at`
 * (ms) and has had none. Returns how many this run claimed.
 */
export async function remindExpiringCertificates(at = clockNow()): Promise<number> {
  const due: { id: number; user_id: number; number: string; expires_at: number | string }[] = await db("certificates as c")
    .whereNull("c.revoked_at").whereNull("c.expiry_reminded_at")
    .where("c.expires_at", ">", at).where("c.expires_at", "<=", at + REMINDER_DAYS * DAY)
    .whereNotExists(db("certificates as n").whereRaw("n.user_id = c.user_id and n.id > c.id and n.revoked_at is null"))
    .orderBy("c.id").limit(BATCH).select("c.id", "c.user_id", "c.number", "c.expires_at");
  let claimed = 0;
  for (const c of due) {
    const won = await db.transaction(async (trx) => {
      const n = await trx("certificates").where({ id: c.id }).whereNull("expiry_reminded_at").whereNull("revoked_at").update({ expiry_reminded_at: at });
      if (n !== 1) return false;
      const lastDay = new Date(Number(c.expires_at) - DAY + 8 * HOUR).toISOString().slice(0, 10);
      await queueNotification(trx, c.user_id, reminderText(c.number, lastDay));
      return true;
    });
    if (won) claimed++;
  }
  if (claimed) await deliverPendingNotifications();
  return claimed;
}
