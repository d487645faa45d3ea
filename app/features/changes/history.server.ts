// 专家库记录变更历史: every version of an expert's pool record (valid from / to, what changed, who approved
// it and from which request), for the expert, the reviewers whose scope holds the record now, and
// administrators; and "as of date X" — the version in force at the end of that day (Beijing time).
import { CERTIFICATE_EVENT } from "~/features/certificates/issue.server";
import { subject } from "@casl/ability";
import type { Auth } from "~/features/accounts/auth.server";
import { applicationNumber } from "~/models/applications.server";
import { getPoolMember, poolAsOf, poolHistory, POOL_EVENT_LABEL, EXPERT_STATUS_LABEL } from "~/models/pool.server";
import type { PoolMember, PoolVersion } from "~/models/pool.server";
import { findUsersByIds } from "~/models/users.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { FIRST_YEAR, LAST_YEAR, dayNumber, endOfShanghaiDay, isCalendarDate } from "~/features/calendar/dates";
import { specialtyNameMap } from "./binding.server";
import { currentTexts, type DiffRow } from "./diff";

const NOT_FOUND = "专家库记录不存在";

/** The CASL subject of a pool record: whose it is, its current region and admitting batch. */
const recordSubject = (m: PoolMember) => subject("PoolRecord", { user_id: m.userId, region: m.region, batch_id: m.batchId } as Record<string, unknown>);

/** The record `id` if this user may read it (expert: own; reviewer: in scope now; admin), else 404 (missing and hidden alike). */
export async function readableRecord(auth: Auth, id: string | undefined): Promise<PoolMember> {
  const n = Number(id);
  const m = id && /^\d{1,12}$/.test(id) && n > 0 ? await getPoolMember(n) : undefined;
  if (!m || !auth.ability.can("read", recordSubject(m))) throw httpError(404, NOT_FOUND);
  return m;
}

/** 'YYYY-MM-DD' → the last millisecond of that day in Asia/Shanghai, or null for anything that is not a real date. */
export const endOfBeijingDay = (date: string): number | null => (isCalendarDate(date) ? endOfShanghaiDay(date) : null);

/** The version of record `expertId` in force on `date` ('YYYY-MM-DD', end of that day, Beijing time); undefined before it existed. */
export async function recordAsOf(expertId: number, date: string): Promise<PoolVersion | undefined> {
  const at = endOfBeijingDay(date);
  if (at === null) throw new RangeError(`not a date: ${date}`);
  return poolAsOf(expertId, at);
}

type Texts = ReturnType<typeof currentTexts>;
const specialtiesText = (t: Texts) => t.specialties.map((s) => `${s.name}${s.main ? "（主专业）" : ""}`).join("、") || "—";
const unitsText = (t: Texts) => t.avoidanceUnits.map((u) => `${u.name}${u.uscc ? `（${u.uscc}）` : ""}`).join("、") || "无";

/** What differs between two consecutive versions, field by field (old → new). */
function versionDiff(prev: PoolVersion | undefined, next: PoolVersion, names: Map<string, string>): DiffRow[] {
  if (!prev) return [];
  const [a, b] = [currentTexts(prev, names), currentTexts(next, names)];
  const rows: DiffRow[] = [];
  const add = (label: string, before: string, after: string) => before !== after && rows.push({ label, before, after });
  add("姓名", prev.name, next.name);
  add("评标地州", a.region, b.region);
  add("工作单位", a.workUnit, b.workUnit);
  add("申报专业", specialtiesText(a), specialtiesText(b));
  add("回避单位", unitsText(a), unitsText(b));
  add("状态", EXPERT_STATUS_LABEL[prev.status] ?? prev.status, EXPERT_STATUS_LABEL[next.status] ?? next.status);
  return rows;
}

/**
 * The history page's data for record `id` (404 unless readable: readableRecord): the record's header,
 * its versions newest first (valid from/to, event, who, the request and what changed), and, when `date`
 * is given, the version in force then (null before the record existed; `dateError` for a bad date).
 */
export async function recordHistoryPage(auth: Auth, id: string | undefined, date: string | null) {
  const member = await readableRecord(auth, id);
  const [versions, names] = await Promise.all([poolHistory(member.id), specialtyNameMap(db)]);
  const people = await findUsersByIds([...new Set(versions.map((v) => v.changedBy).filter((x): x is number => x !== null))]);
  const sources: { id: number; created_at: number; workflow_key: string }[] = await db("workflow_instances")
    .whereIn("id", versions.map((v) => v.sourceInstanceId).filter((x): x is number => x !== null)).select("id", "created_at", "workflow_key");
  const sourceOf = new Map(sources.map((s) => [Number(s.id), applicationNumber({ id: Number(s.id), createdAt: Number(s.created_at) })]));
  const rows = versions.map((v, i) => ({
    version: v.rowVersion,
    validFrom: formatTime(v.validFrom),
    validTo: v.validTo === null ? "至今" : formatTime(v.validTo),
    event: POOL_EVENT_LABEL[v.event] ?? v.event,
    // No person: the system's own doing (a certificate on passing the exam), or a back-filled version.
    by: v.changedBy !== null ? people.get(v.changedBy)?.name ?? "—" : v.event === CERTIFICATE_EVENT.issued ? "系统自动办理" : "—",
    source: v.sourceInstanceId === null ? "—" : sourceOf.get(v.sourceInstanceId) ?? "—",
    reason: v.reason ?? "",
    changes: versionDiff(versions[i - 1], v, names),
  })).reverse();
  let asOf: { date: string; found: boolean; region: string; workUnit: string; specialties: string; avoidanceUnits: string } | null = null;
  let dateError: string | null = null;
  if (date) {
    const at = endOfBeijingDay(date);
    // A real day outside the calendar's years is not a format mistake: say which years are asked about.
    if (at === null) dateError = /^\d{4}-\d{2}-\d{2}$/.test(date) && dayNumber(date) !== null ? `请输入${FIRST_YEAR}年至${LAST_YEAR}年之间的日期` : "请按“年-月-日”输入日期，例如 2026-01-31";
    else {
      const v = await poolAsOf(member.id, at);
      const t = v ? currentTexts(v, names) : null;
      asOf = { date, found: !!t, region: t?.region ?? "", workUnit: t?.workUnit ?? "", specialties: t ? specialtiesText(t) : "", avoidanceUnits: t ? unitsText(t) : "" };
    }
  }
  return { record: { id: member.id, number: member.number, name: member.name, region: member.region ?? "—" }, rows, asOf, dateError, own: member.userId === auth.user.id };
}
