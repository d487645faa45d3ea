// List attributes are open (issue 13): a definition declares any keys, so their values are kept one row
// per (instance, key). The well-known keys keep their columns on workflow_instances (scoping and
// filters read those); their values are copied here too, so every attribute can be read in one place.
import type { Knex } from "knex";

/** The well-known keys and the columns the previous version kept them in (frozen here, as of 018). */
const BACKFILL: [key: string, column: string][] = [["applicant", "applicant_name"], ["region", "region"], ["specialty", "specialty"]];

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("instance_attributes", (t) => {
    t.integer("instance_id").notNullable().references("workflow_instances.id").onDelete("CASCADE");
    t.string("key", 40).notNullable();
    t.string("value", 200).notNullable();
    t.primary(["instance_id", "key"]);
    // Listing or filtering by one attribute's value.
    t.index(["key", "value"], "ia_key_value");
  });
  for (const [key, column] of BACKFILL) {
    await k.raw(`insert into ?? (??, ??, ??) select ??, '${key}', ?? from ?? where ?? is not null and ?? <> ''`, [
      "instance_attributes", "instance_id", "key", "value", "id", column, "workflow_instances", column, column,
    ]);
  }
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("instance_attributes");
}
