// The pool record as a record type workflows can act on (`record: expert`): a region transfer or a
// change request starts from the expert's own record. The fields workflows read (attributes, diffs,
// guards through facts.record) are the record's current ones, plus where the expert stands in training
// and exam (`qualification`: changes are open only once both are passed, manual 五); the ID number stays
// out (it never changes and lists need no more of it).
import type { Knex } from "knex";
import { dialect } from "~/utils/db.server";
import type { RecordType, RecordView } from "~/engine/workflows/records";
import { requirementsOf } from "~/features/certificates/pages.server";
import { getPoolMember, poolMemberOfUser } from "~/models/pool.server";
import type { PoolMember } from "~/models/pool.server";

/** Training and exam as the record's guards see them: passed, or the manual's steps still missing (缴费/学习/考试). */
export type Qualification = { passed: boolean; missing: string[] };

/** The expert's newest training enrolment decides (合格 = training and exam passed). */
export async function qualificationOf(conn: Knex, userId: number): Promise<Qualification> {
  const enrolment = await conn("workflow_instances").where({ workflow_key: "training", owner_id: userId }).orderBy("id", "desc").first("state");
  const missing = requirementsOf(enrolment?.state ?? null).filter((r) => !r.done).map((r) => r.label);
  return { passed: missing.length === 0, missing };
}

const view = (m: PoolMember, qualification: Qualification): RecordView => ({
  id: m.id,
  ownerId: m.userId,
  data: {
    number: m.number, name: m.name, gender: m.gender, region: m.region, specialties: m.specialties, mainSpecialty: m.mainSpecialty,
    workUnit: m.workUnit, avoidanceUnits: m.avoidanceUnits, status: m.status, rowVersion: m.rowVersion, qualification,
  },
});

export const expertRecord: RecordType = {
  title: "专家库记录",
  async load(conn, id) {
    const m = await getPoolMember(id, conn as Knex);
    return m ? view(m, await qualificationOf(conn as Knex, m.userId)) : null;
  },
  async lock(trx, id) {
    if (dialect() === "pg") await (trx as Knex.Transaction)("experts").where({ id }).forUpdate().first("id");
  },
  async ownedBy(conn, userId) {
    return (await poolMemberOfUser(userId, conn as Knex))?.id ?? null;
  },
};
