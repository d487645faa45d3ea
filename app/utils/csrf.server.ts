// CSRF: a random token in an HttpOnly cookie, echoed in a hidden form field (double submit), plus an
// Origin check. Every state-changing request goes through verifyCsrf (readForm does it).
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env, sessionSecrets } from "./env.server";
import { httpError, type RequestHead } from "./http.server";
import { rememberingParse } from "./signed-cookie.server";

const csrfCookie = createCookie("csrf", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  path: "/",
  secrets: sessionSecrets(),
});
const readCsrfCookie = rememberingParse(csrfCookie);

/** The token for this browser, and a Set-Cookie header when a new one had to be made. */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = await readCsrfCookie(request.headers.get("cookie"));
  if (typeof existing === "string" && existing.length === 43) return { token: existing };
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, setCookie: await csrfCookie.serialize(token) };
}

export async function verifyCsrf(request: RequestHead, submitted: string): Promise<void> {
  const origin = request.headers.get("origin");
  // `Origin: null` (sandboxed frames, file: pages) is foreign too, as in the server's Origin gate.
  if (origin) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch {
      /* a malformed Origin is treated as foreign */
    }
    if (host && originHost !== host) throw httpError(403, "请求来源无效，请刷新页面后重试");
  }
  const expected = await readCsrfCookie(request.headers.get("cookie"));
  const a = Buffer.from(String(expected ?? ""));
  const b = Buffer.from(submitted);
  if (!expected || a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
    throw httpError(403, "页面已过期或请求无效，请刷新页面后重试");
  }
}
