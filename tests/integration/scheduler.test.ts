import "../setup/guard";
// Scheduled jobs under a database lease (issue 21, docs/decisions/0020), on this dialect: two
// schedulers racing for one period → one runs; the holder's own next period runs, another holder's
// waits; an expired lease is taken over; a failing job is recorded and logged without its message;
// the server's own jobs each competed once at start-up.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db } from "../setup/app";
import { ensureLease, every, PROCESS_ID, runLeased, stopJob, takeLease } from "~/services/scheduler.server";
import { JOB } from "~/features/jobs.server";

const t = suite("scheduler");
const MINUTE = 60_000;
let n = 0;
/** A fresh job name (a row of its own) per case. */
const fresh = async () => {
  const name = `test-job-${++n}`;
  await ensureLease(name);
  return name;
};
const lease = (name: string) => db("job_leases").where({ name }).first();

/** Waits until `check` holds (the database is polled; no fixed sleep), or fails after 10 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > end) assert.unreachable(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

t("two schedulers racing for the same period: exactly one runs the job (20 rounds)", async () => {
  for (let round = 0; round < 20; round++) {
    const name = await fresh();
    let calls = 0;
    const job = async () => {
      calls++;
    };
    const [a, b] = await Promise.all([runLeased(name, MINUTE, job, "instance-a"), runLeased(name, MINUTE, job, "instance-b")]);
    assert.is(Number(a) + Number(b), 1, `round ${round}: one of the two ran`);
    assert.is(calls, 1, `round ${round}: the job ran once`);
    const row = await lease(name);
    assert.is(row.runs, 1);
    assert.is(row.holder, a ? "instance-a" : "instance-b");
    assert.ok(Number(row.finished_at) >= Number(row.started_at), "the end is recorded");
    assert.not.ok(row.failed === true || row.failed === 1);
  }
});

t("inside the lease: the holder's own next period runs, another holder's does not", async () => {
  const name = await fresh();
  assert.ok(await takeLease(name, MINUTE, "instance-a"));
  assert.not.ok(await takeLease(name, MINUTE, "instance-b"), "another holder waits for the lease to expire");
  assert.ok(await takeLease(name, MINUTE, "instance-a"), "the holder renews its own lease");
  assert.is((await lease(name)).runs, 2);
  assert.not.ok(await takeLease("no-such-job", MINUTE, "instance-a"), "no row, no lease");
});

t("an expired lease is taken over by another instance (the holder died or its period ended)", async () => {
  const name = await fresh();
  assert.ok(await runLeased(name, MINUTE, async () => undefined, "instance-a"));
  assert.not.ok(await runLeased(name, MINUTE, async () => undefined, "instance-b"));
  // The lease ran out (moved in the database rather than waiting a minute).
  await db("job_leases").where({ name }).update({ expires_at: Number((await lease(name)).expires_at) - MINUTE - 1 });
  assert.ok(await runLeased(name, MINUTE, async () => undefined, "instance-b"), "taken over once expired");
  const row = await lease(name);
  assert.equal([row.holder, row.runs], ["instance-b", 2]);
  assert.not.ok(await takeLease(name, MINUTE, "instance-a"), "the old holder has lost it");
});

t("a job that throws: recorded as failed, logged with its class and place but not its message", async () => {
  const name = await fresh();
  const logged: string[] = [];
  const guard = console.error;
  console.error = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
  try {
    const ran = await runLeased(name, MINUTE, async () => {
      throw Object.assign(new TypeError("申请人 张建华 身份证号 650102199001011234"), { code: "E_TEST" });
    }, "instance-a");
    assert.ok(ran);
  } finally {
    console.error = guard;
  }
  assert.is(logged.length, 1);
  assert.match(logged[0], `scheduled job ${name} failed: TypeError (E_TEST)`);
  assert.match(logged[0], "scheduler.test.ts", "where it was thrown");
  assert.not.match(logged[0], /张建华|650102/, "no personal data in the log");
  assert.ok((await lease(name)).failed, "recorded as failed");
  // The next period runs again (the lease is the holder's own).
  assert.ok(await runLeased(name, MINUTE, async () => undefined, "instance-a"));
  assert.not.ok((await lease(name)).failed);
});

t("every(): competes for the lease at once, runs the job in the background, and stops", async () => {
  const name = `test-every-${++n}`;
  let calls = 0;
  await every(name, MINUTE, async () => {
    calls++;
  });
  await until("the first run to finish", async () => Boolean((await lease(name))?.finished_at));
  stopJob(name);
  const row = await lease(name);
  assert.equal([row.holder, row.runs, calls], [PROCESS_ID, 1, 1]);
});

t("the server's own jobs: each has its lease row and competed once at start-up", async () => {
  const rows: { name: string; runs: number }[] = await db("job_leases").whereIn("name", Object.values(JOB)).select("name", "runs");
  assert.equal(rows.map((r) => r.name).sort(), Object.values(JOB).sort());
  for (const r of rows) assert.ok(r.runs >= 1, `${r.name} ran`);
});

t.run();
