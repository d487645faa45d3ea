import "../setup/guard";
// Who may see and act on a review task (issue 6, acceptance 2): every inbox/task route and action as
// anonymous, the applicant, another expert, a reviewer of the application's region, reviewers of another
// region / another batch / no scope at all, and an admin. Out of scope answers exactly like a missing
// task (404, never 403); guessed task ids and file ids are refused; bulk 通过 refuses per id; the tab
// counts only count rows in scope; owner-only events stay the applicant's.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setReviewerScopes } from "~/models/reviewer-scopes.server";
import type { ReviewScope } from "~/engine/permissions/ability";
import { Client, db } from "../setup/app";
import { act, batchId, DATA, instanceInState, rowVersion, submittedApplication } from "../setup/applications";
import { signedIn } from "../setup/factories";

const t = suite("review permissions");
const REGION = "喀什地区";
const OTHER_REGION = "和田地区";
const LIST = (q = "") => `/review?${DATA("routes/_app.review._index")}${q}`;
const TASK = (id: number | string) => `/review/${id}?${DATA("routes/_app.review.$id")}`;

type Who = "anon" | "owner" | "expert" | "inScope" | "batchScope" | "otherRegion" | "otherBatch" | "noScope" | "admin";
const c = {} as Record<Who, Client>;
let app: { id: number; photo: string };
let otherBatchId: number;

async function reviewer(scopes: ReviewScope[]) {
  const { client, user } = await signedIn("reviewer");
  await setReviewerScopes(user.id, scopes);
  return client;
}

type ListBody = { items: { id: number; applicant: string }[]; total: number; counts: Record<string, number>; tabs: { key: string; count: number }[] };
async function list(client: Client, q = ""): Promise<ListBody> {
  const res = await client.get(LIST(q));
  assert.is(res.status, 200);
  return (await res.json()) as ListBody;
}
const transition = (client: Client, id: number, event: string, extra: Record<string, string> = {}) =>
  client.post(TASK(id), { intent: "transition", event, ...extra });

t.before(async () => {
  const seed = await db("batches").where({ id: await batchId() }).first();
  const { id: _id, ...rest } = seed;
  const [row] = await db("batches").insert({ ...rest, name: "审核权限测试批次" }).returning("id");
  otherBatchId = typeof row === "object" ? (row as { id: number }).id : row;
  const sub = await submittedApplication({ name: "权限测试申请人", region: REGION });
  app = { id: sub.id, photo: sub.photo };
  c.owner = sub.client;
  c.anon = await new Client().prime();
  c.expert = (await signedIn("expert")).client;
  c.inScope = await reviewer([{ region: REGION, batchId: null }]);
  c.batchScope = await reviewer([{ region: null, batchId: await batchId() }]);
  c.otherRegion = await reviewer([{ region: OTHER_REGION, batchId: null }]);
  c.otherBatch = await reviewer([{ region: null, batchId: otherBatchId }]);
  c.noScope = await reviewer([]);
  c.admin = (await signedIn("admin")).client;
});

t("the inbox lists the application to reviewers in scope and admins only", async () => {
  const sees: Record<Who, boolean | number> = { anon: 302, owner: 403, expert: 403, inScope: true, batchScope: true, otherRegion: false, otherBatch: false, noScope: false, admin: true };
  for (const [who, expected] of Object.entries(sees) as [Who, boolean | number][]) {
    if (typeof expected === "number") {
      const res = await c[who].get("/review");
      assert.is(res.status, expected, who);
      if (expected === 302) assert.ok(res.headers.get("location")?.startsWith("/login"));
      assert.is((await c[who].get(LIST())).status === 200, false, `${who} gets no list data`);
      continue;
    }
    const body = await list(c[who], "&status=submitted");
    const found = body.items.some((i) => i.id === app.id && i.applicant === "权限测试申请人");
    assert.is(found, expected, `${who} ${expected ? "sees" : "does not see"} the application`);
    // The keyword search cannot reach outside the scope either.
    const byName = await list(c[who], `&status=submitted&q=${encodeURIComponent("权限测试")}`);
    assert.is(byName.items.some((i) => i.id === app.id), expected, `${who} by keyword`);
  }
  assert.is((await list(c.noScope)).total, 0, "no scope, no rows");
  assert.equal((await list(c.noScope)).counts, {}, "no scope, no counts");
});

