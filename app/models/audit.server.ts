// The append-only audit log: who did what, when, from where, with what outcome (no secrets, no codes).
import type { Knex } from "knex";
import { db, paginate } from "~/utils/db.server";
import type { Paging } from "~/utils/paging";
import { now } from "~/utils/clock.server";
import type { AuditAction } from "./constants";
import { AUDIT_OUTCOME } from "./constants";

export type AuditEntry = {
  actor?: { id: number; name: string } | null;
  action: AuditAction;
  target?: { type: string; id: string | number };
  ip?: string;
  outcome?: (typeof AUDIT_OUTCOME)[keyof typeof AUDIT_OUTCOME];
  detail?: Record<string, unknown>;
};

export async function audit(entry: AuditEntry, trx: Knex | Knex.Transaction = db): Promise<void> {
  await trx("audit_log").insert({
    at: now(),
    actor_id: entry.actor?.id ?? null,
    actor_name: entry.actor?.name ?? null,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target ? String(entry.target.id) : null,
    ip: entry.ip ?? null,
    outcome: entry.outcome ?? AUDIT_OUTCOME.ok,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}

export type AuditRow = {
  id: number; at: number; actor_id: number | null; actor_name: string | null; action: string;
  target_type: string | null; target_id: string | null; ip: string | null; outcome: string; detail: string | null;
};

export function listAudit(opts: { action?: string; actor?: string } & Paging) {
  const q = db("audit_log").select("*");
  if (opts.action) q.where("action", opts.action);
  if (opts.actor) q.where("actor_name", opts.actor);
  return paginate<AuditRow>(q, opts);
}
