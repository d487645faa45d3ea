// The review inbox: every workflow's submitted instances the reviewer may read, filtered, counted per
// state and paged in SQL (CASL rules pushed down with whereAccessible; no rules, no rows).
import type { Knex } from "knex";
import type { AppAbility } from "~/engine/permissions/ability";
import { whereAccessible } from "~/engine/permissions/sql.server";
import { readAttributes } from "~/engine/workflows/attribute-store.server";
import { db } from "~/utils/db.server";

/**
 * `followed`: list what the reader follows (routed away from their region: the `follow` rules) instead
 * of what they read in their scope (`read`).
 */
export type InboxFilters = { state?: string; workflow?: string; batchId?: number; region?: string; keyword?: string; followed?: boolean };

export type InboxRow = {
  id: number; workflow_key: string; workflow_version: number; state: string; number: string | null; applicant_name: string | null;
  region: string | null; specialty: string | null; batch_id: number | null; batch_name: string | null; submitted_at: number | null; row_version: number;
};

function scoped(ability: AppAbility, f: Omit<InboxFilters, "state">): Knex.QueryBuilder {
  const q = db("workflow_instances as w").whereNotNull("w.submitted_at");
  whereAccessible(q, ability, f.followed ? "follow" : "read", "Application", (field) => `w.${field}`);
  if (f.workflow) q.where("w.workflow_key", f.workflow);
  if (f.batchId) q.where("w.batch_id", f.batchId);
  if (f.region) q.where("w.region", f.region);
  if (f.keyword) {
    // LIKE with the user's text escaped: % and _ are literal characters in a name or number.
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((k) => k.whereRaw("w.applicant_name like ? escape '\\'", [like]).orWhereRaw("w.number like ? escape '\\'", [like]));
  }
  return q;
}

/** The two queries of an inbox page (per-state counts, the page), unexecuted: benchmarks explain them. */
export function inboxQueries(ability: AppAbility, f: InboxFilters, page: { offset: number; limit: number }) {
  const base = scoped(ability, f);
  const counts = base.clone().select("w.state").count<{ state: string; n: number | string }[]>({ n: "*" }).groupBy("w.state");
  const listed = base.clone();
  if (f.state) listed.where("w.state", f.state);
  const rows = listed
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .select("w.id", "w.workflow_key", "w.workflow_version", "w.state", "w.number", "w.applicant_name", "w.region", "w.specialty", "w.batch_id", "b.name as batch_name", "w.submitted_at", "w.row_version")
    .orderBy([{ column: "w.submitted_at", order: "desc" }, { column: "w.id", order: "desc" }])
    .offset(page.offset)
    .limit(page.limit);
  return { counts, rows };
}

/**
 * One page of the inbox, its total, and the count per state (for the tabs) under the same filters. The
 * total is read off the counts (the list is the counted set narrowed to one state, or all of it): a
 * second count over the same index would double the work (at 1,000,000 applications, a third of it).
 * `known`: the counts under the same filters, already read (inboxCounts), not read again.
 */
export async function listInbox(ability: AppAbility, f: InboxFilters, page: { offset: number; limit: number }, known?: Record<string, number>) {
  const q = inboxQueries(ability, f, page);
  const [counts, rows] = await Promise.all([known ?? countsOf(q.counts), q.rows as Promise<InboxRow[]>]);
  const total = f.state ? (counts[f.state] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return { rows, total, counts };
}

async function countsOf(q: Knex.QueryBuilder): Promise<Record<string, number>> {
  const counted = (await q) as { state: string; n: number | string }[];
  return Object.fromEntries(counted.map((c) => [c.state, Number(c.n)]));
}

/** The count per state under the filters (state ignored), as listInbox reports them; pass it back as `known`. */
export function inboxCounts(ability: AppAbility, f: InboxFilters): Promise<Record<string, number>> {
  return countsOf(inboxQueries(ability, { ...f, state: undefined }, { offset: 0, limit: 0 }).counts);
}

/** How many instances this reader follows under the filters (state ignored): 0 without follow rules. */
export async function followedCount(ability: AppAbility, f: InboxFilters): Promise<number> {
  if (!ability.rulesFor("follow", "Application").length) return 0;
  const [{ n }] = await scoped(ability, { ...f, followed: true }).count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

/**
 * How many instances this user may read wait in one of `tasks` (workflow and state pairs: the review
 * tasks of their role), under the same rules as the inbox (首页's 待办 count). 0 without tasks.
 */
export async function openTaskCount(ability: AppAbility, tasks: readonly { workflowKey: string; state: string }[]): Promise<number> {
  if (!tasks.length) return 0;
  const q = scoped(ability, {}).where((w) => {
    for (const t of tasks) w.orWhere((one) => one.where("w.workflow_key", t.workflowKey).where("w.state", t.state));
  });
  const [{ n }] = await q.count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

/** The listed instances' values of these attributes (a page's worth of ids): id → key → value. */
export function listedAttributes(ids: readonly number[], keys: readonly string[]): Promise<Map<number, Record<string, string>>> {
  return readAttributes(db, ids, keys);
}

/**
 * Workflow keys in the order they were first published (built-ins first, as start-up syncs them): the
 * order an inbox over several workflows lists their tabs in.
 */
export async function workflowsByFirstPublication(): Promise<string[]> {
  const rows = (await db("workflow_versions").select("key").min({ first_id: "id" }).groupBy("key").orderBy("first_id")) as { key: string }[];
  return rows.map((r) => r.key);
}

/** Masks an ID number for lists: the first 6 and last 4 characters stay. */
export const maskIdCard = (id: string) => (id.length > 10 ? `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}` : "****");
