// 专家库: the expert's pool record (one row per person in `experts`) and its history (`expert_history`,
// one row per version, valid from/to). The admission approval creates the record; the roster, the
// reports and (later) change requests and transfers read and write it here, never the admission instance.
// Shapes and the decisions behind them: docs/decisions/0011-expert-pool.md.
import type { Knex } from "knex";
import type { ExpertAvoidance, ExpertBasicInfo } from "./form-types";
import { db } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { maskIdCard } from "./inbox.server";

// ---- constants -------------------------------------------------------------------------------------

/** A record's status: stored as the English key, shown with the Chinese label (在库/暂停/出库). */
export const EXPERT_STATUS = { active: "active", suspended: "suspended", removed: "removed" } as const;
export type ExpertStatus = (typeof EXPERT_STATUS)[keyof typeof EXPERT_STATUS];
export const EXPERT_STATUS_LABEL: Record<ExpertStatus, string> = { active: "在库", suspended: "暂停", removed: "出库" };

/**
 * Where a record comes from: the admission workflow (workflows/expert-admission.yaml), the state its
 * approval ends in, and the forms of its first step whose data the record copies (forms/*.json).
 */
export const POOL_SOURCE = { workflow: "expert-admission", approvedState: "approved", basicInfo: "expert-basic-info", avoidance: "expert-avoidance" } as const;

/** What a history row says happened (`expert_history.event`), and how the history page names it. */
export const POOL_EVENT = { admitted: "admitted", changed: "changed", transferred: "transferred" } as const;
export const POOL_EVENT_LABEL: Record<string, string> = {
  admitted: "入库", changed: "信息变更", transferred: "评标地州异动",
  // Written by the certificates feature (CERTIFICATE_EVENT): a version marking the certificate, no field changed.
  "certificate-issued": "颁发证书", "certificate-revoked": "撤销证书",
};

// ---- shapes ----------------------------------------------------------------------------------------

/** One declared specialty, as the basic-info form stores it: a catalog code, `main` on the 主专业. */
export type SpecialtyChoice = { code: string; main?: boolean };
/** One avoidance unit (回避单位), as the avoidance form stores it; `uscc` is the 统一社会信用代码. */
export type AvoidanceUnit = { name: string; uscc?: string; reason: string };

/** The fields of a record that change over time; every history row holds all of them. */
export type PoolFields = {
  name: string;
  gender: string | null;
  mobile: string | null;
  /** The region catalog's name, as the form stores it (乌鲁木齐市). */
  region: string | null;
  specialties: SpecialtyChoice[];
  /** The code of the 主专业 (the one marked main, else the first); derived from `specialties`. */
  mainSpecialty: string | null;
  workUnit: string | null;
  avoidanceUnits: AvoidanceUnit[];
  status: ExpertStatus;
};

/** A pool record. Times are epoch milliseconds. */
export type PoolMember = PoolFields & {
  id: number;
  /** 专家编号 */
  number: string;
  userId: number;
  /** Canonical 18 characters, uppercase X. */
  idCard: string;
  admittedAt: number;
  batchId: number | null;
  instanceId: number;
  rowVersion: number;
  updatedAt: number;
};

/** One version of a record: its fields from `validFrom` (inclusive) to `validTo` (exclusive; null: current). */
export type PoolVersion = PoolFields & {
  expertId: number;
  rowVersion: number;
  validFrom: number;
  validTo: number | null;
  changedBy: number | null;
  sourceInstanceId: number | null;
  event: string;
  reason: string | null;
};

/**
 * Why a pool write was refused. `status` is the HTTP status a route answers with; `message` is Chinese
 * and says what to do. duplicate-person: the ID number is in the pool under another account;
 * already-in-pool: this account (or this ID under it) already has a record; stale: someone changed the
 * record since it was read; missing-data: the instance lacks what a record needs; bad-input: a patch
 * value is not acceptable.
 */
