// 报表: application counts by batch × state × region × specialty, and the expert roster (the pool
// records) for export. ID numbers are masked unless full numbers are explicitly asked for.
import { stringify } from "csv-stringify/sync";
import type { Knex } from "knex";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { maskIdCard } from "./inbox.server";
import { POOL_SOURCE } from "./pool.server";

type Count = { batch: string | null; workflow: string; state: string; region: string | null; specialty: string | null; n: number };

/**
 * 申请统计: submitted instances counted by batch × workflow × state × region × specialty (code). The
 * approved admissions are the pool: they are counted from the pool records (admitting batch, current region,
 * main specialty), so one person counts once; every other state is still an application and counted from
 * the instances. Ordered by batch name, state, region (nulls as the database orders them).
 */
export async function countsByDimension(k: Knex = db): Promise<Count[]> {
  const admitted = (w: Knex.QueryBuilder) => w.where("w.workflow_key", POOL_SOURCE.workflow).andWhere("w.state", POOL_SOURCE.approvedState);
  const applications = k("workflow_instances as w")
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .whereNotNull("w.submitted_at")
    .whereNot(admitted)
    .groupBy("b.name", "w.workflow_key", "w.state", "w.region", "w.specialty")
    .select("b.name as batch", "w.workflow_key as workflow", "w.state", "w.region", "w.specialty")
    .count({ n: "*" });
  const pool = k("experts as e")
    .leftJoin("batches as b", "b.id", "e.batch_id")
    .groupBy("b.name", "e.region", "e.main_specialty")
    // Typed literals: PostgreSQL must know the type of a bound value that a UNION lines up with a column.
    .select("b.name as batch", k.raw("cast(? as varchar(80)) as workflow", [POOL_SOURCE.workflow]), k.raw("cast(? as varchar(40)) as state", [POOL_SOURCE.approvedState]), "e.region", "e.main_specialty as specialty")
    .count({ n: "*" });
  // Each grouped part is a subquery of its own: Knex writes a UNION before the GROUP BY of the query it is
  // attached to, so the union is made of two plain selects.
  const both = k.select("*").from(applications.as("a")).unionAll((u) => u.select("*").from(pool.as("p")));
  const rows = await k.select("*").from(both.as("u")).orderBy([{ column: "batch" }, { column: "state" }, { column: "region" }]);
  return rows.map((r: Record<string, unknown>) => ({ ...r, n: Number(r.n) })) as Count[];
}

export type RosterRow = { number: string; name: string; idCard: string; gender: string; region: string; specialty: string; workUnit: string; mobile: string; batch: string; approvedAt: string };

export const ROSTER_COLUMNS: { key: keyof RosterRow; title: string }[] = [
  { key: "number", title: "专家编号" }, { key: "name", title: "姓名" }, { key: "gender", title: "性别" }, { key: "idCard", title: "身份证号" },
  { key: "region", title: "地州" }, { key: "specialty", title: "主专业" }, { key: "workUnit", title: "工作单位" }, { key: "mobile", title: "手机号" },
  { key: "batch", title: "批次" }, { key: "approvedAt", title: "入库时间" },
];

/**
 * The expert roster: one row per pool record (any status), ordered by 专家编号. `fullIdCards` false masks
 * the ID number (650102********1234); `specialtyNames` names the main specialty's code (unknown codes
 * are shown as the code). 入库时间 is the record's admission time (Asia/Shanghai). `k`: the database to
 * read (tests read a fixture database made by an earlier version).
 */
export async function roster(opts: { fullIdCards: boolean; specialtyNames: Map<string, string> }, k: Knex = db): Promise<RosterRow[]> {
  const rows: { number: string; id_card: string; name: string; gender: string | null; region: string | null; main_specialty: string | null; work_unit: string | null; mobile: string | null; admitted_at: number | string; batch: string | null }[] =
    await k("experts as e")
      .leftJoin("batches as b", "b.id", "e.batch_id")
      .orderBy("e.number")
      .select("e.number", "e.id_card", "e.name", "e.gender", "e.region", "e.main_specialty", "e.work_unit", "e.mobile", "e.admitted_at", "b.name as batch");
  return rows.map((r) => ({
    number: r.number, name: r.name, gender: r.gender ?? "", idCard: opts.fullIdCards ? r.id_card : maskIdCard(r.id_card), region: r.region ?? "",
    specialty: r.main_specialty ? opts.specialtyNames.get(r.main_specialty) ?? r.main_specialty : "", workUnit: r.work_unit ?? "", mobile: r.mobile ?? "",
    batch: r.batch ?? "", approvedAt: formatTime(Number(r.admitted_at)),
  }));
}

/** A value a spreadsheet would read as a number and spoil: ID and phone numbers, numeric 专家编号 (masked too). */
const NUMBER_LIKE = /^\d[\d*]*[Xx]?$/;

/**
 * One CSV cell as Excel and WPS should open it. A cell that could start a formula gets a leading ' (the
 * formula-injection guard, OWASP "CSV injection"). A number-like identifier is written as ="…": both
 * programs then show it as text, digit for digit (bare, 650102198001011234 becomes 6.50102E+17, and a
 * leading tab would stay inside the value). The ="…" is ours and wraps digits only, so it cannot carry a
 * formula in.
 */
export function csvCell(v: string): string {
  if (/^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return NUMBER_LIKE.test(v) ? `="${v}"` : v;
}

/** CSV (UTF-8 with a BOM, so Excel reads the Chinese; CRLF lines) written by csv-stringify, cells as `csvCell`. */
export function rosterCsv(rows: RosterRow[]): string {
  return stringify(rows.map((r) => Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, csvCell(r[c.key])]))), {
    bom: true, record_delimiter: "\r\n", header: true, columns: ROSTER_COLUMNS.map((c) => ({ key: c.key, header: c.title })),
  });
}

export async function rosterXlsx(rows: RosterRow[]): Promise<Buffer> {
  // Loaded on first export: exceljs costs ~30 MB of memory that the server should not carry all the time.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = "评标专家管理系统";
  const sheet = book.addWorksheet("专家名册");
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.key === "workUnit" ? 30 : c.key === "idCard" ? 22 : 14 }));
  // Every value is a string cell in a text-formatted (@) column: ID and phone numbers must not become
  // numbers (or lose digits), neither as written nor when someone edits a cell and Excel re-parses it.
  for (const c of ROSTER_COLUMNS) sheet.getColumn(c.key).numFmt = "@";
  for (const r of rows) sheet.addRow(Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, String(r[c.key])])));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
