// The certificates issued: reading them (the expert's own, the verify page's lookup, the administrators'
// list, filtered by CASL in SQL and paged), their state (有效 / 已过期 / 已撤销, computed from the clock and
// the revocation), and revocation with a reason — a guarded UPDATE, audited, in the pool record's history.
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import type { Knex } from "knex";
import type { Auth } from "~/features/accounts/auth.server";
import { requireAbility } from "~/features/accounts/auth.server";
import { whereAccessible } from "~/engine/permissions/sql.server";
import { audit } from "~/models/audit.server";
import { AUDIT_ACTION, AUDIT_OUTCOME } from "~/models/constants";
import { getPoolMember, updatePoolRecord } from "~/models/pool.server";
import { HOUR, now as clockNow } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { CERTIFICATE_STATUS, CERTIFICATE_STATUS_LABEL, MAX_REASON } from "./certificate";
import type { CertificateStatus, CertificateView } from "./certificate";
import { CERTIFICATE_EVENT } from "./issue.server";

/** A certificate as stored. Times are epoch ms. */
export type Certificate = {
  id: number;
  number: string;
  expertId: number;
  userId: number;
  enrolmentId: number;
  batchId: number | null;
  name: string;
  maskedIdCard: string;
  expertNumber: string;
  specialties: string[];
  issuer: string;
  issuedAt: number;
  expiresAt: number;
  keyId: string;
  token: string;
  revokedAt: number | null;
  revokeReason: string | null;
};

type Row = Record<string, unknown>;
const list = (v: unknown): string[] => {
  try {
    const x = JSON.parse(String(v));
    return Array.isArray(x) ? x.map(String) : [];
  } catch {
    return [];
  }
};

function toCertificate(r: Row): Certificate {
  return {
    id: Number(r.id), number: String(r.number), expertId: Number(r.expert_id), userId: Number(r.user_id), enrolmentId: Number(r.enrolment_id),
    batchId: r.batch_id == null ? null : Number(r.batch_id), name: String(r.name), maskedIdCard: String(r.id_card_masked), expertNumber: String(r.expert_number),
    specialties: list(r.specialties), issuer: String(r.issuer), issuedAt: Number(r.issued_at), expiresAt: Number(r.expires_at), keyId: String(r.key_id),
    token: String(r.token), revokedAt: r.revoked_at == null ? null : Number(r.revoked_at), revokeReason: (r.revoke_reason as string | null) ?? null,
  };
}

const BEIJING = 8 * HOUR;
/** YYYY-MM-DD of `ms` in Beijing. */
export const beijingDay = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 10);

/** The state at `at` (ms): 已撤销 wins over 已过期, which wins over 有效. */
export function statusOf(c: Pick<Certificate, "revokedAt" | "expiresAt">, at = clockNow()): CertificateStatus {
  if (c.revokedAt !== null) return CERTIFICATE_STATUS.revoked;
  return at >= c.expiresAt ? CERTIFICATE_STATUS.expired : CERTIFICATE_STATUS.valid;
}

/** What the certificate prints. `base` is the address the QR code points at (PUBLIC_BASE_URL, else the request's origin). */
export function viewOf(c: Certificate, base: string): CertificateView {
  return {
    number: c.number, name: c.name, maskedIdCard: c.maskedIdCard, expertNumber: c.expertNumber, specialties: c.specialties, issuer: c.issuer,
    issuedOn: beijingDay(c.issuedAt), validUntil: beijingDay(c.expiresAt - 24 * HOUR), verifyUrl: `${env.publicBaseUrl || base}/verify/${c.token}`,
  };
}

/** The user's newest certificate, or undefined. */
export async function certificateOfUser(userId: number, k: Knex = db): Promise<Certificate | undefined> {
  const r = await k("certificates").where({ user_id: userId }).orderBy("id", "desc").first();
  return r ? toCertificate(r) : undefined;
}

/** The certificate with this 证书编号, or undefined (the verify page, after the token's signature held). */
export async function certificateByNumber(number: string, k: Knex = db): Promise<Certificate | undefined> {
  const r = await k("certificates").where({ number }).first();
  return r ? toCertificate(r) : undefined;
}

/**
 * The certificate state of a pool record (the expert's newest certificate), or null when it has none:
 * what the pool record carries as 证书状态.
 */
