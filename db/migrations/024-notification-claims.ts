// When a notification's SMS was claimed for sending (epoch ms). A deliverer that crashes between its claim
// and its answer leaves the row `sending`; the notification-delivery job (app/features/jobs.server.ts)
// puts a claim older than STALE_CLAIM_MS back to `pending` and sends it. Rows claimed before this column
// existed have none, and count as stale.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("notifications", (t) => {
    t.bigInteger("sms_claimed_at");
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("notifications", (t) => {
    t.dropColumn("sms_claimed_at");
  });
}
