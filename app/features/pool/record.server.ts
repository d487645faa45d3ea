// The pool record as a record type workflows can act on (`record: expert`): a region transfer or a
// change request starts from the expert's own record. The fields workflows read (attributes, diffs) are
// the record's current ones; the ID number stays out (it never changes and lists need no more of it).
import type { Knex } from "knex";
import type { RecordType, RecordView } from "~/engine/workflows/records";
import { getPoolMember, poolMemberOfUser } from "~/models/pool.server";
import type { PoolMember } from "~/models/pool.server";

const view = (m: PoolMember): RecordView => ({
  id: m.id,
  ownerId: m.userId,
  data: {
    number: m.number, name: m.name, gender: m.gender, region: m.region, specialties: m.specialties, mainSpecialty: m.mainSpecialty,
    workUnit: m.workUnit, avoidanceUnits: m.avoidanceUnits, status: m.status, rowVersion: m.rowVersion,
  },
});

export const expertRecord: RecordType = {
  title: "专家库记录",
  async load(conn, id) {
    const m = await getPoolMember(id, conn as Knex);
    return m ? view(m) : null;
  },
  async ownedBy(conn, userId) {
    return (await poolMemberOfUser(userId, conn as Knex))?.id ?? null;
  },
};
