// Notifications to users. Written inside the transaction that causes them (so a rolled-back transition
// notifies nobody), then delivered by SMS after commit; failures stay visible and can be retried.
import type { Knex } from "knex";
import { smsProvider } from "~/services/sms.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

export type NotificationRow = { id: number; user_id: number; message: string; sms_status: string; created_at: number };

export async function queueNotification(trx: Knex | Knex.Transaction, userId: number, message: string): Promise<void> {
  await trx("notifications").insert({ user_id: userId, message: message.slice(0, 500), sms_status: "pending", created_at: now() });
}

/** Sends every pending notification by SMS; call after the transaction that queued them has committed. */
export async function deliverPendingNotifications(): Promise<void> {
  const pending = await db("notifications as n").join("users as u", "u.id", "n.user_id").where("n.sms_status", "pending")
    .orderBy("n.id").limit(100).select("n.id", "n.message", "u.phone");
  for (const p of pending as { id: number; message: string; phone: string | null }[]) {
    // Claim the row first, so two deliverers never send the same message twice.
    const claimed = await db("notifications").where({ id: p.id, sms_status: "pending" }).update({ sms_status: "sending" });
    if (claimed !== 1) continue;
    let status = "sent";
    if (!p.phone) status = "none";
    else {
      try {
        await smsProvider().send(p.phone, `【评标专家管理系统】${p.message}`);
      } catch {
        status = "failed";
      }
    }
    await db("notifications").where({ id: p.id }).update({ sms_status: status });
  }
}

export const latestNotifications = (userId: number, limit = 5) =>
  db<NotificationRow>("notifications").where({ user_id: userId }).orderBy("id", "desc").limit(limit);
