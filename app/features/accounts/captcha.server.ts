// 图形验证码 before an SMS code (issue 19): once a client has asked for a few codes, /sms/send wants an
// image challenge solved first, which slows SMS bombing from one client. The image is drawn by
// svg-captcha (its own bundled font, no network); only an HMAC of the answer is stored; each challenge is
// single use, expires, and can be spent only by the client it was drawn for.
import crypto from "node:crypto";
import { db, rowCount } from "~/utils/db.server";
import { sessionSecrets } from "~/utils/env.server";
import { now, HOUR, MINUTE } from "~/utils/clock.server";
import { overLimit } from "~/models/login-throttle.server";

/** SMS code requests a client may make per hour before each further one needs a solved challenge. */
export const CODES_BEFORE_CAPTCHA = 3;
/** How long a drawn challenge can be answered. */
export const CAPTCHA_TTL = 5 * MINUTE;
/** Challenges one client may draw per 10 minutes (each is a row and some CPU). */
export const CAPTCHAS_PER_CLIENT = 30;

/**
 * What is stored for challenge `id` with `answer`: an HMAC (session secret) of the answer in lower case, so
 * the database holds no answer. Exported for tests that plant a known answer on a drawn challenge.
 */
export const captchaAnswerHash = (id: string, answer: string) =>
  crypto.createHmac("sha256", sessionSecrets()[0]).update(`captcha:${id}:${answer.trim().toLowerCase()}`).digest("hex");

/**
 * Stores a challenge whose answer is `answer` for client `ip` and returns its id (32 hex characters).
 * drawCaptcha calls it with the drawn text; tests call it to plant a challenge with a known answer.
 */
export async function storeCaptcha(answer: string, ip: string): Promise<string> {
  const id = crypto.randomBytes(16).toString("hex");
  const t = now();
  // Spent and expired challenges are of no further use: clear them as new ones are drawn.
  await db("captchas").where("expires_at", "<", t - HOUR).delete();
  await db("captchas").insert({ id, answer_hash: captchaAnswerHash(id, answer), ip: ip.slice(0, 64), created_at: t, expires_at: t + CAPTCHA_TTL });
  return id;
}

/**
 * Draws a new challenge for client `ip`: `{ id, svg }` (the SVG draws the characters as paths, so the
 * answer is not in the markup), or null when the client has drawn CAPTCHAS_PER_CLIENT in 10 minutes.
 */
export async function drawCaptcha(ip: string): Promise<{ id: string; svg: string } | null> {
  if (await overLimit("captcha", ip, CAPTCHAS_PER_CLIENT, 10 * MINUTE)) return null;
  // Characters people do not confuse: no 0/O/o, 1/l/I/i.
  // svg-captcha (and the font it draws with) loads with the first challenge: most servers never draw one.
  const { default: svgCaptcha } = await import("svg-captcha");
  const { text, data } = svgCaptcha.create({ size: 4, ignoreChars: "0oO1lIiqg9", noise: 2, color: true, width: 120, height: 40, background: "#f5f7fa" });
  return { id: await storeCaptcha(text, ip), svg: data };
}

/**
 * True when client `ip` must solve a challenge before this SMS code request: it has already asked for
 * CODES_BEFORE_CAPTCHA codes this hour. Counts the request (an atomic counter, so a burst of parallel
 * requests cannot all slip under it).
 */
export function captchaRequired(ip: string): Promise<boolean> {
  return overLimit("sms-captcha", ip, CODES_BEFORE_CAPTCHA, HOUR);
}

/**
 * Spends challenge `id` with `answer` (case-insensitive) for client `ip`: true when it was unspent,
 * unexpired, drawn for this client and answered right. A challenge is spent by any attempt, right or
 * wrong, so each image allows one guess.
 */
export async function spendCaptcha(id: string, answer: string, ip: string): Promise<boolean> {
  if (!/^[0-9a-f]{32}$/.test(id) || !answer) return false;
  const t = now();
  const row = await db<{ id: string; answer_hash: string; ip: string; expires_at: number }>("captchas").where({ id }).whereNull("used_at").first();
  if (!row) return false;
  const claimed = rowCount(await db("captchas").where({ id }).whereNull("used_at").update({ used_at: t }));
  if (claimed !== 1 || Number(row.expires_at) <= t || row.ip !== ip.slice(0, 64)) return false;
  return crypto.timingSafeEqual(Buffer.from(row.answer_hash, "hex"), Buffer.from(captchaAnswerHash(id, answer.slice(0, 10)), "hex"));
}
