// The expert pool (专家库) gets a record of its own: `experts` (one row per person in the pool),
// `expert_history` (every version of a record's mutable fields, valid-from/valid-to) and
// `pool_conflicts` (approved admissions that could not become a record because the person is already in
// the pool). Until now 专家编号, region and specialties lived on the admission instance and the roster was
// derived from approved instances; this back-fills the pool from them. See docs/decisions/0011-expert-pool.md.
//
// Self-contained on purpose: a migration must give the same result in a year, so it reads the stored rows
// as the code of its time wrote them and imports nothing from app/ (whose shapes will move on).
import type { Knex } from "knex";

/** The mutable fields every history row snapshots (the same names as on `experts`). */
function snapshotColumns(t: Knex.CreateTableBuilder): void {
  t.string("name", 50).notNullable();
  t.string("gender", 1); // 男 | 女, as the basic-info form stores it
  t.string("mobile", 20); // the form's 手机号 (contact for the pool, may differ from the login phone)
  t.string("region", 50); // the region catalog's name, as the form stores it (e.g. 乌鲁木齐市)
  t.text("specialties").notNullable(); // JSON [{ code, main? }], as the form stores it
  t.string("main_specialty", 32); // the code marked main (else the first): for filtering and counting
  t.string("work_unit", 100);
  t.text("avoidance_units").notNullable(); // JSON [{ name, uscc?, reason }] from the avoidance form
  t.string("status", 16).notNullable(); // active (在库) | suspended (暂停) | removed (出库)
}

export async function up(k: Knex): Promise<void> {
  await k.schema.createTable("experts", (t) => {
    t.increments("id");
    t.string("number", 40).notNullable().unique(); // 专家编号
    t.integer("user_id").notNullable().unique().references("users.id");
    t.string("id_card", 18).notNullable().unique(); // canonical: no spaces, uppercase X; one person, one record
    snapshotColumns(t);
    t.bigInteger("admitted_at").notNullable(); // epoch ms of the approval
    t.integer("batch_id").references("batches.id"); // the admitting batch
    t.integer("instance_id").notNullable().unique().references("workflow_instances.id"); // the admitting instance
    t.integer("row_version").notNullable().defaultTo(1);
    t.bigInteger("updated_at").notNullable();
    t.index(["region"]);
    t.index(["main_specialty"]);
    t.index(["status"]);
  });
  await k.schema.createTable("expert_history", (t) => {
    t.increments("id");
    t.integer("expert_id").notNullable().references("experts.id").onDelete("CASCADE");
    t.integer("row_version").notNullable(); // the record's row_version this version belongs to
    t.bigInteger("valid_from").notNullable(); // epoch ms, inclusive
    t.bigInteger("valid_to"); // epoch ms, exclusive; null while current
    snapshotColumns(t);
    t.integer("changed_by").references("users.id"); // null only when nobody is known (back-fill without history)
    t.integer("source_instance_id").references("workflow_instances.id"); // the instance that caused it
    t.string("event", 40).notNullable(); // admitted | changed | suspended | … (what happened)
    t.string("reason", 500);
    t.unique(["expert_id", "row_version"]);
    t.index(["expert_id", "valid_from"]);
  });
  // At most one current version per record: a double close/open can never leave two.
  await k.raw("CREATE UNIQUE INDEX expert_history_current ON expert_history (expert_id) WHERE valid_to IS NULL");
  await k.schema.createTable("pool_conflicts", (t) => {
    t.increments("id");
    t.string("id_card", 18); // canonical; null when the instance had none
    t.integer("instance_id").notNullable().unique().references("workflow_instances.id"); // the approved instance left out
    t.integer("user_id").notNullable().references("users.id");
    t.string("number", 40); // the 专家编号 the left-out instance was given
    t.integer("expert_id").references("experts.id"); // the record the person already has (null: none)
    t.string("kind", 40).notNullable(); // duplicate-id-card | user-in-pool | missing-id-card
    t.bigInteger("detected_at").notNullable();
    t.bigInteger("resolved_at");
    t.index(["id_card"]);
  });
  await backfill(k);
}

export async function down(k: Knex): Promise<void> {
  await k.schema.dropTableIfExists("pool_conflicts");
  await k.schema.dropTableIfExists("expert_history");
  await k.schema.dropTableIfExists("experts");
}

// ---- back-fill -------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const parse = (s: string | null | undefined): Json => {
  try {
    const v = s ? JSON.parse(s) : {};
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
};
const str = (v: unknown, max: number): string | null => (typeof v === "string" && v.trim() ? v.trim().slice(0, max) : null);

/** As the pool module canonicalises: NFKC (full-width digits), no spaces, uppercase X. */
const canonicalIdCard = (v: unknown): string | null => {
  if (typeof v !== "string") return null;
  const s = v.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  return s ? s.slice(0, 18) : null;
};

