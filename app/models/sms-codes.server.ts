// One-time SMS codes: 6 digits, 5-minute life, single use, 5 wrong tries, 60 s between sends,
// daily caps per phone and per IP. Only an HMAC of each code is stored.
import crypto from "node:crypto";
import { db, forUpdate, rowCount } from "~/utils/db.server";
import { sessionSecrets, env } from "~/utils/env.server";
import { now, startOfShanghaiDay, MINUTE } from "~/utils/clock.server";
import { smsProvider, maskPhone } from "~/services/sms.server";
import type { SmsPurpose } from "./constants";

export const CODE_TTL = 5 * MINUTE;
export const RESEND_GAP = MINUTE;
export const MAX_ATTEMPTS = 5;

type CodeRow = { id: number; phone: string; purpose: string; code_hash: string; attempts: number; created_at: number; expires_at: number; used_at: number | null };

const hmac = (phone: string, purpose: string, code: string) =>
  crypto.createHmac("sha256", sessionSecrets()[0]).update(`${purpose}:${phone}:${code}`).digest("hex");

export type IssueResult = { ok: true } | { ok: false; message: string; retryAfter?: number };

/**
 * What an issued code's SMS says: the code itself, nothing (a login code for a phone with no account:
 * the answer must not differ), or a notice in its place (a registration code for a phone that already
 * has an account: its owner learns that, nobody else does).
 */
export type Delivery = { kind: "code" } | { kind: "none" } | { kind: "notice"; text: string };

/**
 * Issues a code for `phone` and `purpose` after the rate limits (60 s between sends to a phone, daily
 * caps per phone and per IP), and delivers it as `delivery` says. The limits and the
 * stored code are the same whatever the delivery, so neither the answer nor a later check tells the
 * deliveries apart.
 */
export async function issueCode(phone: string, purpose: SmsPurpose, ip: string, delivery: Delivery = { kind: "code" }): Promise<IssueResult> {
  const t = now();
  const day = startOfShanghaiDay(t);
  const last = await db<CodeRow>("sms_codes").where({ phone, purpose }).orderBy("created_at", "desc").first();
  if (last && t - last.created_at < RESEND_GAP) {
    const wait = Math.ceil((RESEND_GAP - (t - last.created_at)) / 1000);
    return { ok: false, message: `发送过于频繁，请 ${wait} 秒后再试`, retryAfter: wait };
  }
  const [{ n: perPhone }] = await db("sms_codes").where({ phone }).where("created_at", ">=", day).count<{ n: number | string }[]>({ n: "*" });
  if (Number(perPhone) >= env.smsDailyPerPhone) return { ok: false, message: "该手机号今日获取验证码次数已达上限，请明天再试" };
  const [{ n: perIp }] = await db("sms_codes").where({ ip }).where("created_at", ">=", day).count<{ n: number | string }[]>({ n: "*" });
  if (Number(perIp) >= env.smsDailyPerIp) return { ok: false, message: "今日获取验证码次数已达上限，请明天再试" };

  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, "0");
  await db("sms_codes").insert({ phone, purpose, code_hash: hmac(phone, purpose, code), created_at: t, expires_at: t + CODE_TTL, ip });
  if (delivery.kind === "none") return { ok: true };
  if (delivery.kind === "notice") {
    await smsProvider().send(phone, delivery.text);
    return { ok: true };
  }
  await smsProvider().send(phone, `【评标专家管理系统】您的验证码为 ${code}，5 分钟内有效。如非本人操作，请忽略本短信。`);
  // Development convenience only: lets a first-time user log in without reading the outbox.
  if (env.nodeEnv === "development") console.log(`[sms] ${maskPhone(phone)} ${purpose} code ${code}`);
  return { ok: true };
}

export type CodeCheck = { ok: true } | { ok: false; message: string };

/** Checks and consumes a code (single use). Only the newest code for the phone and purpose counts. */
export function consumeCode(phone: string, purpose: SmsPurpose, code: string): Promise<CodeCheck> {
  return verifyCode(phone, purpose, code, true);
}

/**
 * Checks a code without using it up: a wrong one still counts against its 5 tries. For a journey that
 * has more to check after the code (register: the user name may be taken) and consumes it at the end,
 * so a refusal there does not cost the user a new code.
 */
export function checkCode(phone: string, purpose: SmsPurpose, code: string): Promise<CodeCheck> {
  return verifyCode(phone, purpose, code, false);
}

async function verifyCode(phone: string, purpose: SmsPurpose, code: string, consume: boolean): Promise<CodeCheck> {
  return db.transaction(async (trx) => {
    const row = await forUpdate(trx<CodeRow>("sms_codes").where({ phone, purpose }).orderBy("created_at", "desc")).first();
    if (!row || row.used_at || row.expires_at <= now()) return { ok: false as const, message: "验证码已失效，请重新获取" };
    if (row.attempts >= MAX_ATTEMPTS) return { ok: false as const, message: "验证码错误次数过多，请重新获取" };
    const a = Buffer.from(row.code_hash, "hex");
    const b = Buffer.from(hmac(phone, purpose, code), "hex");
    if (!crypto.timingSafeEqual(a, b)) {
      await trx("sms_codes").where({ id: row.id }).increment("attempts", 1);
      const left = MAX_ATTEMPTS - row.attempts - 1;
      return { ok: false as const, message: left > 0 ? `验证码错误，还可尝试 ${left} 次` : "验证码错误次数过多，请重新获取" };
    }
    if (!consume) return { ok: true as const };
    const n = rowCount(await trx("sms_codes").where({ id: row.id }).whereNull("used_at").update({ used_at: now() }));
    return n === 1 ? { ok: true as const } : { ok: false as const, message: "验证码已失效，请重新获取" };
  });
}
