// The rest of a batch's settings an administrator configures: fee and payment instructions, the number
// of working days to pay within, and how long a certificate is valid.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("batches", (t) => {
    t.integer("fee_yuan").notNullable().defaultTo(0);
    t.text("payment_instructions").notNullable().defaultTo("");
    t.integer("payment_working_days").notNullable().defaultTo(10);
    t.integer("certificate_years").notNullable().defaultTo(2);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("batches", (t) => {
    t.dropColumn("fee_yuan");
    t.dropColumn("payment_instructions");
    t.dropColumn("payment_working_days");
    t.dropColumn("certificate_years");
  });
}
