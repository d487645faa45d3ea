// In-process HTTP harness: the production Remix build behind a fetch-like client with a cookie jar,
// CSRF token, client IP and the app's fake clock. Tests see exactly what a browser would get.
import type { AddressInfo } from "node:net";
import { db } from "~/utils/db.server";
import { createApp, loadBuild } from "../../server/app";

export const build = await loadBuild();
await build.entry.module.startup();
// Trusting X-Forwarded-For lets each test client have its own IP.
const server = createApp(build, { trustProxy: true }).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
server.unref();
const BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

export { db };
const g = globalThis as { __clockOffsetMs?: number };
export const clock = {
  advance(ms: number) { g.__clockOffsetMs = (g.__clockOffsetMs ?? 0) + ms; },
  reset() { g.__clockOffsetMs = 0; },
  /** Puts the server's clock at `ms` (epoch milliseconds); it runs on from there. */
  at(ms: number) { g.__clockOffsetMs = ms - Date.now(); },
};

let ipCounter = 0;

export class Client {
  cookies = new Map<string, string>();
  csrf = "";
  ip: string;
  /** `base`: another server to talk to (a started build/server.js) instead of the in-process app. */
  constructor(ip?: string, readonly base = BASE) {
    this.ip = ip ?? `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", this.ip);
    if (this.cookies.size && !headers.has("cookie")) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(this.base + pathname, { ...init, headers, redirect: "manual" }).catch((e: Error & { cause?: Error }) => {
      throw new Error(`${init.method ?? "GET"} ${pathname.slice(0, 80)}: ${e.message} (${e.cause?.message ?? "no cause"})`);
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const gone = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1));
    }
    return res;
  }

  get(pathname: string) {
    return this.fetch(pathname);
  }

  /** Loads a page to obtain the CSRF cookie and token, as a browser would before posting. */
  async prime(): Promise<this> {
    const res = await this.get("/register");
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error("no CSRF token on /register");
    this.csrf = m[1];
    return this;
  }

  post(pathname: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append("_csrf", this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    // The token goes in the X-CSRF-Token header too, as script requests (the upload widget) send it.
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (opts.csrf !== false) headers["x-csrf-token"] = this.csrf;
    return this.fetch(pathname, { method: "POST", body, headers });
  }

  get origin() {
    return this.base;
  }

  get sid() {
    return this.cookies.get("sid");
  }
}

/** The code in the newest outbox message to `phone`. */
export async function lastCode(phone: string): Promise<string> {
  const row = await db("sms_outbox").where({ phone }).orderBy("id", "desc").first();
  const m = /验证码为 (\d{6})/.exec(row?.message ?? "");
  if (!m) throw new Error(`no code sent to ${phone}`);
  return m[1];
}

export const text = async (res: Response) => res.text();
