// 节假日日历 for administrators: the regional layer of one year (add, delete, each write audited and
// bumping the layer version) beside the national arrangement of that year, read-only.
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { AUDIT_ACTION } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { listRegions } from "~/models/catalogs.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { FIRST_YEAR, LAST_YEAR, dayNumber, isCalendarDate, shanghaiDate, weekdayLabel, yearOf } from "./dates";
import { DAY_KIND_LABEL, NAME_MAX, REGION_ALL, SOURCE_MAX, type DayKind } from "./day-rules";
import { hasNationalData, nationalArrangement, nationalDataYears, nationalDay, type NationalDay } from "./national-days.server";
import { bumpLayerVersion, forgetRegionalLayer } from "./regional-days.server";

type Actor = { id: number; name: string };
export type CalendarResult = { ok: true; message: string } | { ok: false; status: number; errors: Record<string, string> };

/** How the whole-region key shows in lists and messages, and in the region picker. */
const REGION_ALL_LABEL = "全疆";
const REGION_ALL_OPTION = "全疆（新疆维吾尔自治区，所有地州）";
const regionLabel = (region: string) => (region === REGION_ALL ? REGION_ALL_LABEL : region);
const refuse = (errors: Record<string, string>, status = 400): CalendarResult => ({ ok: false, status, errors });
const length = (s: string) => [...s].length;

/** How the national calendar has the date, in words: 工作日 / 休息日 / 放假（国庆节）/ 补班（国庆节）, 暂定 when provisional. */
export function nationalLabel(d: NationalDay): string {
  const word = d.kind === "holiday" ? `放假（${d.name}）` : d.kind === "makeup" ? `补班（${d.name}）` : d.kind === "weekend" ? "休息日" : "工作日";
  return d.provisional ? `${word}（暂定）` : word;
}

export type RegionalDayView = {
  id: number; region: string; regionLabel: string; date: string; weekday: string; kind: DayKind; kindLabel: string; name: string;
  source: string; createdBy: string; createdAt: number;
  /** The national answer for that date, in words, and whether this row changes it. */
  national: string; changesNational: boolean;
};

/** One holiday of the national arrangement: its days off and the make-up days that pay for it. */
export type NationalHoliday = { name: string; off: string[]; work: string[] };

export type CalendarYear = {
  year: number;
  /** Whether chinese-days has the State Council's arrangement of this year (else 暂定). */
  published: boolean;
  /** The years chinese-days covers, e.g. [2004, 2026]. */
  dataYears: [number, number];
  years: number[];
  regional: RegionalDayView[];
  national: NationalHoliday[];
  regionOptions: { value: string; label: string }[];
};

/**
 * The national days of a year as the notices list them: each run of consecutive days off is one holiday
 * (named by the names in it, e.g. 国庆节、中秋 in 2025), with the make-up days that carry one of its names
 * (the nearest such run, when a name recurs).
 */
function holidayBlocks(days: NationalDay[]): NationalHoliday[] {
  const blocks: { names: string[]; off: string[]; work: string[] }[] = [];
  for (const d of days.filter((x) => !x.working)) {
    const last = blocks.at(-1);
    const name = d.name ?? "";
    const gap = last ? dayNumber(d.date)! - dayNumber(last.off.at(-1)!)! : Infinity;
    // The package leaves out weekends inside some older holidays (2015 端午: 6/20, 6/22): same name, a short gap.
    if (last && (gap === 1 || (gap <= 3 && last.names.includes(name)))) {
      last.off.push(d.date);
      if (!last.names.includes(name)) last.names.push(name);
    } else {
      blocks.push({ names: [name], off: [d.date], work: [] });
    }
  }
  for (const d of days.filter((x) => x.working)) {
    const distance = (b: { off: string[] }) => Math.abs(dayNumber(d.date)! - dayNumber(b.off[0])!);
    const near = blocks.filter((b) => b.names.includes(d.name ?? "")).sort((a, b) => distance(a) - distance(b))[0];
    if (near) near.work.push(d.date);
    else blocks.push({ names: [d.name ?? ""], off: [], work: [d.date] });
  }
  const first = (b: { off: string[]; work: string[] }) => b.off[0] ?? b.work[0];
  return blocks.sort((a, b) => first(a).localeCompare(first(b))).map((b) => ({ name: b.names.join("、"), off: b.off, work: b.work }));
}

