// 个人信息变更 (manual 五): what a change request asks for, as a field-level difference from the expert's
// current pool record (old → new), the patch applying it would write, and the checks beyond the form's
// schema (one 主专业, 1–3 specialties, a region other than the current one, USCC checksums). Pure and
// browser-safe: the expert's 核对变更 step, the reviewer's task page and the approval all compute the
// same thing from the same inputs. Groups and their forms: groups.ts.
import { isUscc } from "~/engine/forms/formats";
import type { AvoidanceUnit, PoolPatch, SpecialtyChoice } from "~/models/pool.server";
import { CHANGE_GROUP, type ChangeGroup } from "./groups";

/** The record's fields a change compares against (the pool record type's view, `facts.record`). */
export type RecordFields = {
  region: string | null;
  workUnit: string | null;
  specialties: SpecialtyChoice[];
  avoidanceUnits: AvoidanceUnit[];
};

/** One changed field: its label, the current value and the requested one, as texts ("—" for none). */
export type DiffRow = { label: string; before: string; after: string };

/** A request's change: the rows shown, the patch applying it writes, or the Chinese reason it cannot be asked. */
export type ChangeAsk = { ok: true; rows: DiffRow[]; patch: PoolPatch } | { ok: false; message: string };

const NONE = "—";
/** askedChange's refusal of a document that asks for nothing the record does not already say. */
export const NO_CHANGE = "变更后的内容与当前记录相同，没有需要变更的内容";
const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** Specialty code → name (catalog); an unknown code shows as itself. */
export type Names = ReadonlyMap<string, string> | Record<string, string>;
const nameOf = (names: Names, code: string) => (names instanceof Map ? names.get(code) : (names as Record<string, string>)[code]) ?? code;

/** The specialties as the form sends them, normalised ({code, main: true} on the 主专业 only). */
function specialtiesOf(v: unknown): SpecialtyChoice[] {
  if (!Array.isArray(v)) return [];
  return v.filter((s) => s && typeof s === "object" && typeof s.code === "string" && s.code)
    .map((s) => ({ code: String(s.code), ...(s.main === true ? { main: true } : {}) }));
}

/** The avoidance units as the form sends them ("无" → none), trimmed; `uscc` only when given. */
function unitsOf(data: Record<string, unknown>): AvoidanceUnit[] {
  if (data.hasUnits === "无" || !Array.isArray(data.units)) return [];
  return data.units.filter((u) => u && typeof u === "object").map((u) => {
    const uscc = str(u.uscc);
    return { name: str(u.name), ...(uscc ? { uscc } : {}), reason: str(u.reason) };
  });
}

const mainOf = (list: SpecialtyChoice[]) => (list.find((s) => s.main) ?? list[0])?.code ?? null;
const unitKey = (u: AvoidanceUnit) => `${u.name}\u0000${u.uscc ?? ""}`;
const unitText = (u: AvoidanceUnit) => `${u.name}${u.uscc ? `（${u.uscc}）` : ""}：${u.reason}`;

/**
 * The change `data` (the group's form document) asks of `record`. Refusals (Chinese): the group's rules
 * (a region is required and must differ; 1–3 specialties, exactly one 主专业, no repeats; every given
 * 统一社会信用代码 valid) and "nothing to change". Catalog membership is the form's check on save (and
 * `catalogProblem` at binding); this function does not know the catalogs beyond `names`.
 */
