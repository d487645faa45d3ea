// The expert's 个人信息变更 page (manual 五): the current pool record (评标地州, 工作单位, 专业 with 主专业,
// 回避单位), 【下载】 the 个人信息表, 【异动申请】 and 【修改】, and the expert's change requests with their
// state (已过期 when the record moved on since one was submitted). Whether changes are open at all is the
// workflows' start guard (`pool-record-ready`), read here only to say what is still missing.
import { getWorkflowVersion } from "~/engine/workflows/registry.server";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { certificateOfUser } from "~/features/certificates/store.server";
import { qualificationOf } from "~/features/pool/record.server";
import { prepareSubmission } from "~/models/submissions.server";
import { startFromRecord, whereSaved } from "~/models/applications.server";
import type { Refusal } from "~/engine/workflows/types";
import { poolMemberOfUser } from "~/models/pool.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { bindingOn, specialtyNameMap } from "./binding.server";
import { currentTexts, diffSummary, prefill } from "./diff";
import { CHANGE_GROUPS, groupOfWorkflow, isStale, type ChangeGroup } from "./groups";

const WORKFLOWS = Object.values(CHANGE_GROUPS).map((g) => g.workflow);

/**
 * The page's data for the signed-in expert: `record` null when they are not in the pool; otherwise the
 * record's current values, whether changes are open (`qualification`), the requests (newest first) and,
 * per group, the open request to continue instead of starting another. Throws 403 for a non-applicant.
 */
export async function changesPage(auth: Auth) {
  requireAbility(auth.ability, "create", "Application");
  const member = await poolMemberOfUser(auth.user.id);
  if (!member) return { record: null };
  const [qualification, names, certificate] = await Promise.all([qualificationOf(db, auth.user.id), specialtyNameMap(db), certificateOfUser(auth.user.id)]);
  // A request opened but never saved is not one yet (whereSaved): 【修改】 opens it again.
  const rows: { id: number; workflow_key: string; workflow_version: number; state: string; data: string; created_at: number; submitted_at: number | null }[] = await whereSaved(db("workflow_instances as w")
    .where({ "w.owner_id": auth.user.id, "w.record_type": "expert", "w.record_id": member.id }).whereIn("w.workflow_key", WORKFLOWS)).orderBy("w.id", "desc")
    .select("w.id", "w.workflow_key", "w.workflow_version", "w.state", "w.data", "w.created_at", "w.submitted_at");
  const requests = [];
  const open: Partial<Record<ChangeGroup, number>> = {};
  for (const r of rows) {
    const def = (await getWorkflowVersion(r.workflow_key, r.workflow_version))?.definition;
    const group = groupOfWorkflow(r.workflow_key);
    if (!def || !group) continue;
    const binding = bindingOn({ data: JSON.parse(r.data) });
    const editable = isEditable(def, r.state);
    const final = !!def.states[r.state]?.final;
    if (!final && open[group] === undefined) open[group] = r.id;
    requests.push({
      id: r.id, title: def.title, group, state: r.state, stateTitle: stateTitle(def, r.state), editable, final,
      stale: !editable && !final && isStale(binding, member.rowVersion),
      summary: binding && !editable ? diffSummary(binding.rows) : "",
      createdAt: formatTime(r.created_at), submittedAt: r.submitted_at ? formatTime(r.submitted_at) : null,
    });
  }
  return {
    record: { id: member.id, number: member.number, name: member.name, ...currentTexts(member, names) },
    qualification,
    canDownload: !!certificate,
    groups: (Object.keys(CHANGE_GROUPS) as ChangeGroup[]).map((g) => ({ group: g, title: CHANGE_GROUPS[g].title, openId: open[g] ?? null })),
    requests,
  };
}

/**
 * Opens the request of `group` on the expert's own record (the workflow's start guards decide: training
 * and exam passed, no open request of the group); its form starts from the record's current values, so
 * the expert edits what is there. Nothing is saved until the expert saves: one opened and left is reused
 * by the next 【修改】 and listed nowhere (startFromRecord). Returns the instance's id, or the refusal (4xx,
 * Chinese) with `openId`, the open request to continue, when that is why.
 */
export async function startChange(auth: Auth, group: ChangeGroup): Promise<{ ok: true; id: number } | (Refusal & { openId?: number })> {
  requireAbility(auth.ability, "create", "Application");
  const { form, workflow } = CHANGE_GROUPS[group];
  const member = await poolMemberOfUser(auth.user.id);
  // A value the form no longer accepts (e.g. a 停用 specialty) leaves the form empty: the expert picks anew.
  const start = member ? await prepareSubmission({ ownerId: auth.user.id, formKey: form, data: prefill(group, member), mode: "draft", existing: null }) : null;
  return startFromRecord({ id: auth.user.id, role: auth.user.role }, workflow, start?.ok && Object.keys(start.data).length ? { [form]: start.data } : undefined);
}
