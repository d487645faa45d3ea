// Account journeys that touch several tables: register, the two ways to log in, password change.
// Failures never reveal whether an account exists.
import { normalizeCnMobile as normalizePhone } from "~/engine/forms/formats";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { now, MINUTE } from "~/utils/clock.server";
import { verifyPassword, burnPasswordTime } from "~/utils/password.server";
import { endUserSessions } from "~/utils/session.server";
import { audit } from "./audit.server";
import { isLocked, recordFailure, clearFailures, throttleKeys, overLimit, type ThrottleKeys } from "./login-throttle.server";
import { checkCode, consumeCode, issueCode, type IssueResult } from "./sms-codes.server";
import { createUser, findUserByPhone, findUserByUsername, identityTaken, setPassword, findUserById } from "./users.server";
import { ROLE } from "~/engine/constants";
import { AUDIT_ACTION, AUDIT_OUTCOME, SMS_PURPOSE, USER_STATUS, type SmsPurpose } from "./constants";

export const MSG = {
  badCredentials: "用户名或密码错误",
  badPhoneLogin: "手机号或验证码错误",
  // The lock holds for this client (decision 0010): the owner elsewhere, or by SMS, still gets in.
  locked: "登录失败次数过多，本设备已暂停登录此账号，请 15 分钟后再试，或使用手机号验证码登录",
  tooFast: "操作过于频繁，请稍后再试",
} as const;

/** A login's outcome; a refusal says how long (ms) the account's slow-down held the answer back (0: not at all). */
type LoginResult = { ok: true; userId: number } | { ok: false; message: string; status: number; brakeMs?: number };