/** The regions a row may be for: the whole region (新疆) or an enabled region of the catalog. */
async function regionOptions(): Promise<{ value: string; label: string }[]> {
  const regions = (await listRegions()).filter((r) => !r.disabled_at);
  return [{ value: REGION_ALL, label: REGION_ALL_OPTION }, ...regions.map((r) => ({ value: r.name, label: r.name }))];
}

/** The current year in Asia/Shanghai (the page's default). */
export const currentYear = () => yearOf(shanghaiDate(now()));

/** Parses the page's `year` query value: an integer FIRST_YEAR … LAST_YEAR, else null (the route answers 400). */
export function parseYear(raw: string | null): number | null {
  if (raw === null || raw === "") return currentYear();
  if (!/^\d{4}$/.test(raw)) return null;
  const y = Number(raw);
  return y >= FIRST_YEAR && y <= LAST_YEAR ? y : null;
}

/** Everything the 节假日日历 page shows for `year` (regional rows of every region, national arrangement). */
export async function calendarYear(year: number): Promise<CalendarYear> {
  const [rows, stored, options] = await Promise.all([
    db("calendar_days as c").leftJoin("users as u", "u.id", "c.created_by")
      .whereBetween("c.date", [`${year}-01-01`, `${year}-12-31`])
      .orderBy([{ column: "c.date" }, { column: "c.region" }])
      .select("c.id", "c.region", "c.date", "c.kind", "c.name", "c.source", "c.created_at", "u.name as created_by_name", "c.created_by"),
    db("calendar_days").distinct(db.raw("substr(date, 1, 4) as y")),
    regionOptions(),
  ]);
  const dataYears = nationalDataYears();
  const first = dataYears[0];
  const last = dataYears[dataYears.length - 1];
  const years = new Set<number>([year, ...(stored as { y: string }[]).map((r) => Number(r.y))]);
  for (let y = first; y <= Math.max(last, currentYear()) + 2; y++) years.add(y);
  return {
    year,
    published: hasNationalData(year),
    dataYears: [first, last],
    years: [...years].sort((a, b) => b - a),
    regional: rows.map((r) => {
      const national = nationalDay(r.date);
      return {
        id: Number(r.id), region: r.region, regionLabel: regionLabel(r.region), date: r.date, weekday: weekdayLabel(r.date),
        kind: r.kind as DayKind, kindLabel: DAY_KIND_LABEL[r.kind as DayKind], name: r.name, source: r.source,
        createdBy: r.created_by == null ? "初始数据" : (r.created_by_name ?? `用户 #${r.created_by}`), createdAt: Number(r.created_at),
        national: nationalLabel(national), changesNational: (r.kind === "work") !== national.working,
      };
    }),
    national: holidayBlocks(nationalArrangement(year)),
    regionOptions: options,
  };
}

export type RegionalDayInput = { date: string; kind: string; region: string; name: string; source: string };

