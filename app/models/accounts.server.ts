// Account journeys that touch several tables: register, the two ways to log in, password change.
// Failures never reveal whether an account exists.
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { now, MINUTE } from "~/utils/clock.server";
import { verifyPassword, burnPasswordTime } from "~/utils/password.server";
import { endUserSessions } from "~/utils/session.server";
import { audit } from "./audit.server";
import { isLocked, recordFailure, clearFailures, throttleKey } from "./login-throttle.server";
import { consumeCode, issueCode, type IssueResult } from "./sms-codes.server";
import { createUser, findUserByPhone, findUserByUsername, identityTaken, setPassword, findUserById } from "./users.server";
import { AUDIT_ACTION, AUDIT_OUTCOME, ROLE, SMS_PURPOSE, USER_STATUS, type SmsPurpose } from "~/engine/constants";

export const MSG = {
  badCredentials: "用户名或密码错误",
  badPhoneLogin: "手机号或验证码错误",
  locked: "登录失败次数过多，账户已锁定，请 15 分钟后再试",
  tooFast: "操作过于频繁，请稍后再试",
} as const;

type LoginResult = { ok: true; userId: number } | { ok: false; message: string; status: number };

/** Per-IP brake on login attempts, counted from the audit log (no extra table to keep in step). */
async function ipTooFast(ip: string): Promise<boolean> {
  const [{ n }] = await db("audit_log")
    .where({ action: AUDIT_ACTION.loginFailure, ip })
    .where("at", ">", now() - MINUTE)
    .count<{ n: number | string }[]>({ n: "*" });
  return Number(n) >= env.loginPerIpPerMinute;
}

async function fail(key: string, ip: string, method: string, userId?: number): Promise<LoginResult> {
  const locked = await recordFailure(key);
  await audit({ action: AUDIT_ACTION.loginFailure, ip, outcome: AUDIT_OUTCOME.failed, target: userId ? { type: "User", id: userId } : undefined, detail: { method } });
  if (locked) await audit({ action: AUDIT_ACTION.lockout, ip, outcome: AUDIT_OUTCOME.denied, target: userId ? { type: "User", id: userId } : undefined, detail: { method } });
  return { ok: false, status: 401, message: locked ? MSG.locked : method === "sms" ? MSG.badPhoneLogin : MSG.badCredentials };
}

async function succeed(key: string, ip: string, user: { id: number; name: string }, method: string): Promise<LoginResult> {
  await clearFailures(key);
  await audit({ action: AUDIT_ACTION.loginSuccess, actor: user, ip, target: { type: "User", id: user.id }, detail: { method } });
  return { ok: true, userId: user.id };
}

export async function passwordLogin(username: string, password: string, ip: string): Promise<LoginResult> {
  if (await ipTooFast(ip)) return { ok: false, status: 429, message: MSG.tooFast };
  const key = throttleKey("u", username);
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

export async function smsLogin(phone: string, code: string, ip: string): Promise<LoginResult> {
  if (await ipTooFast(ip)) return { ok: false, status: 429, message: MSG.tooFast };
  const key = throttleKey("p", phone);
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

/**
 * Sends a code. Login codes are issued the same way for unknown phones (only the SMS is skipped),
 * so neither the answer nor the later check tells whether the phone has an account.
 */
export async function requestCode(phone: string, purpose: SmsPurpose, ip: string): Promise<IssueResult> {
  if (purpose === SMS_PURPOSE.register || purpose === SMS_PURPOSE.changePhone) {
    if (await findUserByPhone(phone)) return { ok: false, message: "该手机号已注册" };
  }
  if (purpose === SMS_PURPOSE.login && !(await findUserByPhone(phone))) {
    return issueCode(phone, purpose, ip, { deliver: false });
  }
  return issueCode(phone, purpose, ip);
}

export type RegisterInput = { username: string; password: string; name: string; phone: string; code: string };

export async function register(input: RegisterInput, ip: string): Promise<{ ok: true; userId: number } | { ok: false; errors: Record<string, string> }> {
  const taken = await identityTaken(input.username, input.phone);
  if (taken.username) return { ok: false, errors: { username: "该用户名已被使用" } };
  if (taken.phone) return { ok: false, errors: { phone: "该手机号已注册，请直接登录" } };
  const checked = await consumeCode(input.phone, SMS_PURPOSE.register, input.code);
  if (!checked.ok) return { ok: false, errors: { code: checked.message } };
  try {
    const userId = await createUser({ ...input, role: ROLE.expert });
    await audit({ action: AUDIT_ACTION.register, actor: { id: userId, name: input.name }, ip, target: { type: "User", id: userId } });
    return { ok: true, userId };
  } catch {
    // A concurrent registration took the name or phone between the check and the insert.
    return { ok: false, errors: { username: "该用户名或手机号已被使用" } };
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
