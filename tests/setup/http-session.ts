// A signed-in session over plain HTTP (fetch, no browser) for load runs: benchmarks, the crash test and
// the soak. Cookies are kept in a jar; the CSRF token is the one the sign-in page carried.
import { createUser } from "~/models/users.server";
import { draftPath } from "~/utils/plain-paths";
import { VALID_SAMPLES } from "../fixtures/form-samples";

export type HttpSession = {
  /** The Cookie header value for the next request. */
  cookie(): string;
  csrf: string;
  /** A form POST (urlencoded, CSRF token added) that keeps the cookies it is given; no redirects followed. */
  post(path: string, fields: Record<string, string>): Promise<Response>;
};

/**
 * Signs in by 账号密码登录 at `base` (e.g. http://127.0.0.1:3000).
 * @throws Error when the sign-in is refused (anything but the 302 to the home page).
 */
export async function signIn(base: string, username: string, password: string): Promise<HttpSession> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await fetch(`${base}/login`);
  remember(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const post = async (path: string, fields: Record<string, string>) => {
    const res = await fetch(base + path, { method: "POST", redirect: "manual", headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, ...fields }) });
    remember(res);
    return res;
  };
  const res = await post("/login", { mode: "password", username, password });
  if (res.status !== 302) throw new Error(`sign-in as ${username} refused: ${res.status}`);
  return { cookie, csrf, post };
}

const PASSWORD = "Bench#Pass2025";

/**
 * A new expert account (`n` makes it unique within this process), signed in, with an application
 * started in the first batch. Creates the account through the database this process has open.
 * Returns the Cookie header (as it stood after the start), CSRF token, user id and application id.
 * @throws Error when the sign-in or the start is refused.
 */
export async function expertSession(base: string, n: number) {
  const username = `bench${process.pid}x${n}`;
  const id = await createUser({ username, password: PASSWORD, name: `基准专家${n}`, phone: `136${String(process.pid % 10000).padStart(4, "0")}${String(n).padStart(4, "0")}`, role: "expert" });
  const s = await signIn(base, username, PASSWORD);
  const batchId = String((await (await import("~/utils/db.server")).db("batches").first("id")).id);
  const started = await s.post("/apply?index", { intent: "start", batchId });
  const appId = Number(/\/apply\/(\d+)/.exec(started.headers.get("location") ?? "")?.[1]);
  if (!appId) throw new Error(`could not start an application: ${started.status}`);
  return { userId: id, cookie: s.cookie(), csrf: s.csrf, appId };
}

/** A valid 基本信息 draft (without its uploads) whose 职务 is 职务`n`. */
export const draftData = (n: number) => ({ ...VALID_SAMPLES["expert-basic-info"], photo: undefined, idCardFront: undefined, position: `职务${n}` });

/**
 * A 暂存 of 基本信息 as the load runs send it (benchmarks, the soak, the crash and scale tests): POST
 * /apply/:id/draft, urlencoded, with a valid draft whose 职务 is 职务`n`, so each save differs and the
 * stored one tells which save it was (`savedCounter`). Returns the path, headers and body of the request.
 */
export function draftRequest(s: { appId: number; cookie: string; csrf: string }, n: number) {
  const data = JSON.stringify({ "expert-basic-info": draftData(n) });
  return {
    path: draftPath(s.appId),
    headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: s.csrf, intent: "save", step: "basic-info", data }).toString(),
  };
}

/**
 * The `n` of the 职务`n` a stored 基本信息 draft holds, or -1 when there is none. `data` is the row's
 * form_submissions.data: text on SQLite, possibly already parsed on PostgreSQL.
 */
export function savedCounter(data: unknown): number {
  const text = typeof data === "string" ? data : JSON.stringify(data ?? "");
  return Number(/"position":"职务(\d+)"/.exec(text)?.[1] ?? -1);
}

/** Sends `draftRequest(s, n)` to `base`; the answer's status once its whole body arrived. */
export async function sendDraft(base: string, s: { appId: number; cookie: string; csrf: string }, n: number): Promise<number> {
  const { path, headers, body } = draftRequest(s, n);
  const res = await fetch(base + path, { method: "POST", headers, body });
  await res.arrayBuffer();
  return res.status;
}
