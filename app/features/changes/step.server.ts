// The `change-review` step (核对变更): the last step of a change request. It shows the field-level
// difference from the pool record — live while the expert edits (what 提交审核 would bind), the bound one
// once submitted, flagged when the record has moved on since (已过期) — and the workflow's buttons. The
// reviewer's task page shows the same panel. Options: `group` (groups.ts), checked at publish.
import type { StepRuntime } from "~/engine/workflows/step-runtime.server";
import type { StepPanel } from "~/engine/workflows/step-types";
import type { StepType } from "~/engine/workflows/step-types";
import { isEditable, stateTitle } from "~/engine/workflows/transition";
import type { Application } from "~/models/applications.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { bindingOn, currentChange } from "./binding.server";
import { CHANGE_GROUPS, isChangeGroup, isStale, STALE_TEXT } from "./groups";

export const changeReviewStep: StepType = {
  title: "核对变更",
  options: ["options"],
  countsAsStep: false,
  view: "panel-submit",
  check(step, index, def) {
    const problems = [];
    const group = step.options?.group;
    if (!isChangeGroup(group)) problems.push({ path: ["options", "group"], message: `核对变更步骤 "${step.key}" 须用 options.group 指定变更项目（${Object.keys(CHANGE_GROUPS).join("、")}）` });
    else if (!def.steps.some((s) => s.forms?.includes(CHANGE_GROUPS[group].form))) problems.push({ path: ["options", "group"], message: `核对变更步骤 "${step.key}" 的变更项目须由前面的步骤填写表单 "${CHANGE_GROUPS[group].form}"` });
    const extra = Object.keys(step.options ?? {}).filter((k) => k !== "group");
    for (const k of extra) problems.push({ path: ["options", k], message: `核对变更步骤不支持选项 "${k}"` });
    if (index !== def.steps.length - 1) problems.push({ path: ["type"], message: `核对变更步骤 "${step.key}" 必须是最后一步` });
    if (def.record !== "expert") problems.push({ path: ["type"], message: `核对变更步骤只能用于专家库记录的流程（record: expert）` });
    return problems;
  },
};

const COLUMNS = ["变更项目", "原内容", "变更后"];

/** Who looks at a change panel: the applicant (their wizard) or anyone else (a reviewer's task page). */
export type PanelViewer = "applicant" | "reviewer";

/**
 * The difference panel of a change request `app`: the bound difference (with 已过期 when the record moved
 * on) once submitted, else the live one against the current record (or why there is none yet). While the
 * request is with the applicant (草稿, 已退回) its notice speaks to `viewer`: the applicant is asked to
 * check and submit; anyone else is told it is the applicant's content, not yet (re)submitted.
 */
export async function changePanel(app: Application, viewer: PanelViewer): Promise<StepPanel> {
  const { def, instance } = app;
  const now = await currentChange(db, instance, def);
  const title = `${CHANGE_GROUPS[now.group].title}变更内容`;
  const links = [{ href: `/pool/${now.member.id}/history`, label: "查看专家库记录变更历史" }];
  const bound = bindingOn(instance);
  if (bound && !isEditable(def, instance.state)) {
    const rows = bound.rows.map((r) => [r.label, r.before, r.after]);
    // Decided: the record has moved on by this very request (or later ones) — nothing is stale any more.
    if (def.states[instance.state]?.final) return { title, notice: { type: "info", text: `该申请已办结（${stateTitle(def, instance.state)}）。以下为 ${formatTime(bound.at)} 提交时核对的变更内容。` }, columns: COLUMNS, rows, links };
    if (isStale(bound, now.member.rowVersion)) return { title, notice: { type: "error", text: STALE_TEXT }, columns: COLUMNS, rows, links };
    return { title, notice: { type: "info", text: `以下变更按 ${formatTime(bound.at)} 提交时的专家库记录核对，通过后写入专家库。` }, columns: COLUMNS, rows, links };
  }
  const applicant = viewer === "applicant";
  if (!now.ask.ok) {
    const text = applicant ? now.ask.message : `申请人尚未完成修改，当前内容不能提交：${now.ask.message}`;
    return { title, notice: { type: "warning", text }, columns: COLUMNS, rows: [], links };
  }
  return {
    title, notice: { type: "info", text: applicant ? APPLICANT_NOTICE : REVIEWER_NOTICE },
    columns: COLUMNS, rows: now.ask.rows.map((r) => [r.label, r.before, r.after]), links,
  };
}

/** The live difference's notice, for its applicant and for anyone else (the request is with the applicant). */
export const APPLICANT_NOTICE = "请核对以下变更内容（与当前专家库记录相比），确认无误后提交审核。";
export const REVIEWER_NOTICE = "以下为申请人填写的变更内容（与当前专家库记录相比），申请人尚未重新提交。";

// load draws the applicant's wizard (/apply is the owner's only); panel the reviewer's task page.
export const changeReviewRuntime: StepRuntime = {
  async load(ctx) {
    return { panel: await changePanel(ctx.app as Application, "applicant") };
  },
  panel: (ctx) => changePanel(ctx.app as Application, "reviewer"),
};
