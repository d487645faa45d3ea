// 报表: application counts by batch × state × region × specialty, and the expert roster (approved
// applications) for export. ID numbers are masked unless full numbers are explicitly asked for.
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { maskIdCard } from "./inbox.server";

export async function countsByDimension() {
  const rows = await db("workflow_instances as w")
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .whereNotNull("w.submitted_at")
    .groupBy("b.name", "w.workflow_key", "w.state", "w.region", "w.specialty")
    .select("b.name as batch", "w.workflow_key as workflow", "w.state", "w.region", "w.specialty")
    .count({ n: "*" })
    .orderBy([{ column: "b.name" }, { column: "w.state" }, { column: "w.region" }]);
  return rows.map((r: Record<string, unknown>) => ({ ...r, n: Number(r.n) })) as { batch: string | null; workflow: string; state: string; region: string | null; specialty: string | null; n: number }[];
}

export type RosterRow = { number: string; name: string; idCard: string; gender: string; region: string; specialty: string; workUnit: string; mobile: string; batch: string; approvedAt: string };

export const ROSTER_COLUMNS: { key: keyof RosterRow; title: string }[] = [
  { key: "number", title: "专家编号" }, { key: "name", title: "姓名" }, { key: "gender", title: "性别" }, { key: "idCard", title: "身份证号" },
  { key: "region", title: "地州" }, { key: "specialty", title: "主专业" }, { key: "workUnit", title: "工作单位" }, { key: "mobile", title: "手机号" },
  { key: "batch", title: "批次" }, { key: "approvedAt", title: "入库时间" },
];

/** Approved applications with the applicant's basic information, ordered by 专家编号. */
export async function roster(opts: { fullIdCards: boolean; specialtyNames: Map<string, string> }): Promise<RosterRow[]> {
  const rows = await db("workflow_instances as w")
    .leftJoin("batches as b", "b.id", "w.batch_id")
    .leftJoin("form_submissions as s", function () {
      this.on("s.owner_id", "=", "w.owner_id").andOn("s.form_key", "=", db.raw("?", ["expert-basic-info"])).andOn("s.scope", "=", db.raw("'application:' || w.id"));
    })
    .where("w.state", "approved")
    .orderBy("w.number")
    .select("w.number", "w.updated_at", "w.region", "w.specialty", "b.name as batch", "s.data");
  return rows.map((r: { number: string | null; updated_at: number; region: string | null; specialty: string | null; batch: string | null; data: string | null }) => {
    const d = (r.data ? JSON.parse(r.data) : {}) as Record<string, string | undefined>;
    const id = d.idCard ?? "";
    return {
      number: r.number ?? "", name: d.name ?? "", gender: d.gender ?? "", idCard: opts.fullIdCards ? id : maskIdCard(id), region: r.region ?? "",
      specialty: r.specialty ? opts.specialtyNames.get(r.specialty) ?? r.specialty : "", workUnit: d.workUnit ?? "", mobile: d.mobile ?? "",
      batch: r.batch ?? "", approvedAt: formatTime(r.updated_at),
    };
  });
}

/** CSV with a BOM (Excel opens UTF-8 Chinese correctly); cells that could be formulas are quoted with a leading '. */
export function rosterCsv(rows: RosterRow[]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [ROSTER_COLUMNS.map((c) => c.title).join(","), ...rows.map((r) => ROSTER_COLUMNS.map((c) => cell(r[c.key])).join(","))];
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export async function rosterXlsx(rows: RosterRow[]): Promise<Buffer> {
  // Loaded on first export: exceljs costs ~30 MB of memory that the server should not carry all the time.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = "评标专家管理系统";
  const sheet = book.addWorksheet("专家名册");
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.key === "workUnit" ? 30 : c.key === "idCard" ? 22 : 14 }));
  // Every value as text: ID numbers and phone numbers must not become numbers (or lose digits).
  for (const r of rows) sheet.addRow(Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, String(r[c.key])])));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
