// 基本资料 updates: name and email directly; a new phone only with a code sent to that phone.
import { db } from "~/utils/db.server";
import { audit } from "./audit.server";
import { consumeCode } from "./sms-codes.server";
import { findUserById, findUserByPhone, updateUser } from "./users.server";
import { AUDIT_ACTION, SMS_PURPOSE } from "./constants";
import { normalizeCnMobile as normalizePhone, normalizeEmail } from "~/engine/forms/formats";

export async function updateBasics(userId: number, typed: { name: string; email: string | null }, ip: string) {
  const patch = { ...typed, email: typed.email && normalizeEmail(typed.email) }; // domain in lower case (issue 14 §5)
  const before = await findUserById(userId);
  if (!before) return;
  await db.transaction(async (trx) => {
    await updateUser(userId, patch, trx);
    await audit({
      action: AUDIT_ACTION.profileUpdate, actor: { id: userId, name: patch.name }, ip, target: { type: "User", id: userId },
      detail: { before: { name: before.name, email: before.email }, after: patch },
    }, trx);
  });
}

export async function changePhone(userId: number, typedPhone: string, code: string, ip: string): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const newPhone = normalizePhone(typedPhone); // as sms.send stored the code, and as every phone is stored
  const user = await findUserById(userId);
  if (!user) return { ok: false, errors: { newPhone: "账号不存在" } };
  if (user.phone === newPhone) return { ok: false, errors: { newPhone: "新手机号与当前手机号相同" } };
  // The code first: only whoever holds the new phone learns that it is taken (a registered phone is
  // sent a notice, never a code, so a stranger probing phones only ever hears "验证码错误").
  const checked = await consumeCode(newPhone, SMS_PURPOSE.changePhone, code);
  if (!checked.ok) return { ok: false, errors: { code: checked.message } };
  if (await findUserByPhone(newPhone)) return { ok: false, errors: { newPhone: "该手机号已被其他账号使用" } };
  try {
    await updateUser(userId, { phone: newPhone });
  } catch {
    return { ok: false, errors: { newPhone: "该手机号已被其他账号使用" } };
  }
  await audit({ action: AUDIT_ACTION.phoneChange, actor: user, ip, target: { type: "User", id: userId }, detail: { before: user.phone.slice(-4), after: newPhone.slice(-4) } });
  return { ok: true };
}
