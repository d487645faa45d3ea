// Notifications written inside a workflow transition (delivered by SMS after it commits, and shown on
// the home page), counters for numbers such as 专家编号, uniqueness of assigned numbers, and document downloads.
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
  // The data hash of the latest download of a generated document (申请表, 承诺书): the signed scan
  // uploaded afterwards is tied to it, and goes stale when the data changes.
  await k.schema.createTable("instance_downloads", (t) => {
    t.integer("instance_id").notNullable().references("workflow_instances.id");
    t.string("document", 40).notNullable();
    t.string("data_hash", 64).notNullable();
    t.bigInteger("downloaded_at").notNullable();
    t.primary(["instance_id", "document"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("instance_downloads");
  await k.schema.alterTable("workflow_instances", (t) => {
    t.dropUnique(["number"]);
  });
  await k.schema.dropTableIfExists("number_sequences");
  await k.schema.dropTableIfExists("notifications");
}