/** The main specialty as the instance attribute held it: the item marked main, else the first. */
function mainSpecialty(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const pick = list.find((x) => x && typeof x === "object" && (x as Json).main === true) ?? list[0];
  return pick && typeof pick === "object" ? str((pick as Json).code, 32) : null;
}

/**
 * One record per person from approved expert-admission instances with a number, earliest approval
 * first. The region and main specialty are taken as the instance's columns held them (what the roster and
 * the reviewer scopes used), the other fields from the basic-info and avoidance submissions of the
 * instance's scope. A second approved instance of the same ID number (or of a user already in the pool)
 * becomes a `pool_conflicts` row instead of a record.
 */
async function backfill(k: Knex): Promise<void> {
  const instances: { id: number; owner_id: number; batch_id: number | null; number: string; region: string | null; specialty: string | null; updated_at: number | string }[] =
    await k("workflow_instances").where({ workflow_key: "expert-admission", state: "approved" }).whereNotNull("number")
      .select("id", "owner_id", "batch_id", "number", "region", "specialty", "updated_at");
  if (!instances.length) return;
  const ids = instances.map((i) => i.id);
  // The approval: the last history entry into `approved` (its time and reviewer).
  const approvals = new Map<number, { at: number; actor: number }>();
  for (const h of await k("workflow_history").whereIn("instance_id", ids).where("to_state", "approved").orderBy("row_version").select("instance_id", "created_at", "actor_id")) {
    approvals.set(h.instance_id, { at: Number(h.created_at), actor: h.actor_id });
  }
  const forms = new Map<string, Json>();
  const scopes = ids.map((id) => `application:${id}`);
  for (const s of await k("form_submissions").whereIn("form_key", ["expert-basic-info", "expert-avoidance"]).whereIn("scope", scopes).select("owner_id", "form_key", "scope", "data")) {
    forms.set(`${s.owner_id}|${s.form_key}|${s.scope}`, parse(s.data));
  }
  const at = (i: (typeof instances)[number]) => approvals.get(i.id)?.at ?? Number(i.updated_at);
  instances.sort((a, b) => at(a) - at(b) || a.id - b.id);

  const byIdCard = new Map<string, number>();
  const byUser = new Map<number, number>();
  const detectedAt = Date.now();
  for (const inst of instances) {
    const basic = forms.get(`${inst.owner_id}|expert-basic-info|application:${inst.id}`) ?? {};
    const avoidance = forms.get(`${inst.owner_id}|expert-avoidance|application:${inst.id}`) ?? {};
    const idCard = canonicalIdCard(basic.idCard);
    const existing = idCard ? byIdCard.get(idCard) : undefined;
    const userExisting = byUser.get(inst.owner_id);
    if (!idCard || existing !== undefined || userExisting !== undefined) {
      const kind = !idCard ? "missing-id-card" : existing !== undefined ? "duplicate-id-card" : "user-in-pool";
      await k("pool_conflicts").insert({ id_card: idCard, instance_id: inst.id, user_id: inst.owner_id, number: inst.number, expert_id: existing ?? userExisting ?? null, kind, detected_at: detectedAt });
      continue;
    }
    const specialties = Array.isArray(basic.specialties) ? basic.specialties : [];
    const units = avoidance.hasUnits === "无" ? [] : Array.isArray(avoidance.units) ? avoidance.units : [];
    const admittedAt = at(inst);
    const snapshot = {
      name: str(basic.name, 50) ?? "", gender: str(basic.gender, 1), mobile: str(basic.mobile, 20), region: inst.region ?? str(basic.region, 50),
      specialties: JSON.stringify(specialties), main_specialty: inst.specialty ?? mainSpecialty(specialties), work_unit: str(basic.workUnit, 100),
      avoidance_units: JSON.stringify(units), status: "active", // EXPERT_STATUS.active in app/models/pool.server.ts
    };
    const [row] = await k("experts")
      .insert({ number: inst.number, user_id: inst.owner_id, id_card: idCard, ...snapshot, admitted_at: admittedAt, batch_id: inst.batch_id, instance_id: inst.id, row_version: 1, updated_at: admittedAt })
      .returning("id");
    const expertId = Number(typeof row === "object" ? (row as { id: number }).id : row);
    await k("expert_history").insert({
      expert_id: expertId, row_version: 1, valid_from: admittedAt, valid_to: null, ...snapshot,
      changed_by: approvals.get(inst.id)?.actor ?? null, source_instance_id: inst.id, event: "admitted", reason: "由已通过的入库申请迁移",
    });
    byIdCard.set(idCard, expertId);
    byUser.set(inst.owner_id, expertId);
  }
}