/** Per-IP brake on login attempts, counted from the audit log (no extra table to keep in step). */
async function ipTooFast(ip: string): Promise<boolean> {
  const [{ n }] = await db("audit_log")
    .where({ action: AUDIT_ACTION.loginFailure, ip })
    .where("at", ">", now() - MINUTE)
    .count<{ n: number | string }[]>({ n: "*" });
  return Number(n) >= env.loginPerIpPerMinute;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts a failure for the (account, client) pair and the account, audits it (and a pair lock), and
 * answers after the account's slow-down delay: an account many clients are guessing at answers their
 * failures ever more slowly, while the owner's correct password is answered at once.
 */
async function fail(keys: ThrottleKeys, ip: string, method: string, userId?: number): Promise<LoginResult> {
  const { locked, accountFailures, delayMs } = await recordFailure(keys);
  const target = userId ? { type: "User", id: userId } : undefined;
  await audit({ action: AUDIT_ACTION.loginFailure, ip, outcome: AUDIT_OUTCOME.failed, target, detail: { method, accountFailures } });
  if (locked) await audit({ action: AUDIT_ACTION.lockout, ip, outcome: AUDIT_OUTCOME.denied, target, detail: { method, scope: "client" } });
  if (delayMs) await sleep(delayMs);
  return { ok: false, status: 401, message: locked ? MSG.locked : method === "sms" ? MSG.badPhoneLogin : MSG.badCredentials, brakeMs: delayMs };
}

async function succeed(keys: ThrottleKeys, ip: string, user: { id: number; name: string }, method: string): Promise<LoginResult> {
  await clearFailures(keys);
  await audit({ action: AUDIT_ACTION.loginSuccess, actor: user, ip, target: { type: "User", id: user.id }, detail: { method } });
  return { ok: true, userId: user.id };
}

export async function passwordLogin(username: string, password: string, ip: string): Promise<LoginResult> {
  if (await ipTooFast(ip)) return { ok: false, status: 429, message: MSG.tooFast };
  const key = throttleKeys("u", username, ip);
  if (await isLocked(key)) {
    await audit({ action: AUDIT_ACTION.loginFailure, ip, outcome: AUDIT_OUTCOME.denied, detail: { method: "password", reason: "locked" } });
    return { ok: false, status: 429, message: MSG.locked };
  }
  const user = await findUserByUsername(username);
  if (!user) {
    await burnPasswordTime(password);
    return fail(key, ip, "password");
  }
  const ok = await verifyPassword(password, user.password_hash);
  if (!ok || user.status !== USER_STATUS.active) return fail(key, ip, "password", user.id);
  return succeed(key, ip, user, "password");
}

export async function smsLogin(typedPhone: string, code: string, ip: string): Promise<LoginResult> {
  const phone = normalizePhone(typedPhone); // one spelling per phone for the code, the throttle and the lookup
  if (await ipTooFast(ip)) return { ok: false, status: 429, message: MSG.tooFast };
  const key = throttleKeys("p", phone, ip);
  if (await isLocked(key)) return { ok: false, status: 429, message: MSG.locked };
  const checked = await consumeCode(phone, SMS_PURPOSE.login, code);
  const user = await findUserByPhone(phone);
  if (!checked.ok || !user || user.status !== USER_STATUS.active) {
    const r = await fail(key, ip, "sms", user?.id);
    // The code's own reason (expired, wrong, too many tries) is the same for every phone, so it is safe to show.
    return !r.ok && r.message !== MSG.locked && !checked.ok ? { ...r, message: checked.message } : r;
  }
  return succeed(key, ip, user, "sms");
}

/** The SMS a phone that already has an account receives instead of a registration or phone-change code. */
export const REGISTERED_NOTICE =
  "【评标专家管理系统】有人正在用本手机号注册或绑定账号，但本手机号已注册。如是您本人，请直接登录（可用手机号验证码登录）；如非本人操作，请忽略本短信。";

/**
 * Code requests per client IP per minute, whatever the phone: the daily caps alone let a script probe 40
 * phones in half a second (issue 14 §3); a person asks for one or two codes a minute.
 */
export const SMS_PER_IP_PER_MINUTE = 5;

/**
 * Sends a code. Every purpose answers the same way whether or not the phone has an account (issue 14
 * §3: no enumeration), under the same rate limits, and stores a code either way, so a later wrong-code
 * answer does not differ either. Only the SMS differs: a login code is not sent to a phone with no
 * account; a registration or phone-change code is replaced by a notice for a phone that has one. A
 * 忘记密码 code, like a login code, goes only to a phone with an account.
 */
export async function requestCode(typedPhone: string, purpose: SmsPurpose, ip: string): Promise<IssueResult> {
  const phone = normalizePhone(typedPhone);
  if (await overLimit("sms", ip, SMS_PER_IP_PER_MINUTE, MINUTE)) return { ok: false, message: "获取验证码过于频繁，请 60 秒后再试", retryAfter: 60 };
  const registered = Boolean(await findUserByPhone(phone));
  if (purpose === SMS_PURPOSE.login || purpose === SMS_PURPOSE.resetPassword) return issueCode(phone, purpose, ip, registered ? { kind: "code" } : { kind: "none" });
  return issueCode(phone, purpose, ip, registered ? { kind: "notice", text: REGISTERED_NOTICE } : { kind: "code" });
}

/** Registration attempts (those that reach the code check) per client IP per window. */
export const REGISTER_PER_IP = 10;
export const REGISTER_WINDOW = 10 * MINUTE;

export type RegisterInput = { username: string; password: string; name: string; phone: string; code: string };
export type RegisterResult = { ok: true; userId: number } | { ok: false; status: number; errors: Record<string, string> };

/**
 * Creates an expert account. The SMS code is checked first (issue 14 §3): without the phone's code
 * nobody learns whether a user name or phone is taken. A taken name is reported with the code still
 * valid (it is consumed only when the account is made), so the user picks another without a new code.
 * A taken phone can only be reached with its code, which was never sent (requestCode sends a notice).
 */
export async function register(typed: RegisterInput, ip: string): Promise<RegisterResult> {
  const input = { ...typed, phone: normalizePhone(typed.phone) }; // stored, and the code looked up, canonical
  if (await overLimit("reg", ip, REGISTER_PER_IP, REGISTER_WINDOW)) return { ok: false, status: 429, errors: { code: MSG.tooFast } };
  const checked = await checkCode(input.phone, SMS_PURPOSE.register, input.code);
  if (!checked.ok) return { ok: false, status: 400, errors: { code: checked.message } };
  const taken = await identityTaken(input.username, input.phone);
  if (taken.phone) return { ok: false, status: 400, errors: { phone: "该手机号已注册，请直接登录" } };
  if (taken.username) return { ok: false, status: 400, errors: { username: "该用户名已被使用" } };
  const consumed = await consumeCode(input.phone, SMS_PURPOSE.register, input.code);
  if (!consumed.ok) return { ok: false, status: 400, errors: { code: consumed.message } };
  try {
    const userId = await createUser({ ...input, role: ROLE.expert });
    await audit({ action: AUDIT_ACTION.register, actor: { id: userId, name: input.name }, ip, target: { type: "User", id: userId } });
    return { ok: true, userId };
  } catch {
    // A concurrent registration took the name or phone between the check and the insert.
    return { ok: false, status: 400, errors: { username: "该用户名或手机号已被使用" } };
  }
}

export async function changePassword(userId: number, sessionId: string, oldPassword: string, newPassword: string, ip: string) {
  const user = await findUserById(userId);
  if (!user || !(await verifyPassword(oldPassword, user.password_hash))) {
    await audit({ action: AUDIT_ACTION.passwordChange, actor: user ?? null, ip, outcome: AUDIT_OUTCOME.failed, target: { type: "User", id: userId } });
    return { ok: false as const, errors: { oldPassword: "原密码不正确" } };
  }
  if (oldPassword === newPassword) return { ok: false as const, errors: { newPassword: "新密码不能与原密码相同" } };
  await setPassword(userId, newPassword);
  await endUserSessions(userId, sessionId);
  await audit({ action: AUDIT_ACTION.passwordChange, actor: user, ip, target: { type: "User", id: userId } });
  return { ok: true as const };
}
