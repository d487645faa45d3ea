// Drafts of form and workflow definitions that administrators save without publishing (one per kind and
// key), and the YAML text each published workflow version was written as, so its editor and diffs show
// what the administrator typed (the definition column holds the normalized form).
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("definition_drafts", (t) => {
    t.increments("id");
    t.string("kind", 16).notNullable(); // form | workflow
    t.string("key", 80).notNullable();
    t.text("content").notNullable();
    t.integer("updated_by").references("users.id");
    t.bigInteger("updated_at").notNullable();
    t.unique(["kind", "key"]);
  });
  await k.schema.alterTable("workflow_versions", (t) => {
    t.text("source_text"); // null for versions synced from workflows/*.yaml before this existed
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_versions", (t) => {
    t.dropColumn("source_text");
  });
  await k.schema.dropTableIfExists("definition_drafts");
}
