// 忘记密码 (issue 19): a code sent to the account's phone (purpose reset_password, sent only when the phone
// has an account, under the same throttles as every SMS code), then a new password by the policy; every
// session of the user ends and the reset is audited. Answers never tell whether the phone has an account.
import { normalizeCnMobile } from "~/engine/forms/formats";
import { consumeCode } from "~/models/sms-codes.server";
import { findUserByPhone, setPassword } from "~/models/users.server";
import { audit } from "~/models/audit.server";
import { overLimit } from "~/models/login-throttle.server";
import { endUserSessions } from "~/utils/session.server";
import { MINUTE } from "~/utils/clock.server";
import { AUDIT_ACTION, AUDIT_OUTCOME, SMS_PURPOSE, USER_STATUS } from "~/models/constants";

/** Reset attempts (those that reach the code check) per client IP per window. */
export const RESET_PER_IP = 10;
export const RESET_WINDOW = 10 * MINUTE;

export type ResetResult = { ok: true } | { ok: false; status: number; errors: Record<string, string> };

/**
 * Sets `password` (already checked against the policy by the caller) for the active account whose phone
 * is `typedPhone`, if `code` is that phone's current 忘记密码 code. A wrong, expired or used code answers
 * the code's own reason, the same for every phone (a phone without an account never gets a code, so its
 * only answers are these). Errors: 429 past RESET_PER_IP attempts per window, 400 for a refused code.
 */
export async function resetPasswordBySms(typedPhone: string, code: string, password: string, ip: string): Promise<ResetResult> {
  const phone = normalizeCnMobile(typedPhone);
  if (await overLimit("reset", ip, RESET_PER_IP, RESET_WINDOW)) return { ok: false, status: 429, errors: { code: "操作过于频繁，请稍后再试" } };
  const checked = await consumeCode(phone, SMS_PURPOSE.resetPassword, code);
  const user = checked.ok ? await findUserByPhone(phone) : undefined;
  if (!checked.ok || !user || user.status !== USER_STATUS.active) {
    // A disabled account's owner holds the code but may not sign in: told as an invalid code, audited.
    if (checked.ok && user) await audit({ action: AUDIT_ACTION.passwordForgot, actor: user, ip, outcome: AUDIT_OUTCOME.denied, target: { type: "User", id: user.id } });
    return { ok: false, status: 400, errors: { code: checked.ok ? "验证码已失效，请重新获取" : checked.message } };
  }
  await setPassword(user.id, password);
  await endUserSessions(user.id);
  await audit({ action: AUDIT_ACTION.passwordForgot, actor: user, ip, target: { type: "User", id: user.id }, detail: { method: "sms" } });
  return { ok: true };
}