t("the task page: 200 in scope, 404 out of scope or missing (never 403), 403 for experts", async () => {
  const expected: Record<Who, number> = { anon: 401, owner: 403, expert: 403, inScope: 200, batchScope: 200, otherRegion: 404, otherBatch: 404, noScope: 404, admin: 200 };
  for (const [who, status] of Object.entries(expected) as [Who, number][]) {
    const res = await c[who].get(TASK(app.id));
    if (who === "anon") assert.ok(res.status === 204 || res.status === 401 || res.status === 302, `anon → ${res.status}`);
    else assert.is(res.status, status, `GET task as ${who}`);
  }
  const page = (await (await c.inScope.get(TASK(app.id))).json()) as { events: { event: string }[]; application: { applicant: string } };
  assert.equal(page.events.map((e) => e.event), ["accept"], "the reviewer's buttons: no owner-only events");
  assert.is(page.application.applicant, "权限测试申请人");
  // Guessing ids: the next ones, far ones, and junk all answer 404 alike.
  for (const guess of [app.id + 1, app.id + 1000, 99_999_999, "abc", "1e3", "-1", "0x10"]) {
    assert.is((await c.inScope.get(TASK(guess))).status, 404, `guess ${guess}`);
    assert.is((await c.otherRegion.get(TASK(guess))).status, 404, `guess ${guess} (other region)`);
  }
});

t("下一条 (/review/next) opens only tasks in scope: in scope it goes to an open task of the list; out of scope it finds none", async () => {
  const next = async (client: Client, after: number, from = "") => {
    const res = await client.get(`/review/next?after=${after}${from ? `&from=${encodeURIComponent(from)}` : ""}`);
    assert.is(res.status, 302);
    return res.headers.get("location") ?? "";
  };
  // From another task (a guessed id), the in-scope reviewer is sent to this application, the list kept.
  assert.is(await next(c.inScope, 99_999_999, "?status=submitted"), `/review/${app.id}?from=${encodeURIComponent("?status=submitted")}`);
  // A reviewer of another region has it nowhere in the list: back to where they were, told there is none.
  assert.is(await next(c.otherRegion, 99_999_999), "/review/99999999?none=1");
  assert.is(await next(c.inScope, 99_999_999, "?status=x#y"), `/review/${app.id}`, "a junk list query is the default list");
  assert.is((await c.expert.get(`/review/next?after=${app.id}`)).status, 403);
});

t("the applicant's files: the owner, reviewers in scope and admins; 404 for everyone else", async () => {
  const sha = app.photo.replace(/^file:/, "");
  const expected: Record<Who, number> = { anon: 302, owner: 200, expert: 404, inScope: 200, batchScope: 200, otherRegion: 404, otherBatch: 404, noScope: 404, admin: 200 };
  for (const [who, status] of Object.entries(expected) as [Who, number][]) {
    const res = await c[who].get(`/uploads/${sha}`);
    assert.is(res.status, status, `GET photo as ${who}`);
    await res.arrayBuffer();
  }
  // A guessed file id is the same 404 as a real one out of scope.
  assert.is((await c.otherRegion.get(`/uploads/${sha.replace(/.$/, (x) => (x === "0" ? "1" : "0"))}`)).status, 404);
});

