// Workflow instances that act on a record rather than run in a batch (a region transfer or a change
// request on the expert's pool record): which record, by registered type and id.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.string("record_type", 40); // null for batch workflows
    t.integer("record_id");
    t.index(["record_type", "record_id"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.dropIndex(["record_type", "record_id"]);
    t.dropColumn("record_id");
    t.dropColumn("record_type");
  });
}
