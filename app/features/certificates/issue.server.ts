// Issuing a 专家证书 (issue 17): when the training enrolment reaches 合格 (the exam's `pass-exam`
// transition runs the `issue-certificate` effect), the expert gets one certificate for that enrolment —
// a 证书编号 in the batch's format (race-safe counter, like the 专家编号), the record's name, masked ID,
// 专家编号 and specialty names, the batch's 发证单位 and validity (2 years by default), and the signed
// token for its QR code. Issuing again for the same enrolment does nothing.
import type { Knex } from "knex";
import { EffectRefusal, only } from "~/engine/workflows/effects";
import type { Effect } from "~/engine/workflows/effects";
import { maskIdCard } from "~/models/inbox.server";
import { poolMemberOfUser, updatePoolRecord } from "~/models/pool.server";
import { formatNumber } from "~/models/sequences.server";
import { DAY, HOUR } from "~/utils/clock.server";
import { maskName } from "./certificate";
import { signToken } from "./signing.server";

/** What a pool history row says when a certificate is issued or revoked (expert_history.event). */
export const CERTIFICATE_EVENT = { issued: "certificate-issued", revoked: "certificate-revoked" } as const;

const BEIJING = 8 * HOUR;
const isoDay = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 10);

/**
 * The validity of a certificate issued at `issuedAt` (ms) for `years`: issued on that Beijing day, valid
 * through the day before the same date `years` later (2026-11-30 + 2 → through 2028-11-29; a 29 Feb
 * issue runs through 28 Feb). `expiresAt` is the first instant (ms) it is no longer valid.
 */
export function validity(issuedAt: number, years: number): { issuedOn: string; validUntil: string; expiresAt: number } {
  const issuedOn = isoDay(issuedAt);
  const [y, m, d] = issuedOn.split("-").map(Number);
  // Date.UTC rolls 29 Feb into 1 Mar in a common year: the certificate then ends on 28 Feb.
  const expiresAt = Date.UTC(y + years, m - 1, d) - BEIJING;
  return { issuedOn, validUntil: isoDay(expiresAt - DAY), expiresAt };
}

type Enrolment = { id: number; ownerId: number; batchId: number | null };

/** Specialty codes → catalog names, in the record's order with the 主专业 first; unknown codes keep the code. */
async function specialtyNamesOf(trx: Knex, choices: { code: string; main?: boolean }[]): Promise<string[]> {
  const ordered = [...choices].sort((a, b) => Number(b.main === true) - Number(a.main === true));
  const codes = ordered.map((c) => c.code);
  const rows: { code: string; name: string }[] = codes.length ? await trx("specialties").whereIn("code", codes).select("code", "name") : [];
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return ordered.map((c) => names.get(c.code) ?? c.code);
}

/**
 * Issues the certificate of a passed training enrolment inside the caller's transaction (`trx`), at
 * `now` (ms). Returns the certificate's id, whether it was made now (`created: false`: the enrolment had
 * one already — nothing changes). Throws EffectRefusal 422 when the expert has no pool record.
 */
export async function issueCertificate(trx: Knex.Transaction, enrolment: Enrolment, now: number): Promise<{ id: number; number: string; created: boolean }> {
  const existing = await trx("certificates").where({ enrolment_id: enrolment.id }).first("id", "number");
  if (existing) return { id: Number(existing.id), number: existing.number, created: false };
  const member = await poolMemberOfUser(enrolment.ownerId, trx);
  if (!member) throw new EffectRefusal(422, "该专家尚未入库，无法生成证书");
  const batch = enrolment.batchId
    ? await trx("batches").where({ id: enrolment.batchId }).first("certificate_number_format", "certificate_issuer", "certificate_years")
    : undefined;
  const format = batch?.certificate_number_format ?? "ZS{year}{seq:5}";
  const issuer = batch?.certificate_issuer ?? "新疆维吾尔自治区评标专家管理办公室";
  const years = Number(batch?.certificate_years ?? 2) || 2;
  const number = await formatNumber(trx, format, "certificate");
  const v = validity(now, years);
  const maskedIdCard = maskIdCard(member.idCard);
  const { token, keyId } = signToken({ number, maskedName: maskName(member.name), maskedIdCard, issuedOn: v.issuedOn, validUntil: v.validUntil, issuer });
  const row = {
    number, expert_id: member.id, user_id: member.userId, enrolment_id: enrolment.id, batch_id: enrolment.batchId, name: member.name, id_card_masked: maskedIdCard,
    expert_number: member.number, specialties: JSON.stringify(await specialtyNamesOf(trx, member.specialties)), issuer, issued_at: now, expires_at: v.expiresAt,
    key_id: keyId, token,
  };
  // Two issues of one enrolment at once: the unique enrolment_id keeps one; the other finds it (its number is a gap).
  const inserted = await trx("certificates").insert(row).onConflict("enrolment_id").ignore().returning("id");
  if (!inserted.length) {
    const won = await trx("certificates").where({ enrolment_id: enrolment.id }).first("id", "number");
    return { id: Number(won.id), number: won.number, created: false };
  }
  const id = Number(typeof inserted[0] === "object" ? (inserted[0] as { id: number }).id : inserted[0]);
  // The pool record's history says when its certificate came; nobody decided it (passing the exam did), so
  // no person is named (it used to name the expert as 审核人).
  await updatePoolRecord(trx, member.id, {}, { actorId: null, sourceInstanceId: enrolment.id, expectedRowVersion: member.rowVersion, now, event: CERTIFICATE_EVENT.issued, reason: `证书编号 ${number}` });
  return { id, number, created: true };
}

/** `issue-certificate`: the effect the exam's `pass-exam` transition names (no arguments). */
export const issueCertificateEffect: Effect = {
  title: "生成专家证书",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    await issueCertificate(ctx.trx, { id: ctx.instance.id, ownerId: ctx.instance.ownerId, batchId: ctx.instance.batchId }, ctx.now);
  },
};
