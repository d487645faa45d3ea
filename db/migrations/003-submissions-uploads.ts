// Form submissions (each pinned to the form version and hash it was filled against), uploaded files
// (metadata rows with an owner; the bytes live content-addressed in file storage) and the link
// between them, which decides who may see a file and which uploads are orphans.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("form_submissions", (t) => {
    t.increments("id");
    t.integer("owner_id").notNullable().references("users.id");
    t.string("form_key", 80).notNullable();
    t.integer("form_version").notNullable();
    t.string("form_hash", 64).notNullable();
    // What the submission belongs to: "self" for a standalone form, "application:<id>" inside a workflow.
    t.string("scope", 80).notNullable();
    t.text("data").notNullable(); // JSON, already stripped to the schema
    t.string("status", 16).notNullable(); // draft | complete
    t.integer("row_version").notNullable().defaultTo(1);
    t.bigInteger("created_at").notNullable();
    t.bigInteger("updated_at").notNullable();
    t.unique(["owner_id", "form_key", "scope"]);
  });
  await k.schema.createTable("uploads", (t) => {
    t.increments("id");
    t.integer("owner_id").notNullable().references("users.id");
    t.string("sha256", 64).notNullable();
    t.integer("size").notNullable();
    t.string("mime", 40).notNullable(); // decided from the content: application/pdf | image/jpeg | image/png
    t.string("original_name", 200).notNullable(); // sanitized display name, never a path
    t.bigInteger("created_at").notNullable();
    t.unique(["owner_id", "sha256"]);
    t.index(["sha256"]);
  });
  await k.schema.createTable("submission_files", (t) => {
    t.integer("submission_id").notNullable().references("form_submissions.id").onDelete("CASCADE");
    t.string("sha256", 64).notNullable();
    t.primary(["submission_id", "sha256"]);
    t.index(["sha256"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("submission_files");
  await k.schema.dropTableIfExists("uploads");
  await k.schema.dropTableIfExists("form_submissions");
}
