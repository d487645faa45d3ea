// 测试 (issue 16): a batch's question bank and exam definition, the experts' attempts and their answers.
// One open attempt per expert is the database's rule (a partial unique index), not only a check; an
// answer row per (attempt, question) keeps the highest sequence number the client sent for it.
// Self-contained on purpose (see 012): touches only its own tables.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("exam_questions", (t) => {
    t.increments("id");
    t.integer("batch_id").notNullable().references("batches.id").onDelete("CASCADE");
    t.string("category", 50).notNullable(); // 题目分类: the exam draws per category
    t.string("kind", 10).notNullable(); // single | multiple | judge
    t.text("stem").notNullable(); // 题干
    t.text("options").notNullable(); // JSON array of option texts (judge: 正确, 错误)
    t.string("answer", 40).notNullable(); // JSON array of correct option indexes, ascending
    t.text("explanation").notNullable().defaultTo(""); // 解析, shown only after submission
    t.bigInteger("created_at").notNullable();
    t.bigInteger("deleted_at"); // soft delete: attempts' papers keep pointing at it
    t.index(["batch_id", "deleted_at", "category"]);
  });
  await k.schema.createTable("exam_definitions", (t) => {
    t.integer("batch_id").primary().references("batches.id").onDelete("CASCADE");
    t.text("draws").notNullable(); // JSON [{ category, count }]
    t.integer("minutes").notNullable(); // 考试时长（分钟）
    t.integer("pass_mark").notNullable(); // 合格分数 out of 100
    t.integer("attempts").notNullable(); // 考试次数
    t.boolean("retake_needs_study").notNullable().defaultTo(true); // 不合格须补学后重考
    t.bigInteger("updated_at").notNullable();
    t.integer("updated_by");
  });
  await k.schema.createTable("exam_attempts", (t) => {
    t.increments("id");
    t.integer("instance_id").notNullable().references("workflow_instances.id"); // the training enrolment
    t.integer("owner_id").notNullable().references("users.id");
    t.integer("batch_id").notNullable();
    t.integer("attempt_no").notNullable(); // 1, 2, … per enrolment
    t.string("status", 12).notNullable(); // open | submitted
    t.text("paper").notNullable(); // JSON [{ q: questionId, o: [option indexes in shown order] }]
    t.bigInteger("started_at").notNullable();
    t.bigInteger("deadline").notNullable(); // epoch ms, held by the server
    t.bigInteger("submitted_at");
    t.string("submitted_by", 12); // expert | deadline
    t.integer("correct");
    t.integer("total").notNullable();
    t.integer("score"); // 0–100
    t.boolean("passed");
    t.boolean("applied").notNullable().defaultTo(false); // the result moved the enrolment (pass-exam / fail-exam)
    t.unique(["instance_id", "attempt_no"]);
    t.index(["status", "deadline"]);
    t.index(["batch_id", "status"]);
  });
  // One open attempt per expert, enforced by the database (SQLite and PostgreSQL both take partial indexes).
  await k.raw("create unique index exam_attempts_one_open on exam_attempts (owner_id) where status = 'open'");
  await k.schema.createTable("exam_answers", (t) => {
    t.integer("attempt_id").notNullable().references("exam_attempts.id").onDelete("CASCADE");
    t.integer("question_id").notNullable();
    t.integer("seq").notNullable(); // the client's per-attempt sequence number of this answer
    t.string("choice", 40).notNullable(); // JSON array of chosen option indexes (original order)
    t.bigInteger("client_at").notNullable(); // when the expert gave it, server time as the page estimated it
    t.bigInteger("saved_at").notNullable();
    t.primary(["attempt_id", "question_id"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTable("exam_answers");
  await k.schema.dropTable("exam_attempts");
  await k.schema.dropTable("exam_definitions");
  await k.schema.dropTable("exam_questions");
}