export class PoolError extends Error {
  constructor(
    readonly code: "duplicate-person" | "already-in-pool" | "stale" | "missing-data" | "bad-input",
    readonly status: 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = "PoolError";
  }
}

// ---- canonical values ------------------------------------------------------------------------------

/**
 * The ID number as stored and compared: NFKC (full-width digits to ASCII), no spaces, uppercase X
 * (GB 11643 writes the check character as X). Migration 012 applies the same rule to old data.
 */
export const canonicalIdCard = (v: string): string => v.normalize("NFKC").replace(/\s+/g, "").toUpperCase();

/** The item marked main, else the first (the same rule the instance's `specialty` attribute uses). */
export function mainSpecialtyOf(list: SpecialtyChoice[]): string | null {
  return (list.find((s) => s.main === true) ?? list[0])?.code ?? null;
}

// ---- rows ------------------------------------------------------------------------------------------

type Row = Record<string, unknown>;

const jsonList = <T>(v: unknown): T[] => {
  try {
    const x = typeof v === "string" ? JSON.parse(v) : v;
    return Array.isArray(x) ? (x as T[]) : [];
  } catch {
    return [];
  }
};

function toFields(r: Row): PoolFields {
  return {
    name: String(r.name ?? ""), gender: (r.gender as string | null) ?? null, mobile: (r.mobile as string | null) ?? null, region: (r.region as string | null) ?? null,
    specialties: jsonList<SpecialtyChoice>(r.specialties), mainSpecialty: (r.main_specialty as string | null) ?? null, workUnit: (r.work_unit as string | null) ?? null,
    avoidanceUnits: jsonList<AvoidanceUnit>(r.avoidance_units), status: r.status as ExpertStatus,
  };
}

function toMember(r: Row): PoolMember {
  return {
    ...toFields(r), id: Number(r.id), number: String(r.number), userId: Number(r.user_id), idCard: String(r.id_card), admittedAt: Number(r.admitted_at),
    batchId: r.batch_id == null ? null : Number(r.batch_id), instanceId: Number(r.instance_id), rowVersion: Number(r.row_version), updatedAt: Number(r.updated_at),
  };
}

function toVersion(r: Row): PoolVersion {
  return {
    ...toFields(r), expertId: Number(r.expert_id), rowVersion: Number(r.row_version), validFrom: Number(r.valid_from), validTo: r.valid_to == null ? null : Number(r.valid_to),
    changedBy: r.changed_by == null ? null : Number(r.changed_by), sourceInstanceId: r.source_instance_id == null ? null : Number(r.source_instance_id),
    event: String(r.event), reason: (r.reason as string | null) ?? null,
  };
}

/** The snapshot columns of `fields` as `experts` and `expert_history` store them. */
function snapshotRow(f: PoolFields): Row {
  return {
    name: f.name, gender: f.gender, mobile: f.mobile, region: f.region, specialties: JSON.stringify(f.specialties), main_specialty: f.mainSpecialty,
    work_unit: f.workUnit, avoidance_units: JSON.stringify(f.avoidanceUnits), status: f.status,
  };
}

// ---- reads -----------------------------------------------------------------------------------------

/** The record holding this ID number (any spelling: canonicalised first), or undefined. */
export async function findPoolMemberByIdCard(idCard: string, k: Knex | Knex.Transaction = db): Promise<PoolMember | undefined> {
  const id = canonicalIdCard(idCard);
  if (!id) return undefined;
  const r = await k("experts").where({ id_card: id }).first();
  return r ? toMember(r) : undefined;
}

/** The record of a user (account), or undefined. */
export async function poolMemberOfUser(userId: number, k: Knex | Knex.Transaction = db): Promise<PoolMember | undefined> {
  const r = await k("experts").where({ user_id: userId }).first();
  return r ? toMember(r) : undefined;
}

/** A record by id, or undefined. */
export async function getPoolMember(expertId: number, k: Knex | Knex.Transaction = db): Promise<PoolMember | undefined> {
  const r = await k("experts").where({ id: expertId }).first();
  return r ? toMember(r) : undefined;
}