export async function certificateStatusOfExpert(expertId: number, at = clockNow(), k: Knex = db): Promise<{ number: string; status: CertificateStatus; label: string } | null> {
  const r = await k("certificates").where({ expert_id: expertId }).orderBy("id", "desc").first();
  if (!r) return null;
  const status = statusOf(toCertificate(r), at);
  return { number: String(r.number), status, label: CERTIFICATE_STATUS_LABEL[status] };
}

export type CertificateQuery = { q?: string; status?: CertificateStatus; offset: number; limit: number };

/** 证书管理: one page of certificates the user may read (CASL in SQL), newest first, with the total. */
export async function listCertificates(auth: Auth, query: CertificateQuery) {
  requireAbility(auth.ability, "read", "Certificate");
  const t = clockNow();
  const base = whereAccessible(db("certificates as c"), auth.ability, "read", "Certificate", (f) => `c.${f}`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    base.where((w) => w.whereRaw("c.number like ? escape '\\'", [like]).orWhereRaw("c.name like ? escape '\\'", [like]).orWhereRaw("c.expert_number like ? escape '\\'", [like]));
  }
  if (query.status === CERTIFICATE_STATUS.revoked) base.whereNotNull("c.revoked_at");
  else if (query.status === CERTIFICATE_STATUS.expired) base.whereNull("c.revoked_at").where("c.expires_at", "<=", t);
  else if (query.status === CERTIFICATE_STATUS.valid) base.whereNull("c.revoked_at").where("c.expires_at", ">", t);
  const [{ n }] = await base.clone().count<{ n: number | string }[]>({ n: "*" });
  const rows: Row[] = await base.clone().orderBy("c.id", "desc").offset(query.offset).limit(query.limit).select("c.*");
  return {
    total: Number(n),
    items: rows.map(toCertificate).map((c) => {
      const status = statusOf(c, t);
      return {
        id: c.id, number: c.number, name: c.name, expertNumber: c.expertNumber, specialties: c.specialties.join("、"), issuer: c.issuer,
        issuedOn: beijingDay(c.issuedAt), validUntil: beijingDay(c.expiresAt - 24 * HOUR), status, statusLabel: CERTIFICATE_STATUS_LABEL[status],
        revokedAt: c.revokedAt ? beijingDay(c.revokedAt) : null, revokeReason: c.revokeReason,
      };
    }),
  };
}

/**
 * 撤销: marks the certificate revoked at once (the verify page reads it on every request), with the
 * reason, audited and written to the pool record's history. Guarded: a certificate already revoked
 * answers 409 and changes nothing. Returns the status and a Chinese message for the page.
 */
export async function revokeCertificate(auth: Auth, id: number, reason: string, ip: string): Promise<{ status: number; ok: boolean; message: string }> {
  requireAbility(auth.ability, "manage", "Certificate");
  const text = reason.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (!text) return { status: 400, ok: false, message: "请填写撤销原因" };
  if ([...text].length > MAX_REASON) return { status: 400, ok: false, message: `撤销原因不能超过${MAX_REASON}个字` };
  // Shown on the public verify page: a direction override there would turn the reason around.
  const invisible = invisibleCharProblem(text);
  if (invisible) return { status: 400, ok: false, message: `撤销原因${invisible}` };
  const t = clockNow();
  const done = await db.transaction(async (trx) => {
    const row = await trx("certificates").where({ id }).first("id", "number", "expert_id", "user_id");
    if (!row) return { status: 404, ok: false, message: "证书不存在" };
    const n = await trx("certificates").where({ id }).whereNull("revoked_at").update({ revoked_at: t, revoked_by: auth.user.id, revoke_reason: text });
    if (n !== 1) return { status: 409, ok: false, message: "该证书已被撤销" };
    const member = await getPoolMember(Number(row.expert_id), trx);
    if (member) {
      await updatePoolRecord(trx, member.id, {}, {
        actorId: auth.user.id, sourceInstanceId: null, expectedRowVersion: member.rowVersion, now: t, event: CERTIFICATE_EVENT.revoked, reason: `证书编号 ${row.number}：${text}`,
      });
    }
    await audit({
      actor: { id: auth.user.id, name: auth.user.name }, action: AUDIT_ACTION.certificateRevoke, target: { type: "Certificate", id }, ip, outcome: AUDIT_OUTCOME.ok,
      detail: { number: row.number, reason: text },
    }, trx);
    return { status: 200, ok: true, message: `已撤销证书 ${row.number}` };
  });
  return done;
}
