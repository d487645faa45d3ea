// A batch's 收款二维码 (an uploaded image, by content hash, served to the batch's approved experts), and
// 停用 for catalog entries: a disabled region or specialty leaves the pickers but still names old data.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("batches", (t) => {
    t.string("payment_qr_sha", 64);
    t.index(["payment_qr_sha"]);
  });
  for (const table of ["regions", "specialties"]) {
    await k.schema.alterTable(table, (t) => {
      t.bigInteger("disabled_at"); // null while in use
    });
  }
}

export async function down(k: Knex): Promise<void> {
  for (const table of ["regions", "specialties"]) {
    await k.schema.alterTable(table, (t) => {
      t.dropColumn("disabled_at");
    });
  }
  await k.schema.alterTable("batches", (t) => {
    t.dropIndex(["payment_qr_sha"]);
    t.dropColumn("payment_qr_sha");
  });
}
