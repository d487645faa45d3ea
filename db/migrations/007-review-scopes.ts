// What the review inbox filters and scopes by: attributes copied onto each instance (applicant, region,
// main specialty), indexes for the inbox's queries, and reviewers' scopes (regions and/or batches).
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.string("applicant_name", 100);
    t.string("region", 50);
    t.string("specialty", 32);
    // The inbox: tasks in a state, in a region, newest submission first; counts per state.
    t.index(["region", "state", "submitted_at"], "wi_region_state_submitted");
    t.index(["state", "submitted_at"], "wi_state_submitted");
    t.index(["batch_id", "state"], "wi_batch_state");
  });
  await k.schema.createTable("reviewer_scopes", (t) => {
    t.increments("id");
    t.integer("user_id").notNullable().references("users.id");
    t.string("region", 50); // a region name from the catalog; null = any region
    t.integer("batch_id").references("batches.id"); // null = any batch
    t.index(["user_id"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("reviewer_scopes");
  await k.schema.alterTable("workflow_instances", (t) => {
    t.dropIndex([], "wi_region_state_submitted");
    t.dropIndex([], "wi_state_submitted");
    t.dropIndex([], "wi_batch_state");
    t.dropColumn("applicant_name");
    t.dropColumn("region");
    t.dropColumn("specialty");
  });
}