/** Field errors of a new row (Chinese, by field name); empty when it may be stored. */
async function inputErrors(input: RegionalDayInput): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!input.date) errors.date = "请填写日期";
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) errors.date = "日期格式应为 YYYY-MM-DD，例如 2025-06-06";
  else if (dayNumber(input.date) === null) errors.date = `日期「${input.date}」不存在，请检查月份和日`;
  else if (!isCalendarDate(input.date)) errors.date = `日期须在${FIRST_YEAR}年至${LAST_YEAR}年之间`;
  if (input.kind !== "off" && input.kind !== "work") errors.kind = "请选择放假或补班";
  if (!input.region) errors.region = "请选择适用地区";
  else if (!(await regionOptions()).some((o) => o.value === input.region)) errors.region = `地区「${input.region}」不在地州目录中或已停用`;
  // A name of only a zero-width space would be stored as a blank 放假「」.
  const [nameInvisible, sourceInvisible] = [invisibleCharProblem(input.name), invisibleCharProblem(input.source)];
  if (!input.name) errors.name = "请填写名称，例如 古尔邦节";
  else if (length(input.name) > NAME_MAX) errors.name = `名称不能超过${NAME_MAX}个字（现为${length(input.name)}个）`;
  else if (nameInvisible) errors.name = `名称${nameInvisible}`;
  if (!input.source) errors.source = "请填写依据：发文机关和通知标题（或文号）";
  else if (length(input.source) > SOURCE_MAX) errors.source = `依据不能超过${SOURCE_MAX}个字（现为${length(input.source)}个）`;
  else if (sourceInvisible) errors.source = `依据${sourceInvisible}`;
  return errors;
}

/**
 * Adds a regional day (放假 or 补班) for a region, audited as calendar.change. Refuses with field errors:
 * 400 for bad input, 409 when that region already has a row for that date (nothing is written then).
 */
export async function addRegionalDay(actor: Actor, input: RegionalDayInput, ip: string): Promise<CalendarResult> {
  const errors = await inputErrors(input);
  if (Object.keys(errors).length) return refuse(errors);
  const kind = input.kind as DayKind;
  const duplicate = (existing: { name: string; kind: DayKind }) =>
    refuse({ date: `${regionLabel(input.region)} ${input.date} 已有记录（${existing.name}，${DAY_KIND_LABEL[existing.kind]}），如需更改请先删除该记录` }, 409);
  const existing = await db("calendar_days").where({ region: input.region, date: input.date }).first("name", "kind");
  if (existing) return duplicate(existing);
  const added = await db.transaction(async (trx) => {
    const ids = await trx("calendar_days")
      .insert({ region: input.region, date: input.date, kind, name: input.name, source: input.source, created_by: actor.id, created_at: now() })
      .onConflict(["region", "date"]).ignore()
      .returning("id");
    if (!ids.length) return null; // another request stored the same day meanwhile
    const id = Number(typeof ids[0] === "object" ? (ids[0] as { id: number }).id : ids[0]);
    await bumpLayerVersion(trx);
    await audit({ actor, action: AUDIT_ACTION.calendarChange, target: { type: "CalendarDay", id }, ip, detail: { add: { region: input.region, date: input.date, kind, name: input.name } } }, trx);
    return id;
  });
  forgetRegionalLayer();
  if (added === null) return duplicate((await db("calendar_days").where({ region: input.region, date: input.date }).first("name", "kind"))!);
  return { ok: true, message: `已添加：${regionLabel(input.region)} ${input.date}（${weekdayLabel(input.date)}）${DAY_KIND_LABEL[kind]}「${input.name}」` };
}

/** Deletes a regional day by id, audited as calendar.change; 404 when there is no such row (already deleted). */
export async function deleteRegionalDay(actor: Actor, id: number, ip: string): Promise<CalendarResult> {
  const gone = refuse({ id: "该记录不存在（可能已被删除），请刷新页面" }, 404);
  if (!Number.isSafeInteger(id) || id < 1) return gone;
  const row = await db.transaction(async (trx) => {
    const found = await trx("calendar_days").where({ id }).first("region", "date", "kind", "name");
    if (!found || !(await trx("calendar_days").where({ id }).delete())) return null;
    await bumpLayerVersion(trx);
    await audit({ actor, action: AUDIT_ACTION.calendarChange, target: { type: "CalendarDay", id }, ip, detail: { delete: found } }, trx);
    return found as { region: string; date: string; kind: DayKind; name: string };
  });
  forgetRegionalLayer();
  if (!row) return gone;
  return { ok: true, message: `已删除：${regionLabel(row.region)} ${row.date} ${DAY_KIND_LABEL[row.kind]}「${row.name}」` };
}
