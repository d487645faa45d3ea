// Reads configuration from the environment once; everything else asks this module.
import path from "node:path";

const e = process.env;
const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);

export const env = {
  nodeEnv: e.NODE_ENV ?? "development",
  isProduction: e.NODE_ENV === "production",
  port: int(e.PORT, 3000),
  /** postgres://… selects PostgreSQL; anything else is a SQLite file path. */
  databaseUrl: e.DATABASE_URL ?? path.resolve("data/app.sqlite"),
  databaseSchema: e.DATABASE_SCHEMA || undefined,
  sessionSecret: e.SESSION_SECRET ?? "",
  trustProxy: e.TRUST_PROXY === "1",
  demo: e.DEMO === "1",
  smsProvider: e.SMS_PROVIDER ?? "outbox",
  smsHttpUrl: e.SMS_HTTP_URL ?? "",
  smsHttpToken: e.SMS_HTTP_TOKEN ?? "",
  smsDailyPerPhone: int(e.SMS_DAILY_PER_PHONE, 10),
  smsDailyPerIp: int(e.SMS_DAILY_PER_IP, 50),
  loginPerIpPerMinute: int(e.LOGIN_PER_IP_PER_MINUTE, 30),
  uploadDir: path.resolve(e.UPLOAD_DIR ?? "data/uploads"),
  /** Largest accepted file; server/uploads.ts reads the same variable to cap the streamed request body. */
  uploadMaxBytes: int(e.UPLOAD_MAX_BYTES, 10 * 1024 * 1024),
  /** Largest lesson file (video or PDF) an administrator uploads on 课程内容; streamed, never held whole. */
  lessonMaxBytes: int(e.LESSON_MAX_BYTES, 500 * 1024 * 1024),
  /** Largest payment bill (缴费对账 导入账单); server/uploads.ts reads the same variable for that path. */
  billMaxBytes: int(e.BILL_MAX_BYTES, 50 * 1024 * 1024),
  uploadsPerUserPer10Min: int(e.UPLOADS_PER_USER_PER_10_MIN, 60),
  /** Ed25519 private key signing certificate tokens: PEM, or base64 of the PKCS#8 DER (docs/decisions/0015). */
  certSigningKey: e.CERT_SIGNING_KEY ?? "",
  /** Further public keys that still verify (key rotation): PEM or base64 SPKI DER, separated by commas. */
  certVerifyKeys: e.CERT_VERIFY_KEYS ?? "",
  /** The address people reach the system at (https://…), printed in certificate QR codes; default: the request's. */
  publicBaseUrl: (e.PUBLIC_BASE_URL ?? "").replace(/\/+$/, ""),
  /** Public /verify/:token page views per client IP per minute. */
  verifyPerIpPerMinute: int(e.VERIFY_PER_IP_PER_MINUTE, 60),
};

export const isPostgres = () => /^postgres(ql)?:\/\//.test(env.databaseUrl);

/** A development-only secret so `npm start` works on a fresh clone; production refuses to start without one. */
export function sessionSecrets(): string[] {
  if (env.sessionSecret) return env.sessionSecret.split(",");
  if (env.isProduction) throw new Error("SESSION_SECRET must be set in production");
  return ["dev-only-secret-not-for-production"];
}
