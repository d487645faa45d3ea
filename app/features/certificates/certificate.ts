// 专家证书's shapes and words, shared by pages and the server (browser-safe: no server imports).

/** A certificate's state on the verify page, the 专家证书 page and the pool record: 有效 / 已过期 / 已撤销. */
export const CERTIFICATE_STATUS = { valid: "valid", expired: "expired", revoked: "revoked" } as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUS)[keyof typeof CERTIFICATE_STATUS];
export const CERTIFICATE_STATUS_LABEL: Record<CertificateStatus, string> = { valid: "有效", expired: "已过期", revoked: "已撤销" };

/**
 * The states of the training enrolment (workflows/training.yaml, version 2 adds 培训完毕/合格/不合格) this
 * feature reads to say what is still missing before a certificate. A contract with the exam feature.
 */
export const ENROLMENT_PROGRESS = {
  awaitingPayment: "awaiting-payment", claimed: "payment-claimed", overdue: "overdue", paid: "paid", studying: "studying",
  studied: "studied", passed: "passed", failed: "failed",
} as const;

/** Longest revocation reason, in characters. */
export const MAX_REASON = 200;

/** Days before expiry the SMS reminder goes out (SPEC §5). */
export const REMINDER_DAYS = 60;

/** What a certificate prints (and the verify page shows, masked data only). Dates YYYY-MM-DD, Beijing. */
export type CertificateView = {
  number: string;
  name: string;
  maskedIdCard: string;
  expertNumber: string;
  /** Catalog names, 主专业 first. */
  specialties: string[];
  issuer: string;
  issuedOn: string;
  validUntil: string;
  /** The absolute URL the QR code opens: <base>/verify/<signed token>. */
  verifyUrl: string;
};

/** 王建国 → 王*国, 王五 → 王*, 欧阳娜娜 → 欧**娜: the first and (from three characters) the last stay. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("");
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 2026-11-30 → 2026年11月30日 (as the certificate prints dates). */
export const chineseDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
};

/** The file names of the downloads (证书编号 in each). */
export const certificateFileName = (number: string, ext: "png" | "pdf") => `专家证书-${number}.${ext}`;
