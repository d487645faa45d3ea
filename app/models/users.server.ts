// Users: creation, look-ups by login identifier, profile and password updates.
import type { Knex } from "knex";
import { db } from "~/utils/db.server";
import { now } from "~/utils/clock.server";
import { hashPassword } from "~/utils/password.server";
import type { Role } from "~/engine/constants";
import type { UserStatus } from "./constants";
import { USER_STATUS } from "./constants";

export type UserRow = {
  id: number; username: string; password_hash: string; name: string; phone: string; email: string | null;
  role: Role; status: UserStatus; must_change_password: number; is_demo: number; created_at: number; updated_at: number;
};

/** What the browser may see of a user: never the hash. */
export type PublicUser = Pick<UserRow, "id" | "username" | "name" | "phone" | "email" | "role" | "status"> & {
  mustChangePassword: boolean;
};

/** The columns toPublicUser reads (the session check loads just these). */
export const USER_COLUMNS = ["id", "username", "name", "phone", "email", "role", "status", "must_change_password"];

export const toPublicUser = (u: Pick<UserRow, "id" | "username" | "name" | "phone" | "email" | "role" | "status" | "must_change_password">): PublicUser => ({
  id: u.id, username: u.username, name: u.name, phone: u.phone, email: u.email, role: u.role, status: u.status,
  mustChangePassword: Boolean(u.must_change_password),
});

export const findUserById = (id: number) => db<UserRow>("users").where({ id }).first();
export const findUserByUsername = (username: string) =>
  db<UserRow>("users").whereRaw("lower(username) = ?", [username.toLowerCase()]).first();
export const findUserByPhone = (phone: string) => db<UserRow>("users").where({ phone }).first();

export async function createUser(
  input: { username: string; password: string; name: string; phone: string; email?: string | null; role: Role; isDemo?: boolean; mustChangePassword?: boolean },
  trx: Knex | Knex.Transaction = db,
): Promise<number> {
  const t = now();
  const [row] = await trx("users")
    .insert({
      username: input.username, password_hash: await hashPassword(input.password), name: input.name, phone: input.phone,
      email: input.email ?? null, role: input.role, status: USER_STATUS.active, is_demo: input.isDemo ? 1 : 0,
      must_change_password: input.mustChangePassword ? 1 : 0, created_at: t, updated_at: t,
    })
    .returning("id");
  return typeof row === "object" ? (row as { id: number }).id : (row as number);
}

export async function setPassword(userId: number, password: string, mustChange = false, trx: Knex | Knex.Transaction = db) {
  await trx("users").where({ id: userId }).update({
    password_hash: await hashPassword(password), must_change_password: mustChange ? 1 : 0, updated_at: now(),
  });
}

export async function updateUser(userId: number, patch: Partial<Pick<UserRow, "name" | "email" | "phone" | "role" | "status">>, trx: Knex | Knex.Transaction = db) {
  await trx("users").where({ id: userId }).update({ ...patch, updated_at: now() });
}

/** True when a username or phone is already taken (case-insensitive for usernames). */
export async function identityTaken(username: string, phone: string): Promise<{ username: boolean; phone: boolean }> {
  const [u, p] = await Promise.all([findUserByUsername(username), findUserByPhone(phone)]);
  return { username: Boolean(u), phone: Boolean(p) };
}

/** Users by id, for showing names next to history entries. */
export async function findUsersByIds(ids: number[]): Promise<Map<number, Pick<UserRow, "id" | "name" | "role">>> {
  if (ids.length === 0) return new Map();
  const rows = await db<UserRow>("users").whereIn("id", ids).select("id", "name", "role");
  return new Map(rows.map((r) => [r.id, r]));
}
