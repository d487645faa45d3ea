// The public /verify/<token> page (no sign-in): the token's signature first (a changed byte or another
// key's signature is 核验失败, with no lookup), then the live certificate by its number — 有效 / 已过期 /
// 已撤销 (with reason and date), the masked name and ID, the issuer and dates; never a full ID number or
// phone, never a bare "valid". Rate-limited per client; a valid answer may be cached for VERIFY_MAX_AGE
// seconds by anonymous clients (revocation shows on the server at once). Plain HTML, no React: the page is
// opened by phones scanning a QR code and must stay cheap (bench: verify.rps).
import { maskName } from "./certificate";
import { CERTIFICATE_STATUS, CERTIFICATE_STATUS_LABEL } from "./certificate";
import type { CertificateStatus } from "./certificate";
import { verifyToken } from "./signing.server";
import { beijingDay, certificateByNumber, statusOf } from "./store.server";
import { env } from "~/utils/env.server";
import { HOUR, MINUTE, now } from "~/utils/clock.server";
import { escapeHtml, plainPage } from "~/utils/plain-page";

/** Seconds a valid answer may be kept by a browser or proxy. */
export const VERIFY_MAX_AGE = 30;

// ---- rate limit ---------------------------------------------------------------------------------------

/**
 * Per-process fixed window per client IP (docs/decisions/0016: a database counter would turn every public
 * read into a write). Bounded: past MAX_CLIENTS entries the table starts afresh.
 */
const MAX_CLIENTS = 50_000;
const windows = new Map<string, { start: number; count: number }>();

/** Counts one view by `ip`; true when over VERIFY_PER_IP_PER_MINUTE in the current minute. */
export function verifyOverLimit(ip: string, t = now()): boolean {
  let w = windows.get(ip);
  if (!w || t - w.start >= MINUTE) {
    if (!w && windows.size >= MAX_CLIENTS) windows.clear();
    w = { start: t, count: 0 };
    windows.set(ip, w);
  }
  w.count++;
  return w.count > env.verifyPerIpPerMinute;
}

// ---- the answer ---------------------------------------------------------------------------------------

export type VerifyOutcome =
  | { kind: "certificate"; status: CertificateStatus; number: string; maskedName: string; maskedIdCard: string; issuer: string; issuedOn: string; validUntil: string; revokedOn: string | null; revokeReason: string | null }
  | { kind: "malformed" | "tampered" | "unknown" | "limited" };

/** What the page says about `token` (a URL segment, any string). Never throws on input. */
export async function verifyOutcome(token: string): Promise<VerifyOutcome> {
  const check = verifyToken(token);
  if (!check.ok) return { kind: check.reason === "malformed" ? "malformed" : "tampered" };
  const cert = await certificateByNumber(check.claims.number);
  if (!cert) return { kind: "unknown" };
  // The signature held, but the stored certificate carries another token: an old or forged one.
  if (cert.token !== token) return { kind: "tampered" };
  return {
    kind: "certificate", status: statusOf(cert, now()), number: cert.number, maskedName: maskName(cert.name), maskedIdCard: cert.maskedIdCard, issuer: cert.issuer,
    issuedOn: beijingDay(cert.issuedAt), validUntil: beijingDay(cert.expiresAt - 24 * HOUR),
    revokedOn: cert.revokedAt ? beijingDay(cert.revokedAt) : null, revokeReason: cert.revokeReason,
  };
}


const FAIL: Record<"malformed" | "tampered" | "unknown" | "limited", { status: number; title: string; text: string }> = {
  malformed: { status: 400, title: "无法识别的核验码", text: "链接不完整，或不是本系统签发的证书二维码。请重新扫描证书上的二维码。" },
  tampered: { status: 400, title: "核验失败：证书信息被篡改或并非本系统签发", text: "二维码中的签名与内容不符。请勿采信此证书，并向发证单位核实。" },
  unknown: { status: 404, title: "未找到该证书", text: "本系统中没有与此二维码对应的证书。请向发证单位核实。" },
  limited: { status: 429, title: "核验过于频繁", text: "请 1 分钟后再试。" },
};

