// 专家证书 (issue 17): a batch's certificate settings (证书编号 format, 发证单位; the validity in years is
// 010's `certificate_years`), the `certificates` issued (one per training enrolment, with the signed token
// its QR code carries, and its revocation), and the 60-day expiry reminder marker. See
// docs/decisions/0015-certificate.md.
//
// Self-contained on purpose (see 012): it touches only its own table and columns.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("batches", (t) => {
    // {year} (Beijing, at issue) and {seq:N} (one counter per expanded prefix), like the 专家编号 format.
    t.string("certificate_number_format", 60).notNullable().defaultTo("ZS{year}{seq:5}");
    t.string("certificate_issuer", 100).notNullable().defaultTo("新疆维吾尔自治区评标专家管理办公室");
  });
  await k.schema.createTable("certificates", (t) => {
    t.increments("id");
    t.string("number", 40).notNullable().unique(); // 证书编号
    t.integer("expert_id").notNullable().references("experts.id");
    t.integer("user_id").notNullable().references("users.id");
    // The training enrolment it was issued for: at most one certificate each (a retried issue is a no-op).
    t.integer("enrolment_id").notNullable().unique().references("workflow_instances.id");
    t.integer("batch_id").references("batches.id");
    // What the certificate prints, frozen at issue (a later change of the record needs a new certificate).
    t.string("name", 50).notNullable();
    t.string("id_card_masked", 18).notNullable();
    t.string("expert_number", 40).notNullable();
    t.text("specialties").notNullable(); // JSON array of catalog names, 主专业 first
    t.string("issuer", 100).notNullable();
    t.bigInteger("issued_at").notNullable(); // epoch ms
    t.bigInteger("expires_at").notNullable(); // epoch ms: the first instant it is no longer valid
    t.string("key_id", 16).notNullable(); // the signing key of the token (rotation)
    t.text("token").notNullable(); // the signed token in the QR code
    t.bigInteger("revoked_at");
    t.integer("revoked_by").references("users.id");
    t.string("revoke_reason", 200);
    t.bigInteger("expiry_reminded_at"); // set once by the guarded UPDATE of the reminder job
    t.index(["user_id"]);
    t.index(["expert_id"]);
    t.index(["expires_at"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("certificates");
  await k.schema.alterTable("batches", (t) => {
    t.dropColumn("certificate_number_format");
    t.dropColumn("certificate_issuer");
  });
}
