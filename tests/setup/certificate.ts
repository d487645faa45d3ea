// Certificates for tests: an expert whose training enrolment has passed (the exam feature's `pass-exam`
// moves it to 合格 and runs `issue-certificate`; until that lands here, the state is written directly) and
// the certificate issued through the exported issueCertificate, on any database handle (the in-process
// app's, or a browser test's server.db). Also a pool expert written straight into the database, for tests
// that need many (concurrency) without filling in applications.
import type { Knex } from "knex";
import jsQR from "jsqr";
import sharp from "sharp";
import { issueCertificate } from "~/features/certificates/issue.server";
import { createUser } from "~/models/users.server";
import { PASSWORD, identity } from "./factories";

/** The expert's (newest) training enrolment, moved to `passed`; its id. */
export async function passEnrolment(db: Knex, ownerId: number): Promise<number> {
  const e = await db("workflow_instances").where({ workflow_key: "training", owner_id: ownerId }).orderBy("id", "desc").first("id");
  if (!e) throw new Error(`user ${ownerId} has no training enrolment`);
  await db("workflow_instances").where({ id: e.id }).update({ state: "passed" });
  return Number(e.id);
}

/** Issues the certificate of the enrolment (as the `issue-certificate` effect does), at `now` (ms). */
export async function issueFor(db: Knex, enrolmentId: number, now = Date.now()) {
  const e = await db("workflow_instances").where({ id: enrolmentId }).first("id", "owner_id", "batch_id");
  return db.transaction((trx) => issueCertificate(trx, { id: Number(e.id), ownerId: Number(e.owner_id), batchId: e.batch_id == null ? null : Number(e.batch_id) }, now));
}

/** Passes the expert's enrolment and issues the certificate: the certificate's number and the enrolment. */
export async function certifiedExpert(db: Knex, ownerId: number, now = Date.now()): Promise<{ enrolmentId: number; number: string }> {
  const enrolmentId = await passEnrolment(db, ownerId);
  const r = await issueFor(db, enrolmentId, now);
  return { enrolmentId, number: r.number };
}

let seq = 0;
/** An 18-character ID number unique to this process (the pool needs it unique; nothing here checks the digits). */
const idCard = () => `650102${String(process.pid % 1000).padStart(3, "0")}${String(++seq).padStart(8, "0")}X`;

const insertId = async (db: Knex, table: string, row: Record<string, unknown>) => {
  const [r] = await db(table).insert(row).returning("id");
  return Number(typeof r === "object" ? (r as { id: number }).id : r);
};

/**
 * The pool record (专家库) of an existing user, as an approved admission leaves it — the approved
 * application, the `experts` row and its first history version — written straight into the database.
 * Returns the expert's id.
 */
export async function poolRecordInDb(db: Knex, o: { userId: number; batchId: number; number: string; name: string; phone: string; specialties?: { code: string; main?: boolean }[] }): Promise<number> {
  const t = Date.now();
  const adm = await db("workflow_versions").where({ key: "expert-admission" }).orderBy("version", "desc").first("version", "hash");
  const admission = await insertId(db, "workflow_instances", {
    workflow_key: "expert-admission", workflow_version: adm.version, workflow_hash: adm.hash, owner_id: o.userId, batch_id: o.batchId, state: "approved", row_version: 1,
    data: "{}", created_at: t, updated_at: t, submitted_at: t, number: o.number,
  });
  const specialties = JSON.stringify(o.specialties ?? []);
  const snapshot = { name: o.name, gender: "男", mobile: o.phone, region: "乌鲁木齐市", specialties, main_specialty: o.specialties?.[0]?.code ?? null, work_unit: "测试单位", avoidance_units: "[]", status: "active" };
  const expertId = await insertId(db, "experts", { number: o.number, user_id: o.userId, id_card: idCard(), ...snapshot, admitted_at: t, batch_id: o.batchId, instance_id: admission, row_version: 1, updated_at: t });
  await db("expert_history").insert({ expert_id: expertId, row_version: 1, valid_from: t, valid_to: null, ...snapshot, changed_by: null, source_instance_id: admission, event: "admitted", reason: null });
  return expertId;
}

/**
 * A user with a pool record (专家编号 `number`) and a training enrolment in the given batch, written
 * straight into the database. `name` may hold rare characters (𠮷).
 */
export async function poolExpertInDb(db: Knex, o: { name?: string; batchId: number; number: string; specialties?: { code: string; main?: boolean }[] }) {
  const id = identity();
  const userId = await createUser({ ...id, password: PASSWORD, role: "expert" }, db);
  const t = Date.now();
  const wf = await db("workflow_versions").where({ key: "training" }).orderBy("version", "desc").first("version", "hash");
  const expertId = await poolRecordInDb(db, { userId, batchId: o.batchId, number: o.number, name: o.name ?? id.name, phone: id.phone, specialties: o.specialties });
  const enrolmentId = await insertId(db, "workflow_instances", {
    workflow_key: "training", workflow_version: wf.version, workflow_hash: wf.hash, owner_id: userId, batch_id: o.batchId, state: "passed", row_version: 1,
    data: "{}", created_at: t, updated_at: t,
  });
  return { userId, expertId, enrolmentId, user: { ...id, id: userId, password: PASSWORD } };
}

/** The text of the QR code in a PNG (jsqr on sharp's raw RGBA pixels), or null when none is found. */
export async function decodeQr(png: Buffer | Uint8Array): Promise<string | null> {
  const { data, info } = await sharp(Buffer.from(png)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

/** A PNG's size and how much it varies (a blank picture has a standard deviation of 0 in every channel). */
export async function pngFacts(png: Buffer | Uint8Array): Promise<{ width: number; height: number; format: string; spread: number }> {
  const meta = await sharp(Buffer.from(png)).metadata();
  const stats = await sharp(Buffer.from(png)).stats();
  return { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? "", spread: Math.max(...stats.channels.map((c) => c.stdev)) };
}
