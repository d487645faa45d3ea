import "../setup/guard";
// Racing reviewers (issue 6, acceptance 3), through the HTTP action: 20 concurrent 通过 of one task give
// one success, one audit row and one history row; 20 concurrent 通过 of 20 tasks give 20 distinct
// 专家编号 in the batch's format XJ{year}{seq:4}. Runs on SQLite and PostgreSQL alike.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import { AUDIT_ACTION } from "~/models/constants";
import type { Client } from "../setup/app";
import { db } from "../setup/app";
import { DATA, instanceInState } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("review concurrency");
const REGION = "阿克苏地区";
const reviewers: Client[] = [];

const approve = (client: Client, id: number) =>
  client.post(`/review/${id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event: "approve", rowVersion: "1" })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; message: string } }));

async function reviewingTask(applicant: string): Promise<number> {
  const { user } = await signedIn("expert");
  return instanceInState({ ownerId: user.id, state: "reviewing", region: REGION, applicant });
}

t.before(async () => {
  // Ten reviewers of the region, two clients' worth of requests each.
  for (let i = 0; i < 10; i++) {
    const { client, user } = await signedIn("reviewer");
    await setReviewerScopes(user.id, [{ region: REGION, batchId: null }]);
    reviewers.push(client);
  }
});

t("20 concurrent 通过 of one task: one success, one audit row, one history row, one number", async () => {
  const id = await reviewingTask("并发单任务");
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => approve(reviewers[i % reviewers.length], id)));
  const wins = results.filter((r) => r.status === 200);
  assert.is(wins.length, 1, JSON.stringify(results.map((r) => r.status)));
  for (const r of results.filter((x) => x.status !== 200)) {
    assert.is(r.status, 409, r.body.message);
    assert.match(r.body.message, /[\u4e00-\u9fa5]/);
  }
  const audits = await db("audit_log").where({ action: AUDIT_ACTION.applicationTransition, target_type: "Application", target_id: String(id) });
  assert.is(audits.length, 1);
  assert.equal(JSON.parse(audits[0].detail), { event: "approve", before: "reviewing", after: "approved" });
  const history = await db("workflow_history").where({ instance_id: id, event: "approve" });
  assert.is(history.length, 1);
  const row = await db("workflow_instances").where({ id }).first();
  assert.is(row.state, "approved");
  assert.is(row.row_version, 2);
  assert.match(row.number, /^XJ\d{8}$/);
  assert.is((await db("notifications").where({ user_id: row.owner_id })).length, 1, "the expert is told once");
});

t("20 concurrent 通过 of 20 tasks: 20 distinct 专家编号 in the batch's format", async () => {
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) ids.push(await reviewingTask(`并发多任务${i}`));
  const results = await Promise.all(ids.map((id, i) => approve(reviewers[i % reviewers.length], id)));
  assert.equal(results.map((r) => r.status), ids.map(() => 200), JSON.stringify(results.filter((r) => r.status !== 200)));
  const rows = await db("workflow_instances").whereIn("id", ids).select("number", "state");
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const numbers = rows.map((r) => r.number as string);
  assert.is(new Set(numbers).size, 20, numbers.join(" "));
  for (const n of numbers) assert.match(n, new RegExp(`^XJ${year}\\d{4}$`));
  assert.ok(rows.every((r) => r.state === "approved"));
  const audits = await db("audit_log").where({ action: AUDIT_ACTION.applicationTransition }).whereIn("target_id", ids.map(String));
  assert.is(audits.length, 20);
});

t.run();