const STATUS_CLASS: Record<CertificateStatus, string> = { valid: "ok", expired: "warn", revoked: "bad" };

function page(title: string, body: string): string {
  return plainPage({
    title: `${title} - 评标专家证书核验`,
    heading: "评标专家证书核验",
    body,
    css:
      `.status{font-size:28px;font-weight:700;padding:12px 16px;border-radius:6px;margin-bottom:16px}` +
      `.ok{background:#f6ffed;color:#237804;border:1px solid #b7eb8f}.warn{background:#fffbe6;color:#ad6800;border:1px solid #ffe58f}` +
      `.bad{background:#fff1f0;color:#a8071a;border:1px solid #ffa39e}dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:0}` +
      `dt{color:#666}dd{margin:0;word-break:break-all}.note{color:#666;font-size:13px;margin-top:16px}`,
  });
}

/**
 * GET /verify/<token> for a client at `ip`, with or without a session cookie: status, page and headers.
 * Shared caches may keep a valid answer briefly; a signed-in visitor's answer is never stored (their pages
 * carry personal data elsewhere, and the no-store rule holds for every signed-in answer).
 */
export async function verifyAnswer(token: string, ip: string, cookie: string | null): Promise<{ status: number; html: string; headers: Record<string, string> }> {
  const limited = verifyOverLimit(ip);
  const outcome = limited ? ({ kind: "limited" } as const) : await verifyOutcome(token);
  const { status, html } = verifyHtml(outcome, now());
  const signedIn = /(?:^|;\s*)sid=/.test(cookie ?? "");
  const cache = status === 200 && !signedIn ? `public, max-age=${VERIFY_MAX_AGE}` : "no-store";
  return { status, html, headers: { "Cache-Control": cache, Vary: "Cookie", "X-Robots-Tag": "noindex", ...(limited ? { "Retry-After": "60" } : {}) } };
}

/** The page for an outcome: HTTP status and HTML. `checkedAt` (ms) is printed as the time of the check. */
export function verifyHtml(o: VerifyOutcome, checkedAt: number): { status: number; html: string } {
  if (o.kind !== "certificate") {
    const f = FAIL[o.kind];
    return { status: f.status, html: page(f.title, `<div class="status bad" role="alert">${escapeHtml(f.title)}</div><p>${escapeHtml(f.text)}</p>`) };
  }
  const label = CERTIFICATE_STATUS_LABEL[o.status];
  const headline = o.status === CERTIFICATE_STATUS.valid ? `证书${label}` : o.status === CERTIFICATE_STATUS.expired ? `证书${label}（有效期至 ${o.validUntil}）` : `证书${label}`;
  const rows: [string, string][] = [
    ["证书状态", label], ["证书编号", o.number], ["姓名", o.maskedName], ["身份证号", o.maskedIdCard], ["发证单位", o.issuer], ["发证日期", o.issuedOn], ["有效期至", o.validUntil],
  ];
  if (o.status === CERTIFICATE_STATUS.revoked) rows.push(["撤销日期", o.revokedOn ?? "-"], ["撤销原因", o.revokeReason ?? "-"]);
  const time = new Date(checkedAt + 8 * HOUR).toISOString().slice(0, 16).replace("T", " ");
  const body = `<div class="status ${STATUS_CLASS[o.status]}" role="status" data-status="${o.status}">${escapeHtml(headline)}</div>` +
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd data-field="${escapeHtml(k)}">${escapeHtml(v)}</dd>`).join("")}</dl>` +
    `<p class="note">核验时间：${time}（北京时间）。请核对证书上的证书编号、姓名与本页一致；为保护个人信息，本页只显示部分信息。</p>`;
  return { status: 200, html: page(headline, body) };
}
