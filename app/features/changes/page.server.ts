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
import { applicationScope, startFromRecord } from "~/models/applications.server";
import type { Refusal } from "~/engine/workflows/types";
import { poolMemberOfUser } from "~/models/pool.server";
import { saveSubmission } from "~/models/submissions.server";
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
  const rows: { id: number; workflow_key: string; workflow_version: number; state: string; data: string; created_at: number; submitted_at: number | null }[] = await db("workflow_instances")
    .where({ owner_id: auth.user.id, record_type: "expert", record_id: member.id }).whereIn("workflow_key", WORKFLOWS).orderBy("id", "desc")
    .select("id", "workflow_key", "workflow_version", "state", "data", "created_at", "submitted_at");
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
 * Starts the request of `group` on the expert's own record (the workflow's start guards decide: training
 * and exam passed, no open request of the group) and fills its form with the record's current values as a
 * draft, so the expert edits what is there. Returns the new instance's id, or the refusal (4xx, Chinese).
 */
export async function startChange(auth: Auth, group: ChangeGroup): Promise<{ ok: true; id: number } | Refusal> {
  requireAbility(auth.ability, "create", "Application");
  const r = await startFromRecord({ id: auth.user.id, role: auth.user.role }, CHANGE_GROUPS[group].workflow);
  if (!r.ok) return r;
  const member = await poolMemberOfUser(auth.user.id);
  const data = member ? prefill(group, member) : {};
  // A value the form no longer accepts (e.g. a 停用 specialty) leaves the form empty: the expert picks anew.
  if (Object.keys(data).length) await saveSubmission({ ownerId: auth.user.id, formKey: CHANGE_GROUPS[group].form, scope: applicationScope(r.id), data, mode: "draft" });
  return r;
}
