// Batches (批次): one intake of experts with its window, the workflow and form versions it runs, its
// pledge text and eligibility rules. The administration issue adds the editing UI; the columns are here.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("batches", (t) => {
    t.increments("id");
    t.string("name", 100).notNullable().unique(); // 2025年第一批
    t.bigInteger("opens_at").notNullable();
    t.bigInteger("closes_at").notNullable();
    t.string("batch_date", 10).notNullable(); // the date eligibility rules measure age and years against
    t.string("workflow_key", 80).notNullable();
    t.integer("workflow_version").notNullable();
    t.text("form_versions").notNullable(); // JSON { formKey: version }
    t.text("pledge_text").notNullable();
    t.text("eligibility_rules").notNullable(); // JSON [{ form, id, path, message, logic, each? }]
    t.text("application_types").notNullable(); // JSON ["新增"]
    t.string("number_format", 60).notNullable(); // 专家编号, e.g. "XJ{year}{seq:4}"
    t.bigInteger("created_at").notNullable();
    t.bigInteger("updated_at").notNullable();
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("batches");
}
