// 缴费对账 (issue 15): each uploaded payment bill (`payment_imports`: the file, its detected format,
// content hash, who uploaded and who committed it, counts per class) and every bill line of it
// (`payment_import_lines`: its class, what it says, its original text, and what committing did with it).
// A preview writes both; committing settles the 已匹配 lines through the training feature, which records
// the payments themselves (table `payments`, unique txn_id) and so makes a second import idempotent.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("payment_imports", (t) => {
    t.increments("id");
    t.string("file_name", 200).notNullable(); // as uploaded (display only)
    t.string("format", 30).notNullable(); // BILL_FORMAT: template-csv | wechat-merchant | alipay-business | …
    t.string("sha256", 64).notNullable(); // of the file's bytes: "this file was imported before"
    t.bigInteger("size_bytes").notNullable();
    t.string("status", 16).notNullable(); // preview | committing | committed
    t.integer("uploaded_by").notNullable().references("users.id");
    t.bigInteger("uploaded_at").notNullable();
    t.integer("committed_by").references("users.id");
    t.bigInteger("committed_at");
    t.bigInteger("lease_until"); // while committing: another commit may take over after this (a crashed one)
    t.integer("line_count").notNullable(); // bill lines (each in exactly one class)
    t.integer("other_count").notNullable(); // transactions that are no payment in nor a refund (counted only)
    t.integer("matched_count").notNullable();
    t.integer("mismatch_count").notNullable();
    t.integer("unknown_count").notNullable();
    t.integer("duplicate_count").notNullable();
    t.integer("refund_count").notNullable();
    t.integer("processed_count").notNullable();
    t.integer("settled_count").notNullable().defaultTo(0); // 已匹配 lines committing settled
    t.integer("refused_count").notNullable().defaultTo(0); // 已匹配 lines settlement refused (reason on the line)
    t.index(["uploaded_at"]);
    t.index(["sha256"]);
  });
  await k.schema.createTable("payment_import_lines", (t) => {
    t.increments("id");
    t.integer("import_id").notNullable().references("payment_imports.id").onDelete("CASCADE");
    t.integer("line_no").notNullable(); // 1-based line (CSV) or row (XLSX) of the file
    t.string("class", 10).notNullable(); // BILL_CLASS: 已匹配 | 金额不符 | 未知专家编号 | 重复 | 退款 | 已处理
    t.string("kind", 10).notNullable(); // payment | refund
    t.string("reference", 64); // the 专家编号 found in the payer's text
    t.bigInteger("amount_fen").notNullable();
    t.string("txn_id", 64).notNullable();
    t.bigInteger("paid_at").notNullable(); // epoch ms
    t.integer("instance_id"); // the training enrolment it pays for (matched, mismatched, processed)
    t.string("note", 200).notNullable(); // why this class, in Chinese
    t.text("raw").notNullable(); // the original text of the line
    t.string("outcome", 200); // after commit, for 已匹配 lines: 已入账 or the reason settlement was refused
    t.unique(["import_id", "line_no"]);
    t.index(["import_id", "class", "line_no"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("payment_import_lines");
  await k.schema.dropTableIfExists("payment_imports");
}
