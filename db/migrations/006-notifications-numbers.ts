// Notifications written inside a workflow transition (delivered by SMS after it commits, and shown on
// the home page), counters for numbers such as 专家编号, and uniqueness of assigned numbers.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("notifications", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("users.id");
    t.string("message", 500).notNullable();
    t.string("sms_status", 16).notNullable(); // pending | sent | failed | none (no phone)
    t.bigInteger("created_at").notNullable();
    t.index(["user_id", "id"]);
    t.index(["sms_status"]);
  });
  await k.schema.createTable("number_sequences", (t) => {
    t.string("name", 120).primary(); // e.g. "expert-number:XJ2025"
    t.integer("value").notNullable();
  });
  await k.schema.alterTable("workflow_instances", (t) => {
    t.unique(["number"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.dropUnique(["number"]);
  });
  await k.schema.dropTableIfExists("number_sequences");
  await k.schema.dropTableIfExists("notifications");
}
