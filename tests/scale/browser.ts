// A scripted browser for `npm run test:scale`: a cookie jar and the CSRF token, talking to nginx, each
// request either left to nginx's balancing or pinned to one instance (PIN_HEADER).
import { PIN_HEADER } from "./cluster";

export type Pin = string | undefined;

/** One user's browser: cookies (session, CSRF) kept across requests, whichever instance answers them. */
export class ScaleBrowser {
  cookies = new Map<string, string>();
  csrf = "";
  constructor(readonly base: string) {}

  /** One request through nginx (`pin` names the instance, or undefined for either); redirects are not followed. */
  async fetch(pathname: string, pin: Pin, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (pin) headers.set(PIN_HEADER, pin);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(this.base + pathname, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1));
    }
    return res;
  }

  /** Opens /register (on `pin`) for the CSRF cookie and token, as a browser does before posting. */
  async prime(pin: Pin): Promise<void> {
    const html = await (await this.fetch("/register", pin)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error("no CSRF token on /register");
    this.csrf = m[1];
  }

  /** A form post with the CSRF token (field and header; `csrf` overrides it). */
  post(pathname: string, pin: Pin, fields: Record<string, string>, csrf = this.csrf): Promise<Response> {
    const body = new URLSearchParams({ _csrf: csrf, ...fields });
    return this.fetch(pathname, pin, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-csrf-token": csrf } });
  }

  /** Signs in with a password on `pin`; throws unless the server redirects (302). */
  async login(username: string, password: string, pin: Pin): Promise<void> {
    await this.prime(pin);
    const res = await this.post("/login", pin, { mode: "password", username, password });
    if (res.status !== 302) throw new Error(`login of ${username} on ${pin ?? "either instance"}: ${res.status}`);
  }
}
