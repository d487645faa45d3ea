// Server-side sessions: a random token in a signed HttpOnly cookie, its sha256 as the row id.
// Idle timeout 30 min, absolute 12 h; a new token at every login; rows die on logout, password change, disable.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { db } from "./db.server";
import { env, sessionSecrets } from "./env.server";
import { now, MINUTE, HOUR } from "./clock.server";

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

export type SessionRow = { id: string; user_id: number; created_at: number; last_seen_at: number; expires_at: number; ip: string | null };

const digest = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

async function tokenOf(request: Request): Promise<string | null> {
  const v = await sessionCookie.parse(request.headers.get("cookie"));
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
  const token = await tokenOf(request);
  if (!token) return null;
  const row = await db<SessionRow>("sessions").where({ id: digest(token) }).first();
  if (!row) return null;
  const t = now();
  if (t > row.expires_at || t - row.last_seen_at > IDLE_TIMEOUT) {
    await db("sessions").where({ id: row.id }).delete();
    return null;
  }
  if (t - row.last_seen_at > TOUCH_EVERY) await db("sessions").where({ id: row.id }).update({ last_seen_at: t });
  return row;
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