export function askedChange(group: ChangeGroup, record: RecordFields, data: Record<string, unknown>, names: Names): ChangeAsk {
  const rows: DiffRow[] = [];
  let patch: PoolPatch = {};
  if (group === CHANGE_GROUP.region) {
    const region = str(data.region);
    if (!region) return { ok: false, message: "请选择新的评标地州" };
    if (!str(data.reason)) return { ok: false, message: "请填写异动原因" };
    if (region !== record.region) rows.push({ label: "评标地州", before: record.region ?? NONE, after: region });
    patch = { region };
  } else if (group === CHANGE_GROUP.workUnit) {
    const workUnit = str(data.workUnit);
    if (!workUnit) return { ok: false, message: "请填写新工作单位" };
    if (workUnit !== (record.workUnit ?? "")) rows.push({ label: "工作单位", before: record.workUnit ?? NONE, after: workUnit });
    patch = { workUnit };
  } else if (group === CHANGE_GROUP.specialties) {
    const next = specialtiesOf(data.specialties);
    if (next.length < 1 || next.length > 3) return { ok: false, message: "申报专业须选择1至3个" };
    if (next.filter((s) => s.main).length !== 1) return { ok: false, message: "申报专业须标记且只能标记一个主专业" };
    if (new Set(next.map((s) => s.code)).size !== next.length) return { ok: false, message: "申报专业不能重复选择同一专业" };
    const before = new Set(record.specialties.map((s) => s.code));
    const after = new Set(next.map((s) => s.code));
    const added = next.filter((s) => !before.has(s.code)).map((s) => nameOf(names, s.code));
    const removed = record.specialties.filter((s) => !after.has(s.code)).map((s) => nameOf(names, s.code));
    if (added.length) rows.push({ label: "增加专业", before: NONE, after: added.join("、") });
    if (removed.length) rows.push({ label: "减少专业", before: removed.join("、"), after: NONE });
    const [m0, m1] = [mainOf(record.specialties), mainOf(next)];
    if (m0 !== m1) rows.push({ label: "主专业", before: m0 ? nameOf(names, m0) : NONE, after: m1 ? nameOf(names, m1) : NONE });
    patch = { specialties: next };
  } else {
    const next = unitsOf(data);
    if (data.hasUnits !== "有" && data.hasUnits !== "无") return { ok: false, message: "请选择是否有回避单位" };
    if (data.hasUnits === "有" && !next.length) return { ok: false, message: "请至少填写一个回避单位；如没有，请选择「无」" };
    const bad = next.find((u) => !u.name || !u.reason);
    if (bad) return { ok: false, message: "回避单位须填写单位名称和回避原因" };
    const wrong = next.find((u) => u.uscc && !isUscc(u.uscc));
    if (wrong) return { ok: false, message: `「${wrong.name}」的统一社会信用代码「${wrong.uscc}」不正确，请核对` };
    if (new Set(next.map(unitKey)).size !== next.length) return { ok: false, message: "回避单位不能重复填写" };
    const old = new Map(record.avoidanceUnits.map((u) => [unitKey(u), u]));
    const fresh = new Map(next.map((u) => [unitKey(u), u]));
    for (const u of next) {
      const was = old.get(unitKey(u));
      if (!was) rows.push({ label: "回避单位（增加）", before: NONE, after: unitText(u) });
      else if (was.reason !== u.reason) rows.push({ label: "回避单位（修改）", before: unitText(was), after: unitText(u) });
    }
    for (const u of record.avoidanceUnits) if (!fresh.has(unitKey(u))) rows.push({ label: "回避单位（删除）", before: unitText(u), after: NONE });
    patch = { avoidanceUnits: next };
  }
  if (!rows.length) return { ok: false, message: NO_CHANGE };
  return { ok: true, rows, patch };
}

/** One line for lists (the inbox's 变更内容 column): "工作单位：甲 → 乙；…", cut to `max` characters. */
export function diffSummary(rows: DiffRow[], max = 200): string {
  const text = rows.map((r) => `${r.label}：${r.before} → ${r.after}`).join("；");
  return [...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text;
}

/** The record's current values of a group's fields, as the 个人信息变更 page shows them. */
export function currentTexts(record: RecordFields, names: Names) {
  const main = mainOf(record.specialties);
  return {
    region: record.region ?? NONE,
    workUnit: record.workUnit ?? NONE,
    specialties: record.specialties.map((s) => ({ code: s.code, name: nameOf(names, s.code), main: s.code === main })),
    avoidanceUnits: record.avoidanceUnits.map((u) => ({ name: u.name, uscc: u.uscc ?? "", reason: u.reason })),
  };
}

/** The group's form document prefilled with the record's current values (what a new request starts from). */
export function prefill(group: ChangeGroup, record: RecordFields): Record<string, unknown> {
  if (group === CHANGE_GROUP.workUnit) return { workUnit: record.workUnit ?? "" };
  if (group === CHANGE_GROUP.specialties) return { specialties: record.specialties };
  if (group === CHANGE_GROUP.avoidance) return record.avoidanceUnits.length ? { hasUnits: "有", units: record.avoidanceUnits } : { hasUnits: "无" };
  return {};
}
