// Issue 21 (scaled shape): scheduled jobs run exactly once across instances. One row per job name is
// its lease: the instance that takes it by a conditional UPDATE (app/services/scheduler.server.ts) runs
// the job; the others skip that period. Times are the database's clock in epoch milliseconds.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("job_leases", (t) => {
    t.string("name", 60).primary(); // e.g. exam-sweeper
    t.string("holder", 120); // the process that holds it (host:pid:random); null before the first run
    t.bigInteger("expires_at").notNullable().defaultTo(0);
    t.integer("runs").notNullable().defaultTo(0); // times the lease was taken to run the job
    t.bigInteger("started_at"); // the last run's start
    t.bigInteger("finished_at"); // the last run's end (null while it runs, or after a crash in it)
    t.boolean("failed").notNullable().defaultTo(false); // whether the last finished run threw
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("job_leases");
}
