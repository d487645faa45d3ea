// Administrators managing accounts: create reviewers/admins, disable/enable, change role, reset password.
// Every change is audited with before/after; disabling or resetting ends the user's sessions.
import crypto from "node:crypto";
import { db, paginate } from "~/utils/db.server";
import type { Paging } from "~/utils/paging";
import { endUserSessions } from "~/utils/session.server";
import { whereAccessible } from "~/engine/permissions/sql.server";
import type { AppAbility } from "~/engine/permissions/ability";
import { audit } from "./audit.server";
import { createUser, findUserById, setPassword, updateUser, identityTaken, type UserRow } from "./users.server";
import { type Role } from "~/engine/constants";
import { AUDIT_ACTION, USER_STATUS, type UserStatus } from "./constants";

type Actor = { id: number; name: string };

/** A one-time password that meets the policy (upper, lower, digit, symbol). */
export const temporaryPassword = () => `${crypto.randomBytes(9).toString("base64url")}Aa1!`;

export function listUsers(ability: AppAbility, opts: { q?: string; role?: string } & Paging) {
  const q = whereAccessible(db("users").select("id", "username", "name", "phone", "email", "role", "status", "created_at"), ability, "read", "User");
  if (opts.role) q.where("role", opts.role);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereRaw("username like ? escape '\\'", [like]).orWhereRaw("name like ? escape '\\'", [like]).orWhereRaw("phone like ? escape '\\'", [like]));
  }
  return paginate<Omit<UserRow, "password_hash">>(q, opts);
}

export async function createStaff(actor: Actor, input: { username: string; name: string; phone: string; role: Role }, ip: string) {
  const taken = await identityTaken(input.username, input.phone);
  if (taken.username) return { ok: false as const, errors: { username: "该用户名已被使用" } };
  if (taken.phone) return { ok: false as const, errors: { phone: "该手机号已被使用" } };
  const password = temporaryPassword();
  const id = await createUser({ ...input, password, mustChangePassword: true });
  await audit({ action: AUDIT_ACTION.userCreate, actor, ip, target: { type: "User", id }, detail: { after: { username: input.username, role: input.role } } });
  return { ok: true as const, id, password };
}

export async function setStatus(actor: Actor, userId: number, status: UserStatus, ip: string) {
  const before = await findUserById(userId);
  if (!before) return false;
  await updateUser(userId, { status });
  if (status === USER_STATUS.disabled) await endUserSessions(userId);
  await audit({
    action: status === USER_STATUS.disabled ? AUDIT_ACTION.userDisable : AUDIT_ACTION.userEnable, actor, ip,
    target: { type: "User", id: userId }, detail: { before: before.status, after: status },
  });
  return true;
}

export async function setRole(actor: Actor, userId: number, role: Role, ip: string) {
  const before = await findUserById(userId);
  if (!before) return false;
  await updateUser(userId, { role });
  await endUserSessions(userId); // a new role takes effect at the next login, with fresh abilities
  await audit({ action: AUDIT_ACTION.roleChange, actor, ip, target: { type: "User", id: userId }, detail: { before: before.role, after: role } });
  return true;
}

export async function resetPassword(actor: Actor, userId: number, ip: string) {
  if (!(await findUserById(userId))) return null;
  const password = temporaryPassword();
  await setPassword(userId, password, true);
  await endUserSessions(userId);
  await audit({ action: AUDIT_ACTION.passwordReset, actor, ip, target: { type: "User", id: userId } });
  return password;
}
