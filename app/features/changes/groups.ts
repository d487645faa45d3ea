// The field groups of the pool record an expert may ask to change (manual 五): 【异动申请】 the 评标地州,
// 【修改】 the 工作单位, the 申报专业 and the 回避单位. Each group is one batch-less workflow on the record
// (workflows/<workflow>.yaml) filling one form (forms/<form>.json); one open request per group.
// Browser-safe.

/** The groups, as the `change-review` step's `options.group` names them. */
export const CHANGE_GROUP = { region: "region", workUnit: "work-unit", specialties: "specialties", avoidance: "avoidance" } as const;
export type ChangeGroup = (typeof CHANGE_GROUP)[keyof typeof CHANGE_GROUP];

/** Each group's workflow (by key), its form and the field's name as pages show it. */
export const CHANGE_GROUPS: Record<ChangeGroup, { workflow: string; form: string; title: string }> = {
  region: { workflow: "region-transfer", form: "change-region", title: "评标地州" },
  "work-unit": { workflow: "record-work-unit", form: "change-work-unit", title: "工作单位" },
  specialties: { workflow: "record-specialties", form: "change-specialties", title: "申报专业" },
  avoidance: { workflow: "record-avoidance", form: "change-avoidance", title: "回避单位" },
};

export const isChangeGroup = (v: unknown): v is ChangeGroup => typeof v === "string" && Object.hasOwn(CHANGE_GROUPS, v);

/** The group whose workflow has this key, if any. */
export const groupOfWorkflow = (key: string): ChangeGroup | undefined =>
  (Object.keys(CHANGE_GROUPS) as ChangeGroup[]).find((g) => CHANGE_GROUPS[g].workflow === key);

/** The state of a change request binding as kept on the instance (`data.change`). */
export type ChangeBinding = {
  group: ChangeGroup;
  /** The record's row_version the difference was computed against. */
  base: number;
  /** sha256 of (group, base, rows, patch): what the approval applies, and nothing else. */
  hash: string;
  rows: { label: string; before: string; after: string }[];
  patch: Record<string, unknown>;
  /** When it was bound (ms). */
  at: number;
};

/** A bound request is stale when the record moved on from the version it was computed against. */
export const isStale = (binding: ChangeBinding | undefined, recordRowVersion: unknown): boolean =>
  !!binding && Number(recordRowVersion) !== binding.base;

/** What a reviewer and the expert read on a stale request (and the refusal of its approval). */
export const STALE_TEXT = "该申请已过期：提交后专家库记录已被修改（例如另一项变更已通过），原变更内容不能直接通过，需由专家重新核对后提交。";
