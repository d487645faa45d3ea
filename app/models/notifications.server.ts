// Notifications to users. Written inside the transaction that causes them (so a rolled-back transition
// notifies nobody), then delivered by SMS after commit; failures stay visible and can be retried. The
// user also reads them in the app (消息): read_at marks the ones they have read. Delivery is at least
// once: what a crash left undelivered (still `pending`, or claimed and never answered) is sent by the
// notification-delivery job, which may repeat an SMS whose send completed just before the crash.
import type { Knex } from "knex";
import { smsProvider } from "~/services/sms.server";
import { smsText } from "./sms-text";
import { MINUTE, now } from "~/utils/clock.server";
import { db, paginate, rowCount } from "~/utils/db.server";
import type { Paging } from "~/utils/paging";

export type NotificationRow = { id: number; user_id: number; message: string; sms_status: string; created_at: number; read_at: number | null };

export async function queueNotification(trx: Knex | Knex.Transaction, userId: number, message: string): Promise<void> {
  await trx("notifications").insert({ user_id: userId, message: message.slice(0, 500), sms_status: "pending", created_at: now() });
}

/** How many pending notifications one delivery takes up. */
const DELIVERY_BATCH = 100;

/**
 * A claim (`sending`) older than this, in ms, is a deliverer's that died: a send gives up after 5 s
 * (services/sms.server.ts), so a live deliverer answers its claim well within it.
 */
export const STALE_CLAIM_MS = 2 * MINUTE;

/**
 * Sends up to 100 pending notifications by SMS, oldest first; call after the transaction that queued them
 * has committed. Returns how many it took up (100: there may be more).
 */
export async function deliverPendingNotifications(): Promise<number> {
  const pending = await db("notifications as n").join("users as u", "u.id", "n.user_id").where("n.sms_status", "pending")
    .orderBy("n.id").limit(DELIVERY_BATCH).select("n.id", "n.message", "u.phone");
  for (const p of pending as { id: number; message: string; phone: string | null }[]) {
    // Claim the row first, so two deliverers never send the same message twice.
    const claimed = await db("notifications").where({ id: p.id, sms_status: "pending" }).update({ sms_status: "sending", sms_claimed_at: now() });
    if (claimed !== 1) continue;
    let status = "sent";
    if (!p.phone) status = "none";
    else {
      try {
        await smsProvider().send(p.phone, smsText(p.message));
      } catch {
        status = "failed";
      }
    }
    await db("notifications").where({ id: p.id }).update({ sms_status: status });
  }
  return pending.length;
}

/**
 * The notification-delivery job: claims older than STALE_CLAIM_MS go back to `pending`, then everything
 * pending is sent (at most `maxBatches` × 100 per run; the next run takes the rest). Returns how many
 * stale claims it put back.
 */
export async function recoverNotificationDeliveries(maxBatches = 50): Promise<number> {
  const stale = await db("notifications").where({ sms_status: "sending" })
    .andWhere((q) => q.whereNull("sms_claimed_at").orWhere("sms_claimed_at", "<", now() - STALE_CLAIM_MS))
    .update({ sms_status: "pending", sms_claimed_at: null });
  for (let batch = 0; batch < maxBatches; batch++) if ((await deliverPendingNotifications()) < DELIVERY_BATCH) break;
  return rowCount(stale);
}

/** Narrows a notifications query to the rows the asking user may see (the route passes its CASL rule as SQL). */
export type NotificationScope = (q: Knex.QueryBuilder) => Knex.QueryBuilder;

/** One page of notifications within `scope`, newest first, with the total and the page shown (paginate); `unread` keeps only unread ones. */
export async function listNotifications(scope: NotificationScope, opts: Paging & { unread?: boolean }) {
  const q = scope(db("notifications").select("id", "message", "created_at", "read_at", "sms_status"));
  if (opts.unread) q.whereNull("read_at");
  const { total, rows, paging } = await paginate<Omit<NotificationRow, "user_id">>(q, opts);
  return { total, paging, rows: rows.map((r) => ({ ...r, created_at: Number(r.created_at), read_at: r.read_at === null ? null : Number(r.read_at) })) };
}

/** How many of `userId`'s notifications are unread (the header's 消息 badge). */
export async function unreadCount(userId: number): Promise<number> {
  const [{ n }] = await db("notifications").where({ user_id: userId }).whereNull("read_at").count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

/** Marks the unread notifications within `scope` read: those in `ids`, or all when `ids` is "all". Returns how many. */
export async function markNotificationsRead(scope: NotificationScope, ids: number[] | "all"): Promise<number> {
  if (ids !== "all" && !ids.length) return 0;
  const q = scope(db("notifications")).whereNull("read_at");
  if (ids !== "all") q.whereIn("id", ids);
  return rowCount(await q.update({ read_at: now() }));
}
