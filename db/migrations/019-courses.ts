// 课程内容 and 学习进度 (issue 16, first half): the lessons of each training course (a video or a PDF held
// in file storage by sha256) and, per (training enrolment, lesson, round), what the expert has really
// watched — merged intervals of distinct seconds, the furthest point reached, and the server time of the
// previous heartbeat — so progress can be checked against real time and never goes down.
//
// Self-contained on purpose (see 012): reads and writes only its own tables.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("training_lessons", (t) => {
    t.increments("id");
    t.integer("course_id").notNullable().references("training_courses.id").onDelete("CASCADE");
    t.integer("seq").notNullable(); // order within the course, from 1
    t.string("title", 100).notNullable();
    t.string("kind", 16).notNullable(); // video | document
    t.string("sha256", 64).notNullable(); // the blob in file storage
    t.string("mime", 40).notNullable();
    t.bigInteger("size").notNullable(); // bytes
    t.integer("duration_s").notNullable(); // video: its length; document: the minimum study time
    t.integer("min_study_s").notNullable(); // what counts as studied (document: time on page)
    t.bigInteger("created_at").notNullable();
    t.index(["course_id", "seq"]);
  });
  await k.schema.createTable("lesson_progress", (t) => {
    t.increments("id");
    t.integer("instance_id").notNullable().references("workflow_instances.id").onDelete("CASCADE"); // the enrolment
    t.integer("lesson_id").notNullable().references("training_lessons.id").onDelete("CASCADE");
    t.integer("round").notNullable(); // the enrolment's data.round (补学 starts a new one)
    t.text("intervals").notNullable(); // JSON [[from,to],…] of distinct seconds, merged, sorted
    t.integer("covered_s").notNullable(); // total length of the intervals (seconds)
    t.integer("furthest_s").notNullable(); // the furthest point reached (seconds)
    t.integer("position_s").notNullable(); // where the expert stopped (resume here)
    t.bigInteger("last_at").notNullable(); // server time of the previous accepted heartbeat, epoch ms
    t.bigInteger("done_at"); // when coverage first reached the mark, epoch ms
    t.integer("row_version").notNullable().defaultTo(1);
    t.unique(["instance_id", "lesson_id", "round"]);
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("lesson_progress");
  await k.schema.dropTableIfExists("training_lessons");
}