/**
 * The submit-time check "one person, one pool record": the record that already holds `idCard` under an
 * account other than `ownerId`, with the Chinese message to show (naming what to do), or null when the
 * person may go on. The record itself is returned so a reviewer page can show it.
 */
export async function duplicatePerson(ownerId: number, idCard: string, k: Knex | Knex.Transaction = db): Promise<{ member: PoolMember; message: string } | null> {
  const member = await findPoolMemberByIdCard(idCard, k);
  if (!member || member.userId === ownerId) return null;
  return { member, message: duplicateMessage(member) };
}

const duplicateMessage = (m: PoolMember) =>
  `身份证号 ${maskIdCard(m.idCard)} 已在专家库中（专家编号 ${m.number}），属于另一个账号。同一人只能有一条专家库记录：请使用原账号登录办理；如原账号无法使用，请联系主管部门核实。`;

/**
 * One version of a record valid at `atMs` (epoch ms): valid_from ≤ at < valid_to. Undefined before the
 * record existed. "What was this expert's region on date X" is `(await poolAsOf(id, x))?.region`.
 */
export async function poolAsOf(expertId: number, atMs: number, k: Knex | Knex.Transaction = db): Promise<PoolVersion | undefined> {
  const r = await asOf(k("expert_history"), atMs).where({ expert_id: expertId }).first();
  return r ? toVersion(r) : undefined;
}

/** Every record's version valid at `atMs`, optionally only those in `region` then; ordered by expert id. */
export async function poolAsOfList(atMs: number, opts: { region?: string } = {}, k: Knex | Knex.Transaction = db): Promise<PoolVersion[]> {
  const q = asOf(k("expert_history"), atMs).orderBy("expert_id");
  if (opts.region !== undefined) q.where({ region: opts.region });
  return (await q.select("*")).map(toVersion);
}

/** A record's versions, oldest first. */
export async function poolHistory(expertId: number, k: Knex | Knex.Transaction = db): Promise<PoolVersion[]> {
  return (await k("expert_history").where({ expert_id: expertId }).orderBy("row_version")).map(toVersion);
}

/**
 * Approved admissions that are not a record because the person already has one (or the instance had no ID
 * number), for the department to resolve; oldest first. `kind`: duplicate-id-card | user-in-pool |
 * missing-id-card; `expertId` is the record the person already has; times in ms.
 */
export async function listPoolConflicts(opts: { unresolvedOnly?: boolean } = {}, k: Knex | Knex.Transaction = db) {
  const q = k("pool_conflicts").orderBy("id");
  if (opts.unresolvedOnly) q.whereNull("resolved_at");
  const rows: Row[] = await q.select("*");
  return rows.map((r) => ({
    id: Number(r.id), kind: String(r.kind), idCard: (r.id_card as string | null) ?? null, instanceId: Number(r.instance_id), userId: Number(r.user_id),
    number: (r.number as string | null) ?? null, expertId: r.expert_id == null ? null : Number(r.expert_id), detectedAt: Number(r.detected_at),
    resolvedAt: r.resolved_at == null ? null : Number(r.resolved_at),
  }));
}

const asOf = (q: Knex.QueryBuilder, atMs: number) =>
  q.where("valid_from", "<=", atMs).andWhere((w) => w.whereNull("valid_to").orWhere("valid_to", ">", atMs));