t("transitions: owner-only events stay the applicant's; out of scope is 404; in scope may claim", async () => {
  // A reviewer cannot withdraw or submit for the applicant.
  for (const event of ["withdraw", "submit"]) {
    const res = await transition(c.inScope, app.id, event);
    assert.ok(res.status === 403 || res.status === 409, `reviewer ${event} → ${res.status}`);
    assert.match(((await res.json()) as { message: string }).message, /[\u4e00-\u9fa5]/);
  }
  for (const who of ["otherRegion", "otherBatch", "noScope"] as Who[]) assert.is((await transition(c[who], app.id, "accept")).status, 404, `accept as ${who}`);
  for (const who of ["owner", "expert"] as Who[]) assert.is((await transition(c[who], app.id, "accept")).status, 403, `accept as ${who}`);
  assert.is((await c.anon.post(TASK(app.id), { intent: "transition", event: "accept" })).status, 401);
  assert.is((await db("workflow_instances").where({ id: app.id }).first()).state, "submitted", "nothing changed");

  const ok = await transition(c.inScope, app.id, "accept", { rowVersion: await rowVersion(app.id) });
  assert.is(ok.status, 200, await ok.clone().text());
  assert.is((await db("workflow_instances").where({ id: app.id }).first()).state, "reviewing");
  // Claimed: the applicant can no longer withdraw.
  const late = await act(c.owner, app.id, { intent: "transition", event: "withdraw", rowVersion: await rowVersion(app.id) });
  assert.is(late.status, 409, late.body.message);
  // A stale page's action is refused.
  const stale = await transition(c.inScope, app.id, "approve", { rowVersion: "1" });
  assert.is(stale.status, 409);
  // It says what the application is now, not only that it changed.
  assert.match(((await stale.json()) as { message: string }).message, "该申请已变为「审核中」，请刷新页面后再操作");
  assert.is((await db("workflow_instances").where({ id: app.id }).first()).state, "reviewing", "nothing changed");
});

t("bulk 通过 refuses ids outside the scope one by one and approves the rest", async () => {
  const { user: owner } = await signedIn("expert");
  const { user: owner2 } = await signedIn("expert");
  const outside = await instanceInState({ ownerId: owner.id, state: "reviewing", region: OTHER_REGION, applicant: "外地申请人" });
  const inside = await instanceInState({ ownerId: owner2.id, state: "reviewing", region: REGION, applicant: "本地申请人" });
  const res = await c.inScope.post(`/review?index&${DATA("routes/_app.review._index")}`, { intent: "bulk-approve", id: [String(inside), String(outside), "99999999", String(app.id)] });
  assert.is(res.status, 200);
  const body = (await res.json()) as { ok: boolean; failed: { id: number; message: string }[] };
  assert.is(body.ok, false);
  assert.equal(body.failed.map((f) => f.id).sort((a, b) => a - b), [outside, 99999999].sort((a, b) => a - b));
  assert.is(body.failed[0].message, body.failed[1].message, "outside the scope reads like missing");
  assert.is((await db("workflow_instances").where({ id: outside }).first()).state, "reviewing", "outside untouched");
  for (const id of [inside, app.id]) assert.match((await db("workflow_instances").where({ id }).first()).number ?? "", /^XJ\d{8}$/);
  // Only reviewers and admins may post it at all; an out-of-scope reviewer gets only refusals.
  assert.is((await c.expert.post(`/review?index&${DATA("routes/_app.review._index")}`, { intent: "bulk-approve", id: String(outside) })).status, 403);
  const none = await c.otherBatch.post(`/review?index&${DATA("routes/_app.review._index")}`, { intent: "bulk-approve", id: String(outside) });
  assert.is(none.status, 409);
  assert.is((await db("workflow_instances").where({ id: outside }).first()).state, "reviewing");
});

t("tab counts only count rows in scope", async () => {
  const { user: o1 } = await signedIn("expert");
  const { user: o2 } = await signedIn("expert");
  await instanceInState({ ownerId: o1.id, state: "submitted", region: REGION, applicant: "计数甲" });
  await instanceInState({ ownerId: o2.id, state: "returned", region: OTHER_REGION, applicant: "计数乙" });
  const expected = async (region: string) => {
    const rows: { state: string; n: number | string }[] = await db("workflow_instances").where({ region }).whereNotNull("submitted_at").select("state").count({ n: "*" }).groupBy("state");
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  };
  const mine = await list(c.inScope);
  assert.equal(mine.counts, await expected(REGION));
  assert.is(mine.tabs.find((x) => x.key === "submitted")?.count, (await expected(REGION)).submitted ?? 0);
  // At least the two approved above; other suites sharing the database may have approved more here.
  const approved = mine.tabs.find((x) => x.key === "approved")?.count ?? 0;
  assert.is(approved, (await expected(REGION)).approved ?? 0);
  assert.ok(approved >= 2, `approved ${approved}`);
  assert.equal((await list(c.otherRegion)).counts, await expected(OTHER_REGION));
  // A region filter cannot widen the scope.
  const widened = await list(c.inScope, `&region=${encodeURIComponent(OTHER_REGION)}`);
  assert.is(widened.total, 0);
  assert.equal(widened.counts, {});
});

t.run();
