// Server-side sessions: a random token in a signed HttpOnly cookie, its sha256 as the row id.
// Idle timeout 30 min, absolute 12 h; a new token at every login; rows die on logout, password change, disable.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { db, reader } from "./db.server";
import { env, sessionSecrets } from "./env.server";
import { now, MINUTE, HOUR } from "./clock.server";
import type { RequestHead } from "./http.server";
import { rememberingParse } from "./signed-cookie.server";

export const IDLE_TIMEOUT = 30 * MINUTE;
export const ABSOLUTE_TIMEOUT = 12 * HOUR;
const TOUCH_EVERY = MINUTE; // avoid a write on every request

const sessionCookie = createCookie("sid", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  path: "/",
  secrets: sessionSecrets(),
});
const readSessionCookie = rememberingParse(sessionCookie);

export type SessionRow = { id: string; user_id: number; created_at: number; last_seen_at: number; expires_at: number; ip: string | null };

const digest = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

async function tokenOf(request: RequestHead): Promise<string | null> {
  const v = await readSessionCookie(request.headers.get("cookie"));
  return typeof v === "string" && v.length === 43 ? v : null;
}

/** Starts a session for the user, ending the one the request carried (rotation); returns Set-Cookie. */
export async function startSession(request: Request, userId: number, ip: string): Promise<string> {
  const old = await tokenOf(request);
  if (old) await db("sessions").where({ id: digest(old) }).delete();
  const token = crypto.randomBytes(32).toString("base64url");
  const t = now();
  await db("sessions").insert({ id: digest(token), user_id: userId, created_at: t, last_seen_at: t, expires_at: t + ABSOLUTE_TIMEOUT, ip });
  return sessionCookie.serialize(token, { maxAge: ABSOLUTE_TIMEOUT / 1000 });
}

/** The live session of the request, or null; expired rows are deleted on sight. */
export async function readSession(request: Request): Promise<SessionRow | null> {
  return (await readSessionWith(request, []))?.session ?? null;
}

/**
 * The live session and, in the same query, columns of its user (`u.*` names) — one round trip for the
 * check every request makes.
 */
export async function readSessionWith<U extends object>(request: RequestHead, userColumns: string[]): Promise<{ session: SessionRow; user: U | null } | null> {
  const token = await tokenOf(request);
  if (!token) return null;
  const row = await reader("sessions as s")
    .leftJoin("users as u", "u.id", "s.user_id")
    .where("s.id", digest(token))
    .first(["s.id", "s.user_id", "s.created_at", "s.last_seen_at", "s.expires_at", "s.ip", ...userColumns.map((c) => `u.${c} as u__${c}`)]);
  if (!row) return null;
  const session: SessionRow = { id: row.id, user_id: row.user_id, created_at: row.created_at, last_seen_at: row.last_seen_at, expires_at: row.expires_at, ip: row.ip };
  const t = now();
  if (t > session.expires_at || t - session.last_seen_at > IDLE_TIMEOUT) {
    await db("sessions").where({ id: session.id }).delete();
    return null;
  }
  if (t - session.last_seen_at > TOUCH_EVERY) await db("sessions").where({ id: session.id }).update({ last_seen_at: t });
  const user = userColumns.length && row[`u__${userColumns[0]}`] != null
    ? (Object.fromEntries(userColumns.map((c) => [c, row[`u__${c}`]])) as U)
    : null;
  return { session, user };
}

export async function endSession(request: Request): Promise<string> {
  const token = await tokenOf(request);
  if (token) await db("sessions").where({ id: digest(token) }).delete();
  return sessionCookie.serialize("", { maxAge: 0 });
}

export async function endUserSessions(userId: number, exceptSessionId?: string): Promise<void> {
  const q = db("sessions").where({ user_id: userId });
  if (exceptSessionId) q.whereNot({ id: exceptSessionId });
  await q.delete();
}
