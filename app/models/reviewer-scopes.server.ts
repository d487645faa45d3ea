// Reviewers' scopes: the regions (地州) and batches whose applications they review. No rows, no tasks.
import type { ReviewScope } from "~/engine/permissions/ability";
import { db } from "~/utils/db.server";

export async function reviewerScopes(userId: number): Promise<ReviewScope[]> {
  const rows: { region: string | null; batch_id: number | null }[] = await db("reviewer_scopes").where({ user_id: userId }).select("region", "batch_id");
  return rows.map((r) => ({ region: r.region, batchId: r.batch_id }));
}

/** Replaces a reviewer's scopes. */
export async function setReviewerScopes(userId: number, scopes: ReviewScope[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx("reviewer_scopes").where({ user_id: userId }).delete();
    if (scopes.length) await trx("reviewer_scopes").insert(scopes.map((s) => ({ user_id: userId, region: s.region, batch_id: s.batchId })));
  });
}

/** Reviewers' scopes for a page of users, as the lists of regions and batches an admin edits. */
export async function scopesOf(userIds: number[]): Promise<Map<number, { regions: string[]; batches: number[] }>> {
  const out = new Map<number, { regions: string[]; batches: number[] }>(userIds.map((id) => [id, { regions: [], batches: [] }]));
  if (userIds.length === 0) return out;
  const rows: { user_id: number; region: string | null; batch_id: number | null }[] = await db("reviewer_scopes").whereIn("user_id", userIds);
  for (const r of rows) {
    const s = out.get(r.user_id)!;
    if (r.region && !s.regions.includes(r.region)) s.regions.push(r.region);
    if (r.batch_id && !s.batches.includes(r.batch_id)) s.batches.push(r.batch_id);
  }
  return out;
}
