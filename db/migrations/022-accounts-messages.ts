// Issue 19 (accounts): 图形验证码 challenges before SMS codes, and 消息 (notifications read in the app).
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  // One image challenge: only an HMAC of its answer is kept; single use (used_at), short-lived.
  await k.schema.createTable("captchas", (t) => {
    t.string("id", 32).primary(); // random hex handed to the browser with the image
    t.string("answer_hash", 64).notNullable();
    t.string("ip", 64).notNullable(); // the client it was drawn for: another client cannot spend it
    t.bigInteger("created_at").notNullable();
    t.bigInteger("expires_at").notNullable();
    t.bigInteger("used_at");
    t.index(["expires_at"]);
  });
  // When the user read a notification in 消息 (null = unread).
  await k.schema.alterTable("notifications", (t) => {
    t.bigInteger("read_at");
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("notifications", (t) => {
    t.dropColumn("read_at");
  });
  await k.schema.dropTableIfExists("captchas");
}