// ---- writes ----------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const text = (v: unknown, max: number): string | null => (typeof v === "string" && v.trim() ? v.trim().slice(0, max) : null);
/** A stored JSON object (a text column or an already parsed value); {} for anything else or bad JSON. */
export const jsonObject = (s: unknown): Json => {
  try {
    const v = typeof s === "string" ? JSON.parse(s) : s;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
};

/**
 * Creates the pool record of an approved admission instance and its first history row, from the
 * instance's basic-info and avoidance submissions (scope `application:<id>`). Runs inside the approval
 * transaction: `number` is the 专家编号 the approval just assigned (the instance row may not carry it yet),
 * `now` the approval time (ms), `actorId` the approving reviewer. Calling it again for the same instance
 * returns the existing record (a retried approval does nothing twice).
 * Throws PoolError: duplicate-person (409) when the ID number is in the pool under another account;
 * already-in-pool (409) when this account already has a record; missing-data (422) when the instance or its
 * ID number is missing.
 */
export async function enterPool(trx: Knex.Transaction, a: { instanceId: number; number: string; actorId: number; now: number }): Promise<PoolMember> {
  const inst = await trx("workflow_instances").where({ id: a.instanceId }).first("id", "owner_id", "batch_id");
  if (!inst) throw new PoolError("missing-data", 404, "申请不存在，无法入库");
  const same = await trx("experts").where({ instance_id: a.instanceId }).first();
  if (same) return toMember(same);
  const subs: { form_key: string; data: string }[] = await trx("form_submissions")
    .where({ owner_id: inst.owner_id, scope: `application:${a.instanceId}` }).whereIn("form_key", [POOL_SOURCE.basicInfo, POOL_SOURCE.avoidance]).select("form_key", "data");
  // The stored documents as their generated types (json-schema-to-ts); values are still checked below,
  // since a row may predate a schema change.
  const basic = jsonObject(subs.find((s) => s.form_key === POOL_SOURCE.basicInfo)?.data) as Partial<ExpertBasicInfo> & Json;
  const avoidance = jsonObject(subs.find((s) => s.form_key === POOL_SOURCE.avoidance)?.data) as Partial<ExpertAvoidance> & Json;
  const idCard = typeof basic.idCard === "string" ? canonicalIdCard(basic.idCard) : "";
  if (!idCard) throw new PoolError("missing-data", 422, "申请中没有身份证号，无法入库，请退回申请人补充");

  const holder = await findPoolMemberByIdCard(idCard, trx);
  if (holder && holder.userId !== inst.owner_id) throw new PoolError("duplicate-person", 409, duplicateMessage(holder));
  const own = holder ?? (await poolMemberOfUser(inst.owner_id, trx));
  if (own) throw new PoolError("already-in-pool", 409, `该申请人已在专家库中（专家编号 ${own.number}），不能再次入库；信息有变化请办理个人信息变更。`);

  const specialties = (Array.isArray(basic.specialties) ? basic.specialties : [])
    .filter((s): s is SpecialtyChoice => !!s && typeof s === "object" && typeof (s as Json).code === "string")
    .map((s) => ({ code: s.code, ...(s.main === true ? { main: true } : {}) }));
  const fields: PoolFields = {
    name: text(basic.name, 50) ?? "", gender: text(basic.gender, 1), mobile: text(basic.mobile, 20), region: text(basic.region, 50), specialties,
    mainSpecialty: mainSpecialtyOf(specialties)?.slice(0, 32) ?? null, workUnit: text(basic.workUnit, 100),
    avoidanceUnits: avoidance.hasUnits === "无" || !Array.isArray(avoidance.units) ? [] : (avoidance.units as AvoidanceUnit[]), status: EXPERT_STATUS.active,
  };
  const [row] = await trx("experts")
    .insert({ number: a.number, user_id: inst.owner_id, id_card: idCard, ...snapshotRow(fields), admitted_at: a.now, batch_id: inst.batch_id ?? null, instance_id: a.instanceId, row_version: 1, updated_at: a.now })
    .returning("id");
  const id = Number(typeof row === "object" ? (row as { id: number }).id : row);
  await trx("expert_history").insert({
    expert_id: id, row_version: 1, valid_from: a.now, valid_to: null, ...snapshotRow(fields), changed_by: a.actorId, source_instance_id: a.instanceId, event: POOL_EVENT.admitted, reason: null,
  });
  return toMember(await trx("experts").where({ id }).first());
}

/** What `updatePoolRecord` may change; `mainSpecialty` follows `specialties` and is not set directly. */
export type PoolPatch = Partial<Omit<PoolFields, "mainSpecialty">>;

/** Chinese reason for a patch value that cannot be stored, or null. */
function patchProblem(p: PoolPatch): string | null {
  if (p.status !== undefined && !Object.values(EXPERT_STATUS).includes(p.status)) return "专家状态只能是在库、暂停或出库";
  if (p.name !== undefined && (typeof p.name !== "string" || !p.name.trim() || [...p.name].length > 50)) return "姓名不能为空，且不能超过50个字";
  if (p.region !== undefined && p.region !== null && (typeof p.region !== "string" || [...p.region].length > 50)) return "地州不能超过50个字";
  if (p.workUnit !== undefined && p.workUnit !== null && (typeof p.workUnit !== "string" || [...p.workUnit].length > 100)) return "工作单位不能超过100个字";
  if (p.specialties !== undefined && (!Array.isArray(p.specialties) || !p.specialties.length || p.specialties.some((s) => !s || typeof s.code !== "string" || !s.code || s.code.length > 32)))
    return "申报专业至少选择一个";
  if (p.avoidanceUnits !== undefined && !Array.isArray(p.avoidanceUnits)) return "回避单位格式不正确";
  return null;
}

/**
 * A guarded change of a record: updates `experts` WHERE id AND row_version = expectedRowVersion, closes
 * the current history row at `now` and opens the next one with the full new snapshot, who changed it
 * (`actorId`; null for the system's own doing, e.g. a certificate issued when the exam is passed) and from which instance (`sourceInstanceId`, e.g. the change request or transfer).
 * `event` names what happened (default "changed"), `reason` is free text. `now` defaults to the clock (ms).
 * Returns the record after the change. Throws PoolError: bad-input (422, nothing changed), missing-data
 * (404: no such record), stale (409: changed by someone else since `expectedRowVersion` was read).
 */
export async function updatePoolRecord(
  trx: Knex.Transaction,
  expertId: number,
  patch: PoolPatch,
  o: { actorId: number | null; sourceInstanceId: number | null; expectedRowVersion: number; now?: number; event?: string; reason?: string },
): Promise<PoolMember> {
  const problem = patchProblem(patch);
  if (problem) throw new PoolError("bad-input", 422, problem);
  const current = await getPoolMember(expertId, trx);
  if (!current) throw new PoolError("missing-data", 404, "专家库中没有这条记录");
  const t = o.now ?? clockNow();
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PoolPatch;
  const fields: PoolFields = { ...pickFields(current), ...defined };
  if (defined.specialties) fields.mainSpecialty = mainSpecialtyOf(defined.specialties);
  const next = current.rowVersion + 1;
  const n = await trx("experts").where({ id: expertId, row_version: o.expectedRowVersion }).update({ ...snapshotRow(fields), row_version: next, updated_at: t });
  if (n !== 1) throw new PoolError("stale", 409, "该专家的库内记录已被他人修改，请刷新后重试");
  const open = await trx("expert_history").where({ expert_id: expertId }).whereNull("valid_to").first("id", "valid_from");
  // Versions never overlap nor run backwards, even if the clock stepped back since the last change.
  const from = open ? Math.max(t, Number(open.valid_from)) : t;
  if (open) await trx("expert_history").where({ id: open.id }).update({ valid_to: from });
  await trx("expert_history").insert({
    expert_id: expertId, row_version: next, valid_from: from, valid_to: null, ...snapshotRow(fields), changed_by: o.actorId, source_instance_id: o.sourceInstanceId,
    event: o.event ?? POOL_EVENT.changed, reason: o.reason?.slice(0, 500) ?? null,
  });
  return { ...current, ...fields, rowVersion: next, updatedAt: t };
}

const pickFields = (m: PoolMember): PoolFields => Object.fromEntries(
  (["name", "gender", "mobile", "region", "specialties", "mainSpecialty", "workUnit", "avoidanceUnits", "status"] as const).map((k) => [k, m[k]]),
) as PoolFields;
