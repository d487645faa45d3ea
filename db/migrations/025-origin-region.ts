// The region an instance was routed away from (地州转移's 同意调出 sets it: the transfer moves on to the
// receiving region's reviewers). The outgoing region's reviewers keep reading what they forwarded — its
// 转入地州审核 and its outcome — through this column (ability.ts); null for every other instance.
import type { Knex } from "knex";

export async function up(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.string("origin_region", 50);
    t.index(["origin_region", "state", "submitted_at"], "wi_origin_region_state_submitted");
  });
}

export async function down(k: Knex): Promise<void> {
  await k.schema.alterTable("workflow_instances", (t) => {
    t.dropIndex([], "wi_origin_region_state_submitted");
    t.dropColumn("origin_region");
  });
}
