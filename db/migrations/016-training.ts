// 岗前培训 and 缴费 (issue 15): a batch's training plan — fee and retake fee in integer 分 (until now the
// fee was whole 元 in `fee_yuan`; it is copied over ×100 and no longer read), and its courses — and the
// `payments` ledger: one row per payment recorded against a training enrolment (an instance of the
// `training` workflow), from a reconciled bill or confirmed by hand. A transaction id is recorded at
// most once, which is what makes importing the same bill twice change nothing.
//
// Self-contained on purpose (see 012): reads and writes only its own tables' columns.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("batches", (t) => {
    t.bigInteger("fee_fen").notNullable().defaultTo(0); // 培训费用, 分
    t.bigInteger("retake_fee_fen").notNullable().defaultTo(0); // 补学费用, 分 (0: a retake is free)
  });
  await k("batches").update({ fee_fen: k.raw("fee_yuan * 100") });
  await k.schema.createTable("training_courses", (t) => {
    t.increments("id");
    t.integer("batch_id").notNullable().references("batches.id").onDelete("CASCADE");
    t.integer("seq").notNullable(); // order on 我的培训, from 1
    t.string("name", 100).notNullable(); // 课程名称
    t.integer("study_days").notNullable(); // 学习开始 → 学习结束: this many days from when learning opens
    t.unique(["batch_id", "seq"]);
  });
  await k.schema.createTable("payments", (t) => {
    t.increments("id");
    t.integer("instance_id").notNullable().references("workflow_instances.id"); // the training enrolment paid for
    t.string("expert_number", 40).notNullable(); // the reference the payer gave (专家编号)
    t.bigInteger("amount_fen").notNullable();
    t.string("txn_id", 80).unique(); // the bill's 交易号; null for a payment confirmed by hand without one
    t.bigInteger("paid_at").notNullable(); // epoch ms, when the money moved (the bill's time)
    t.string("source", 16).notNullable(); // import | manual
    t.integer("import_id"); // the reconciliation import it came from (no FK: that table belongs to 017)
    t.string("note", 500); // the reason of a payment confirmed by hand
    t.integer("recorded_by").notNullable().references("users.id");
    t.bigInteger("recorded_at").notNullable();
    t.index(["instance_id"]);
    t.index(["expert_number"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTable("payments");
  await k.schema.dropTable("training_courses");
  await k.schema.alterTable("batches", (t) => {
    t.dropColumn("retake_fee_fen");
    t.dropColumn("fee_fen");
  });
}
