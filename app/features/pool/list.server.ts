// 专家库 for staff: the pool records a reviewer or administrator may read (CASL's PoolRecord rules as SQL:
// a reviewer sees the experts now in their regions), searchable by 专家编号 / 姓名 / 工作单位, filtered by
// 评标地州 and 状态, paged in SQL, newest admission first. Each row leads to the record's change history.
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { whereAccessible } from "~/engine/permissions/sql.server";
import { specialtyNameRecord } from "~/models/catalogs.server";
import { EXPERT_STATUS_LABEL, type ExpertStatus } from "~/models/pool.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";

export type PoolQuery = { q?: string; region?: string; status?: ExpertStatus; offset: number; limit: number };

type Row = { id: number; number: string; name: string; region: string | null; work_unit: string | null; main_specialty: string | null; admitted_at: number | string; status: ExpertStatus };

/**
 * One page of pool records `auth` may read, with the total. Staff only (403 for experts, who have their
 * own record on 个人信息变更). `q` matches 专家编号, 姓名 or 工作单位 as a substring (LIKE, escaped).
 */
export async function listPoolRecords(auth: Auth, query: PoolQuery) {
  requireAbility(auth.ability, "read", "Inbox");
  const base = whereAccessible(db("experts as e"), auth.ability, "read", "PoolRecord", (f) => `e.${f}`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    base.where((w) => w.whereRaw("e.number like ? escape '\\'", [like]).orWhereRaw("e.name like ? escape '\\'", [like]).orWhereRaw("e.work_unit like ? escape '\\'", [like]));
  }
  if (query.region) base.where("e.region", query.region);
  if (query.status) base.where("e.status", query.status);
  const [[{ n }], rows, names] = await Promise.all([
    base.clone().count<{ n: number | string }[]>({ n: "*" }),
    base.clone().orderBy("e.id", "desc").offset(query.offset).limit(query.limit)
      .select<Row[]>("e.id", "e.number", "e.name", "e.region", "e.work_unit", "e.main_specialty", "e.admitted_at", "e.status"),
    specialtyNameRecord(),
  ]);
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: Number(r.id), number: r.number, name: r.name, region: r.region ?? "", workUnit: r.work_unit ?? "",
      mainSpecialty: r.main_specialty ? names[r.main_specialty] ?? r.main_specialty : "",
      admittedAt: formatTime(Number(r.admitted_at)).slice(0, 10), status: r.status, statusLabel: EXPERT_STATUS_LABEL[r.status] ?? r.status,
    })),
  };
}
