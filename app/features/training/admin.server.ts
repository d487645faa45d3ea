// 培训报名 for administrators: every training enrolment with its payment status (filter by batch, state,
// 专家编号 or name; paged in SQL), and the training workflow's administrator actions on a row — those its
// definition gives `by: [admin]` with a reason (延期: a new payment window from today; 增加考试机会 once the
// attempts are used up) — each a transition with the reason, audited.
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import { latestWorkflowVersion } from "~/engine/workflows/registry.server";
import { applyTransition } from "~/engine/workflows/runtime.server";
import type { WorkflowDefinition } from "~/engine/workflows/definition-schema";
import { audit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { ENROLMENT_FILTERS, enrolmentStateTitle, TRAINING_WORKFLOW, yuan } from "./enrolment";
import type { EnrolmentData } from "./enrolment";

const TITLE = new Map<string, string>(ENROLMENT_FILTERS.map((f) => [f.value, f.label]));

export type EnrolmentQuery = { state?: string; batchId?: number; keyword?: string; offset: number; limit: number };

/** An administrator's action on an enrolment: a transition that asks for a reason. */
export type AdminAction = { event: string; title: string; reasonTitle: string; maxLength: number };

/** The transitions of `def` an administrator takes from `state` with a reason (the guards decide on taking). */
function adminActions(def: WorkflowDefinition | undefined, state: string): AdminAction[] {
  return (def?.transitions ?? [])
    .filter((t) => t.by.includes("admin") && t.from.includes(state) && t.input?.comment?.required)
    .map((t) => ({ event: t.event, title: t.title, reasonTitle: t.input!.comment!.title, maxLength: t.input!.comment!.maxLength ?? 200 }));
}

/** One page of enrolments, newest first, with the total; each row with its administrator actions. */
export async function listEnrolments(auth: Auth, q: EnrolmentQuery) {
  requireAbility(auth.ability, "manage", "Enrolment");
  const def = (await latestWorkflowVersion(TRAINING_WORKFLOW))?.definition;
  const base = db("workflow_instances as i")
    .join("users as u", "u.id", "i.owner_id")
    .leftJoin("experts as e", "e.user_id", "i.owner_id")
    .leftJoin("batches as b", "b.id", "i.batch_id")
    .where("i.workflow_key", TRAINING_WORKFLOW);
  if (q.state) base.where("i.state", q.state);
  if (q.batchId) base.where("i.batch_id", q.batchId);
  if (q.keyword) {
    const like = `%${q.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base.where((w) => w.whereRaw("e.number like ? escape '\\'", [like]).orWhereRaw("u.name like ? escape '\\'", [like]));
  }
  const [{ n }] = await base.clone().count<{ n: number | string }[]>({ n: "*" });
  const rows = await base.clone().orderBy("i.id", "desc").offset(q.offset).limit(q.limit)
    .select("i.id", "i.state", "i.data", "i.row_version", "u.name", "e.number", "b.name as batch_name");
  return {
    total: Number(n),
    items: rows.map((r: { id: number; state: string; data: string; row_version: number; name: string; number: string | null; batch_name: string | null }) => {
      const t = (JSON.parse(r.data) as EnrolmentData).payment;
      return {
        id: Number(r.id), name: r.name, number: r.number ?? "", batch: r.batch_name ?? "", state: r.state, stateTitle: enrolmentStateTitle(r.state, TITLE.get(r.state) ?? r.state, t?.dueFen),
        due: t ? yuan(t.dueFen) : "-", deadline: t ? `${formatTime(t.deadline)}${t.provisional ? "（暂定）" : ""}` : "-",
        claimedAt: t?.claimedAt ? formatTime(t.claimedAt) : "-", voucher: t?.voucher ? `/uploads/${t.voucher}` : null, rowVersion: Number(r.row_version),
        actions: adminActions(def, r.state),
      };
    }),
  };
}

/**
 * An administrator's action (adminActions) on enrolment `id`, with its reason: the transition (its own
 * guards and `by`, 409/422 with their Chinese reason), audited. 404 for an unknown enrolment, 400 for an
 * event that is not an administrator's action of the workflow.
 */
export async function enrolmentAction(auth: Auth, id: number, input: { event: string; reason: string; rowVersion: number }, ip: string): Promise<{ status: number; ok: boolean; message: string }> {
  requireAbility(auth.ability, "manage", "Enrolment");
  const inst = await db("workflow_instances").where({ id, workflow_key: TRAINING_WORKFLOW }).first("id", "state");
  if (!inst) return { status: 404, ok: false, message: "未找到该培训报名" };
  const def = (await latestWorkflowVersion(TRAINING_WORKFLOW))?.definition;
  const action = (def?.transitions ?? []).find((t) => t.event === input.event && t.by.includes("admin") && t.input?.comment?.required);
  if (!action) return { status: 400, ok: false, message: "未知的操作" };
  const r = await applyTransition(id, input.event, { id: auth.user.id, role: auth.user.role }, { comment: input.reason, expectedRowVersion: input.rowVersion });
  if (!r.ok) return { status: r.status, ok: false, message: r.message };
  await audit({
    actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.enrolmentTransition, target: { type: "Enrolment", id }, ip, outcome: AUDIT_OUTCOME.ok,
    detail: { event: input.event, before: r.from, after: r.to, comment: input.reason },
  });
  const t = (r.instance.data as EnrolmentData).payment;
  if (input.event === "extend") return { status: 200, ok: true, message: `已延期，新的缴费截止时间：${t ? formatTime(t.deadline) : "-"}` };
  return { status: 200, ok: true, message: `已${action.title}` };
}

/** A batch's enrolments by the fee each was enrolled with (its first payment's terms, kept on the enrolment). */
export type BatchFeeUsage = { total: number; byFee: { fee: string; n: number }[] };

/**
 * What changing the batch's 培训费用 would not change: its enrolments, grouped by the fee they were
 * enrolled with. An enrolment keeps its fee (enrol-training copies the batch's fee into its terms), so a
 * new fee applies only to experts approved after the change — the 批次设置 page says so before saving.
 */
export async function batchFeeUsage(auth: Auth, batchId: number): Promise<BatchFeeUsage> {
  requireAbility(auth.ability, "manage", "Batch");
  const rows: { data: string }[] = await db("workflow_instances").where({ workflow_key: TRAINING_WORKFLOW, batch_id: batchId }).select("data");
  const counts = new Map<number, number>();
  for (const r of rows) {
    const d = JSON.parse(r.data) as EnrolmentData;
    // After 补学 the terms are the retake fee's; the original fee is no longer in the data: count it as unknown.
    const fen = d.payment && !d.retake ? d.payment.dueFen : -1;
    counts.set(fen, (counts.get(fen) ?? 0) + 1);
  }
  const byFee = [...counts].filter(([fen]) => fen >= 0).sort((a, b) => a[0] - b[0]).map(([fen, n]) => ({ fee: yuan(fen), n }));
  return { total: rows.length, byFee };
}
