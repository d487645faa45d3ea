// Published workflow definitions (immutable per key+version, pinned by content hash), running instances
// (each pinned to the version it started with; row_version guards every state change) and their
// append-only history, one row per row_version so a transition can never be recorded twice.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("workflow_versions", (t) => {
    t.increments("id");
    t.string("key", 80).notNullable();
    t.integer("version").notNullable();
    t.string("hash", 64).notNullable();
    t.string("title", 200).notNullable();
    t.text("definition").notNullable(); // the normalized definition as JSON
    t.string("source", 16).notNullable(); // builtin | admin
    t.integer("published_by");
    t.bigInteger("published_at").notNullable();
    t.unique(["key", "version"]);
  });
  await k.schema.createTable("workflow_instances", (t) => {
    t.increments("id");
    t.string("workflow_key", 80).notNullable();
    t.integer("workflow_version").notNullable();
    t.string("workflow_hash", 64).notNullable();
    t.integer("owner_id").notNullable().references("users.id");
    t.integer("batch_id"); // the batch (scope) it belongs to; null for workflows outside batches
    t.string("number", 40); // e.g. the 专家编号 an approval assigns
    t.string("state", 40).notNullable();
    t.integer("row_version").notNullable().defaultTo(1);
    t.text("data").notNullable(); // engine bookkeeping, JSON
    t.bigInteger("created_at").notNullable();
    t.bigInteger("updated_at").notNullable();
    t.bigInteger("submitted_at");
    // One instance per owner per batch and workflow (NULL batches are distinct, so unscoped ones repeat).
    t.unique(["workflow_key", "owner_id", "batch_id"]);
    t.unique(["workflow_key", "number"]);
    t.index(["owner_id"]);
    t.index(["workflow_key", "state"]);
    t.index(["batch_id", "state"]);
  });
  await k.schema.createTable("workflow_history", (t) => {
    t.increments("id");
    t.integer("instance_id").notNullable().references("workflow_instances.id").onDelete("CASCADE");
    t.integer("row_version").notNullable(); // the instance's row_version after this entry
    t.string("event", 40).notNullable();
    t.string("from_state", 40); // null for the start
    t.string("to_state", 40).notNullable();
    t.integer("actor_id").notNullable().references("users.id");
    t.text("comment");
    t.bigInteger("created_at").notNullable();
    t.unique(["instance_id", "row_version"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("workflow_history");
  await k.schema.dropTableIfExists("workflow_instances");
  await k.schema.dropTableIfExists("workflow_versions");
}
