// Every route of the app, read from the build's route manifest, against anonymous, expert, reviewer
// and admin (issue 3, acceptance 4). A route without a row here fails the test.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { build, Client } from "../setup/app";
import { signedIn } from "../setup/factories";
import { submittedApplication } from "../setup/applications";

type Who = "anon" | "expert" | "reviewer" | "admin";
/** A status, or "login" (302 to /login) / "home" (302 to /). */
type Expect = number | "login" | "home";
type Row = { url?: string; layout?: true; get?: Record<Who, Expect>; post?: Record<Who, Expect> };

const all = (e: Expect): Record<Who, Expect> => ({ anon: e, expert: e, reviewer: e, admin: e });
const signedInOnly = (ok: Expect): Record<Who, Expect> => ({ anon: "login", expert: ok, reviewer: ok, admin: ok });
const adminOnly: Record<Who, Expect> = { anon: "login", expert: 403, reviewer: 403, admin: 200 };

// GET = page view; POST = a valid CSRF token and an empty form (so it must be refused as bad input).
const TABLE: Record<string, Row> = {
  root: { layout: true },
  "routes/_app": { layout: true },
  "routes/_app._index": { url: "/", get: signedInOnly(200), post: all(405) },
  // Any other address: 404 inside the shell, after signing in.
  "routes/_app.$": { url: "/no-such-page", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
  "routes/_app.profile": { layout: true },
  "routes/_app.profile._index": { url: "/profile?index", get: signedInOnly(200), post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  "routes/_app.profile.password": { url: "/profile/password", get: signedInOnly(200), post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  "routes/_app.apply._index": { url: "/apply?index", get: { anon: "login", expert: 200, reviewer: 403, admin: 403 }, post: { anon: 401, expert: 400, reviewer: 403, admin: 403 } },
  // Someone else's (or no) application answers 404 to everyone, never 403 (no probing of ids).
  "routes/_app.apply.$id": { url: "/apply/999999", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: { anon: 401, expert: 404, reviewer: 404, admin: 404 } },
  "routes/_app.apply.$id.documents.$doc": { url: "/apply/999999/documents/pledge", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
  "routes/_app.review._index": { url: "/review?index", get: { anon: "login", expert: 403, reviewer: 200, admin: 200 }, post: { anon: 401, expert: 403, reviewer: 400, admin: 400 } },
  // 下一条: a redirect to the next open task of the list (here none: back to the task, with none=1).
  "routes/_app.review.next": { url: "/review/next?after=999999", get: { anon: "login", expert: 403, reviewer: 302, admin: 302 }, post: all(405) },
  "routes/_app.review.$id": { url: "/review/999999", get: { anon: "login", expert: 403, reviewer: 404, admin: 404 }, post: { anon: 401, expert: 403, reviewer: 404, admin: 404 } },
  // 我的培训 and its pages: the expert's own enrolments (an administrator's list is empty; reviewers have none).
  "routes/_app.training._index": { url: "/training?index", get: { anon: "login", expert: 200, reviewer: 403, admin: 200 }, post: all(405) },
  "routes/_app.training.$id._index": { url: "/training/999999?index", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
  "routes/_app.training.$id.pay": { url: "/training/999999/pay", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  // 课程内容 (an unknown batch: 404 to the administrator) and its streamed lesson upload (multipart only).
  "routes/_app.admin.batches.$id_.courses": { url: "/admin/batches/999999/courses", get: { anon: "login", expert: 403, reviewer: 403, admin: 404 }, post: { anon: 401, expert: 403, reviewer: 403, admin: 404 } },
  "routes/_app.admin.batches.$id_.courses_.upload": { url: "/admin/batches/999999/courses/upload", get: all(405), post: { anon: 401, expert: 403, reviewer: 403, admin: 404 } },
  // A lesson's media: only to the enrolment's owner (or an administrator); an unknown one is 404 to all.
  "routes/training.$id.lessons.$lessonId.media": { url: "/training/999999/lessons/1/media", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
  // 考试 of an enrolment: someone else's (or none) is 404 to everyone; an empty form has no intent.
  "routes/_app.training.$id.exam": { url: "/training/999999/exam", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  // 考试设置 of a batch (administrators): a batch that does not exist is 404; the template a resource route.
  "routes/_app.admin.batches.$id_.exam": { url: "/admin/batches/999999/exam", get: { anon: "login", expert: 403, reviewer: 403, admin: 404 }, post: { anon: 401, expert: 403, reviewer: 403, admin: 404 } },
  "routes/_app.admin.batches.$id_.exam_.template": { url: "/admin/batches/999999/exam/template", get: { anon: "login", expert: 403, reviewer: 403, admin: 404 }, post: all(405) },
  "routes/_app.admin.training": { url: "/admin/training", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  // 专家证书: the expert's own (administrators have none: 待生成; reviewers have no such page), its files.
  "routes/_app.certificate._index": { url: "/certificate?index", get: { anon: "login", expert: 200, reviewer: 403, admin: 200 }, post: all(405) },
  "routes/_app.certificate.$file": { url: "/certificate/pdf", get: { anon: "login", expert: 404, reviewer: 403, admin: 404 }, post: all(405) },
  // 个人信息变更: the expert's own pool record (others have no such page); a change-record history that does not exist is 404 to all.
  "routes/_app.changes": { url: "/changes", get: { anon: "login", expert: 200, reviewer: 403, admin: 403 }, post: { anon: 401, expert: 400, reviewer: 403, admin: 403 } },
  "routes/_app.pool.$id.history": { url: "/pool/999999/history", get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
  // 专家库: staff only (an expert's own record is on 个人信息变更); a reviewer sees their regions' experts.
  "routes/_app.pool._index": { url: "/pool?index", get: { anon: "login", expert: 403, reviewer: 200, admin: 200 }, post: all(405) },
  "routes/_app.admin.certificates": { url: "/admin/certificates", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  // The certificate verify page is public and read-only: a token that is not one answers 400 to everyone.
  "routes/verify.$token": { url: "/verify/not-a-token", get: all(400), post: all(405) },
  "routes/_app.forms.$key": { url: "/forms/expert-basic-info", get: signedInOnly(200), post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  "routes/_app.admin.users": { url: "/admin/users", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.batches._index": { url: "/admin/batches?index", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.batches.$id": { url: "/admin/batches/new", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.catalogs": { url: "/admin/catalogs", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.calendar": { url: "/admin/calendar", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.reports": { url: "/admin/reports", get: adminOnly, post: all(405) },
  "routes/_app.admin.reports.roster": { url: "/admin/reports/roster?format=csv", get: adminOnly, post: all(405) },
  "routes/_app.admin.outbox": { url: "/admin/outbox", get: adminOnly, post: all(405) },
  "routes/_app.admin.audit": { url: "/admin/audit", get: adminOnly, post: all(405) },
  // 缴费对账: an empty form has no intent (bad input); the upload takes multipart only.
  "routes/_app.admin.payments": { url: "/admin/payments", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.payments_.upload": { url: "/admin/payments/upload", get: all(405), post: { anon: 401, expert: 403, reviewer: 403, admin: 415 } },
  // POST = 新建表单 / 新建流程 (an empty form has no intent: refused as bad input).
  "routes/_app.admin.forms._index": { url: "/admin/forms?index", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.forms.$key": { url: "/admin/forms/expert-basic-info", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.workflows._index": { url: "/admin/workflows?index", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  "routes/_app.admin.workflows.$key": { url: "/admin/workflows/expert-admission", get: adminOnly, post: { anon: 401, expert: 403, reviewer: 403, admin: 400 } },
  // Signed-in users are sent home from the sign-in pages, even after a refused POST.
  "routes/login": { url: "/login", get: { anon: 200, expert: "home", reviewer: "home", admin: "home" }, post: { anon: 400, expert: "home", reviewer: "home", admin: "home" } },
  "routes/register": { url: "/register", get: { anon: 200, expert: "home", reviewer: "home", admin: "home" }, post: { anon: 400, expert: "home", reviewer: "home", admin: "home" } },
  "routes/forgot-password": { url: "/forgot-password", get: { anon: 200, expert: "home", reviewer: "home", admin: "home" }, post: { anon: 400, expert: "home", reviewer: "home", admin: "home" } },
  // 图形验证码: anyone may draw one (the SMS-code forms are signed-out pages too); budgeted per client.
  "routes/captcha": { url: "/captcha", get: all(200), post: all(405) },
  // 消息: one's own notifications; an empty POST has no intent.
  "routes/_app.messages": { url: "/messages", get: signedInOnly(200), post: { anon: 401, expert: 400, reviewer: 400, admin: 400 } },
  "routes/logout": { url: "/logout", get: all("home"), post: { anon: "login", expert: "login", reviewer: "login", admin: "login" } },
  "routes/sms.send": { url: "/sms/send", get: all(405), post: all(400) },
  "routes/healthz": { url: "/healthz", get: all(200), post: all(405) },
  // The upload endpoint takes multipart only: an empty urlencoded form is the wrong media type.
  "routes/uploads": { url: "/uploads", get: all(405), post: { anon: 401, expert: 415, reviewer: 415, admin: 415 } },
  "routes/uploads.$sha": { url: `/uploads/${"0".repeat(64)}`, get: { anon: "login", expert: 404, reviewer: 404, admin: 404 }, post: all(405) },
};

/** A GET of an address no page has: 登录 first, then 404 inside the shell (routes/_app.$). */
const notFoundPage: Record<Who, Expect> = { anon: "login", expert: 404, reviewer: 404, admin: 404 };

// The plain endpoints (answered before Remix, app/utils/plain-endpoint.server.ts), by their path pattern.
const PLAIN: Record<string, Row> = {
  "/apply/:id/draft": { url: "/apply/999999/draft", get: notFoundPage, post: { anon: 401, expert: 404, reviewer: 404, admin: 404 } },
  "/training/:id/lessons/:lessonId/heartbeat": { url: "/training/999999/lessons/1/heartbeat", get: notFoundPage, post: { anon: 401, expert: 404, reviewer: 404, admin: 404 } },
  // 开始考试: an enrolment that is not the user's (or none) is 404 to everyone, as on the exam page.
  "/training/:id/exam/start": { url: "/training/999999/exam/start", get: notFoundPage, post: { anon: 401, expert: 404, reviewer: 404, admin: 404 } },
  // 保存答案: an attempt that is not the user's is 404; reviewers and admins have no enrolment to update.
  "/training/:id/exam/answer": { url: "/training/999999/exam/answer", get: notFoundPage, post: { anon: 401, expert: 400, reviewer: 403, admin: 400 } },
  // 证书核验 is a public GET: a token that is not one is 400 to everyone; it has nothing to post to.
  "/verify/:token": { url: "/verify/not-a-token", get: all(400), post: all(405) },
};
const plainEndpoints = (build.entry.module as unknown as { plainEndpoints: { path: string }[] }).plainEndpoints;

function check(res: Response, expected: Expect, label: string) {
  if (expected === "login" || expected === "home") {
    assert.is(res.status, 302, label);
    const loc = res.headers.get("location") ?? "";
    assert.ok(expected === "login" ? loc.startsWith("/login") : loc === "/", `${label} → ${loc}`);
  } else {
    assert.is(res.status, expected, label);
  }
}

const t = suite("route permissions");
const clients = {} as Record<Who, Client>;

t.before(async () => {
  clients.anon = await new Client().prime();
  for (const role of ["expert", "reviewer", "admin"] as const) clients[role] = (await signedIn(role)).client;
});

t("every route in the manifest has a row, and every row is a route", () => {
  const ids = Object.keys(build.routes).sort();
  assert.equal(ids.filter((id) => !TABLE[id]), [], "routes without a permission row");
  assert.equal(Object.keys(TABLE).filter((id) => !ids.includes(id)).sort(), [], "rows for routes that no longer exist");
});

t("every plain endpoint has a row; each is checked like a route, with and without a CSRF token", async () => {
  assert.equal(plainEndpoints.map((e) => e.path).sort(), Object.keys(PLAIN).sort());
  for (const [path, row] of Object.entries(PLAIN)) {
    for (const who of Object.keys(clients) as Who[]) {
      check(await clients[who].get(row.url!), row.get![who], `GET ${path} as ${who}`);
      check(await clients[who].post(row.url!, {}), row.post![who], `POST ${path} as ${who}`);
      const forged = await clients[who].post(row.url!, {}, { csrf: false });
      const readOnly = row.post![who] === 405;
      assert.is(forged.status, readOnly ? 405 : who === "anon" ? 401 : 403, `POST ${path} as ${who} without CSRF`);
    }
  }
});

t("GET of every route, as each kind of user; no page carries a NUL character", async () => {
  for (const [id, row] of Object.entries(TABLE)) {
    if (row.layout) continue;
    for (const who of Object.keys(clients) as Who[]) {
      const res = await clients[who].get(row.url!);
      check(res, row.get![who], `GET ${id} as ${who}`);
      // React 18's stream wrote the unwritten tail of a Chinese character at a 2 KB boundary as NULs.
      if ((res.headers.get("content-type") ?? "").startsWith("text/html")) assert.not.ok((await res.text()).includes("\u0000"), `NUL in GET ${id} as ${who}`);
    }
  }
});

// Personal data must not stay in a browser's or a proxy's cache (issue 14 §2): every answer to a
// signed-in user — page, data request, form post, file — is no-store, whatever its status.
const noStore = (res: Response, label: string) => assert.match(res.headers.get("cache-control") ?? "(none)", /\bno-store\b/, label);

t("every route of the manifest answers signed-in users with Cache-Control: no-store (pages, data, posts)", async () => {
  const routes = Object.entries(TABLE).filter(([id, row]) => !row.layout && id !== "routes/logout");
  assert.ok(routes.length >= Object.keys(build.routes).length - 4, "the table covers the manifest");
  for (const who of ["expert", "reviewer", "admin"] as const) {
    const c = clients[who];
    for (const [id, row] of routes) {
      const data = `${row.url}${row.url!.includes("?") ? "&" : "?"}_data=${encodeURIComponent(id)}`;
      noStore(await c.get(row.url!), `GET ${id} as ${who}`);
      noStore(await c.get(data), `GET ${data} as ${who}`);
      noStore(await c.post(row.url!, {}), `POST ${id} as ${who}`);
    }
    for (const row of Object.values(PLAIN)) noStore(await c.get(row.url!), `GET ${row.url} as ${who}`);
  }
});

t("every file download is no-store: an upload, the printed PDFs, the review page, the roster export", async () => {
  const { client, id, photo } = await submittedApplication();
  const sha = photo.replace(/^file:/, "").split(/[^0-9a-f]/)[0];
  for (const url of [`/uploads/${sha}`, `/uploads/${sha}?download=1`, `/apply/${id}/documents/pledge`, `/apply/${id}/documents/application-form`]) {
    const res = await client.get(url);
    assert.is(res.status, 200, url);
    noStore(res, url);
  }
  const review = await clients.admin.get(`/review/${id}`);
  assert.is(review.status, 200);
  noStore(review, "the review page (full 身份证号)");
  const roster = await clients.admin.get("/admin/reports/roster?format=csv");
  assert.is(roster.status, 200);
  noStore(roster, "roster export");
});

// The intents added to existing routes (catalog entries, a batch's QR, definition restore), each as
// every kind of user: refused before anything is read for all but the admin, whose empty input is bad.
const INTENTS: { url: string; fields: Record<string, string>; admin: number }[] = [
  { url: "/admin/catalogs", fields: { intent: "rename-region", code: "", name: "" }, admin: 404 },
  { url: "/admin/catalogs", fields: { intent: "disable", kind: "region", code: "" }, admin: 404 },
  { url: "/admin/catalogs", fields: { intent: "enable", kind: "specialty", code: "" }, admin: 404 },
  { url: "/admin/catalogs", fields: { intent: "delete", kind: "region", code: "" }, admin: 404 },
  { url: "/admin/calendar", fields: { intent: "add", date: "", kind: "", region: "", name: "", source: "" }, admin: 400 },
  { url: "/admin/calendar", fields: { intent: "delete", id: "" }, admin: 404 },
  { url: "/admin/batches/new", fields: { intent: "payment-qr", ref: "" }, admin: 404 },
  { url: "/admin/batches/new", fields: { intent: "remove-payment-qr" }, admin: 404 },
  { url: "/admin/forms?index", fields: { intent: "create", key: "", title: "" }, admin: 400 },
  { url: "/admin/workflows?index", fields: { intent: "create", key: "", title: "" }, admin: 400 },
  { url: "/admin/forms/expert-basic-info", fields: { intent: "restore", version: "" }, admin: 400 },
  { url: "/admin/workflows/expert-admission", fields: { intent: "restore", version: "" }, admin: 400 },
  { url: "/admin/payments", fields: { intent: "commit", importId: "" }, admin: 404 },
  { url: "/admin/payments", fields: { intent: "manual", expertNumber: "", amount: "", txnId: "", reason: "" }, admin: 400 },
  { url: "/admin/certificates", fields: { intent: "revoke", id: "", reason: "" }, admin: 404 },
];

t("POST of every admin intent, as each kind of user", async () => {
  for (const { url, fields, admin } of INTENTS) {
    const expected: Record<Who, Expect> = { anon: 401, expert: 403, reviewer: 403, admin };
    for (const who of Object.keys(clients) as Who[]) check(await clients[who].post(url, fields), expected[who], `POST ${url} ${fields.intent} as ${who}`);
  }
});

t("POST of every route, as each kind of user (valid CSRF, empty form)", async () => {
  for (const [id, row] of Object.entries(TABLE)) {
    if (row.layout || id === "routes/logout") continue;
    for (const who of Object.keys(clients) as Who[]) check(await clients[who].post(row.url!, {}), row.post![who], `POST ${id} as ${who}`);
  }
  // logout last: it ends the session
  for (const who of Object.keys(clients) as Who[]) check(await clients[who].post("/logout", {}), TABLE["routes/logout"].post![who], `POST logout as ${who}`);
});

t("Remix's own refusals are said in Chinese: a post to a page without an action (405), a data request naming no route (403)", async () => {
  const admin = clients.admin;
  const refusedPosts = Object.entries(TABLE).filter(([, row]) => !row.layout && row.post?.admin === 405);
  assert.ok(refusedPosts.length > 10);
  for (const [id, row] of refusedPosts) {
    const sep = row.url!.includes("?") ? "&" : "?";
    for (const url of [row.url!, `${row.url}${sep}_data=${encodeURIComponent(id)}`]) {
      const res = await admin.post(url, {});
      assert.is(res.status, 405, url);
      const text = await res.text();
      assert.not.match(text, "Unexpected Server Error", url);
      assert.match(text, /[\u4e00-\u9fff]/, `${url}: ${text.slice(0, 300)}`);
    }
  }
  // A page (首页) and a data request of it, both answered by Remix itself.
  for (const url of ["/", `/?_data=${encodeURIComponent("routes/_app._index")}`]) assert.match(await (await admin.post(url, {})).text(), "此页面不支持该操作", url);
  const unknown = await admin.get(`/?_data=${encodeURIComponent("routes/nope")}`);
  assert.is(unknown.status, 403);
  assert.equal(await unknown.json(), { error: "您没有权限执行此操作", message: "您没有权限执行此操作" });
});

t("POST without a CSRF token is refused on every route that has an action", async () => {
  const fresh = { anon: await new Client().prime() } as Record<Who, Client>;
  for (const role of ["expert", "reviewer", "admin"] as const) fresh[role] = (await signedIn(role)).client;
  for (const [id, row] of Object.entries(TABLE)) {
    if (row.layout || row.post?.admin === 405) continue;
    for (const who of Object.keys(fresh) as Who[]) {
      const res = await fresh[who].post(row.url!, { intent: "create", mode: "password" }, { csrf: false });
      assert.ok([401, 403].includes(res.status), `${id} as ${who} without CSRF → ${res.status}`);
      if (who !== "anon") assert.is(res.status, 403, `${id} as ${who}`);
    }
  }
});

t.run();
