// Published form definitions, one immutable row per (key, version), pinned by content hash.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("form_versions", (t) => {
    t.increments("id");
    t.string("key", 80).notNullable();
    t.integer("version").notNullable();
    t.string("hash", 64).notNullable();
    t.string("title", 200).notNullable();
    t.text("definition").notNullable(); // the whole { key, version, title, schema, uiSchema, rules } as JSON
    t.string("source", 16).notNullable(); // builtin | admin
    t.integer("published_by");
    t.bigInteger("published_at").notNullable();
    t.unique(["key", "version"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("form_versions");
}
