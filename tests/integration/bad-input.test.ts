// Bad input never yields a 500 (issue 3, acceptance 6): oversized fields, wrong types, missing
// fields, odd Unicode, broken encodings and wrong content types, on every route, as every role.
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { AddressInfo } from "node:net";
import { build, Client, db } from "../setup/app";
import { createApp } from "../../server/app";
import { signedIn } from "../setup/factories";
import { multipart, upload } from "../setup/uploads";

const FIELDS = ["mode", "username", "password", "confirm", "name", "phone", "code", "purpose", "intent", "userId",
  "email", "newPhone", "oldPassword", "newPassword", "role", "redirectTo", "data", "step", "event", "ref", "comment", "rowVersion", "batchId", "content", "kind", "key", "title", "version", "parent"];
const POST_URLS = ["/login", "/register", "/sms/send", "/profile?index", "/profile/password", "/admin/users", "/forms/expert-basic-info", "/apply?index", "/apply/1", "/apply/1/draft", "/review?index", "/review/1", "/admin/batches?index", "/admin/batches/new", "/admin/batches/1", "/admin/catalogs", "/admin/forms/expert-basic-info", "/admin/workflows/expert-admission",
  "/admin/forms?index", "/admin/workflows?index", "/admin/batches/1/courses", "/training/1/lessons/1/heartbeat", "/logout"];
const GET_URLS = ["/", "/login", "/register", "/profile", "/profile/password", "/admin/users", "/admin/outbox", "/admin/audit", "/healthz", "/forms/expert-basic-info", "/forms/no-such-form", "/forms/%2e%2e", "/apply", "/apply/1", "/apply/abc", "/apply/1/documents/x", "/apply/99999999999999999999", "/review", "/review/1", "/review/abc", "/review?status=x&batch=-1&page=1e9&size=7&q=%25_", "/admin/batches", "/admin/batches/x", "/admin/batches/99999999", "/admin/reports", "/admin/reports/roster?format=pdf", "/no/such/page",
  "/admin/forms", "/admin/workflows", "/admin/forms/expert-basic-info?from=-1&to=1e9", "/admin/forms/expert-basic-info?from=1&to=1", "/admin/forms/no-such-form", "/admin/forms/%2e%2e",
  "/admin/forms/Bad_Key", "/admin/workflows/expert-admission?from=abc&to=%00", "/admin/workflows/no-such-flow", "/admin/workflows/%00",
  "/uploads", `/uploads/${"a".repeat(64)}`, "/uploads/..%2F..%2Fetc%2Fpasswd", "/uploads/%00",
  "/admin/batches/1/courses", "/admin/batches/abc/courses", "/training/1/lessons/abc/media", "/training/1/lessons/1/media"];

const ODD = [
  "", " ", "\u0000", "a\u0000b", "\u202e1381234567", "\u200b\u200b", "😀".repeat(40), "\ud800", "Ａｄｍｉｎ", "admin' OR '1'='1",
  "<script>alert(1)</script>", "../../etc/passwd", "-1", "1e309", "NaN", "99999999999999999999", "[object Object]",
  "__proto__", "constructor", "x".repeat(5000), "中".repeat(3000), "%00", "\r\n\r\nSet-Cookie: a=b", "save", "submit", "{}", "[]", "null", '{"__proto__":{"x":1}}',
];

const t = suite("bad input");
const clients: Client[] = [];

t.before(async () => {
  clients.push(await new Client().prime());
  for (const role of ["expert", "admin"] as const) clients.push((await signedIn(role)).client);
});

async function usersCount() {
  const [{ n }] = await db("users").count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

t("odd values in every field of every form: always a 4xx or a redirect, never a 5xx", async () => {
  const before = await usersCount();
  for (const c of clients) {
    for (const url of POST_URLS.filter((u) => u !== "/logout")) {
      for (const v of ODD) {
        const fields = Object.fromEntries(FIELDS.map((f) => [f, v]));
        const res = await c.post(url, fields);
        assert.ok(res.status < 500, `${url} with ${JSON.stringify(v).slice(0, 30)} → ${res.status}`);
      }
    }
  }
  assert.is(await usersCount(), before, "nothing was created");
});

t("generated forms (fast-check): repeated, missing and random fields never give a 5xx", async () => {
  const c = clients[1];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...POST_URLS.filter((u) => u !== "/logout")),
      fc.array(fc.tuple(fc.constantFrom(...FIELDS, "x", "_csrf"), fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom(...ODD))), { maxLength: 12 }),
      async (url, pairs) => {
        const body = new URLSearchParams();
        body.append("_csrf", c.csrf);
        for (const [k, v] of pairs) body.append(k, v);
        const res = await c.fetch(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
        return res.status < 500;
      },
    ),
    { numRuns: 300 },
  );
});

t("oversized bodies, broken encodings and wrong content types are refused with a 4xx", async () => {
  const raw = (url: string, body: string | Uint8Array, type: string) => c(url).fetch(url, { method: "POST", body: body as BodyInit, headers: { "content-type": type } });
  // Sign-in pages send signed-in users home whatever they post, so those are tried anonymously.
  const c = (url: string) => (["/login", "/register", "/sms/send"].includes(url) ? clients[0] : url.startsWith("/admin") || url.startsWith("/review") ? clients[2] : clients[1]);
  for (const url of POST_URLS) {
    const big = await raw(url, `_csrf=${c(url).csrf}&name=${"a".repeat(300_000)}`, "application/x-www-form-urlencoded");
    assert.is(big.status, 413, `${url} oversized`);
    for (const [body, type] of [
      [`_csrf=${c(url).csrf}&name=%ZZ%E0%A4%A`, "application/x-www-form-urlencoded"],
      [JSON.stringify({ _csrf: c(url).csrf, name: "x" }), "application/json"],
      ["hello", "text/plain"],
      ["--x\r\ngarbage", "multipart/form-data; boundary=x"],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x01]), "application/x-www-form-urlencoded"],
    ] as const) {
      const res = await raw(url, body, type);
      // Logout ignores fields it does not know; a well-formed token is all it needs.
      const ok = (res.status >= 400 && res.status < 500) || (url === "/logout" && res.status === 302);
      assert.ok(ok, `${url} ${type} → ${res.status}`);
    }
  }
});

t("the upload endpoint: odd names, accept lists and contents, broken and random multipart bodies give a 4xx", async () => {
  const [{ n: before }] = await db("uploads").count<{ n: number | string }[]>({ n: "*" });
  for (const c of clients) {
    for (const v of ODD) {
      const res = await upload(c, v, Buffer.from(v), { accept: v });
      assert.ok(res.status >= 400 && res.status < 500, `upload ${JSON.stringify(v).slice(0, 30)} → ${res.status}`);
    }
  }
  const c = clients[1];
  const post = (body: BodyInit, type: string) => c.fetch("/uploads", { method: "POST", body, headers: { "content-type": type, "x-csrf-token": c.csrf } });
  for (const [body, type] of [
    ["", "multipart/form-data; boundary=x"], ["--x--", "multipart/form-data; boundary=x"], ["--x\r\n\r\n--x--", "multipart/form-data; boundary=x"],
    ["--x\r\nContent-Disposition: attachment\r\n\r\nz\r\n--x--", "multipart/form-data; boundary=x"],
    [`--x\r\n${"H".repeat(20_000)}\r\n\r\n`, "multipart/form-data; boundary=x"], ["x", `multipart/form-data; boundary=${"b".repeat(300)}`],
    ["{}", "application/json"], ["a=b", "application/x-www-form-urlencoded"],
  ] as const) {
    const res = await post(body, type);
    assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(body).slice(0, 30)} ${type.slice(0, 40)} → ${res.status}`);
  }
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.string(), { maxLength: 3 }), async (bytes, names) => {
      const { body, type } = multipart(names.map((name, i) => ({ name: name || "file", filename: i % 2 ? name : undefined, data: Buffer.from(bytes) })));
      const cut = body.subarray(0, Math.max(0, body.length - (bytes[0] ?? 0)));
      const res = await post(new Uint8Array(cut), type);
      return res.status >= 400 && res.status < 500;
    }),
    { numRuns: 150 },
  );
  const [{ n: after }] = await db("uploads").count<{ n: number | string }[]>({ n: "*" });
  assert.is(Number(after), Number(before), "nothing was stored");
});

t("odd query strings on every page never give a 5xx", async () => {
  const queries = ["?page=-1&size=abc", "?page=99999999999999&size=100000", "?role[]=x&q[]=y", "?q=%00%FF", "?phone=%E0%A4%A",
    "?action=__proto__&actor=" + "x".repeat(3000), "?redirectTo=//evil.example", "?page=1e9"];
  for (const c of clients) {
    for (const url of GET_URLS) {
      for (const q of queries) {
        const res = await c.get(url + q);
        assert.ok(res.status < 500, `${url}${q} → ${res.status}`);
      }
    }
  }
});

// The admin intents that change catalogs, a batch's QR and definitions, each with odd values in every
// field: a 4xx, and nothing changed (no catalog entry, QR, draft or audit row appears or goes).
t("admin intents with odd values: a 4xx and no change", async () => {
  const admin = clients[2];
  const batch = (await db("batches").orderBy("id").first("id")).id;
  const state = async () => JSON.stringify(await Promise.all([
    db("regions").orderBy("code").select("code", "name", "disabled_at"), db("specialties").orderBy("code").select("code", "name", "disabled_at"),
    db("batches").orderBy("id").select("id", "payment_qr_sha"), db("definition_drafts").orderBy("id").select("kind", "key", "content"),
    db("audit_log").whereIn("action", ["catalog.change", "batch.payment_qr", "definition.create", "definition.restore"]).count({ n: "*" }),
  ]));
  const before = await state();
  const INTENTS: [string, string, string[]][] = [
    ["/admin/catalogs", "rename-region", ["code", "name"]], ["/admin/catalogs", "rename-specialty", ["code", "name"]],
    ["/admin/catalogs", "disable", ["kind", "code"]], ["/admin/catalogs", "enable", ["kind", "code"]], ["/admin/catalogs", "delete", ["kind", "code"]],
    [`/admin/batches/${batch}`, "payment-qr", ["ref"]], ["/admin/batches/new", "remove-payment-qr", []],
    ["/admin/forms?index", "create", ["key", "title"]], ["/admin/workflows?index", "create", ["key", "title"]],
    ["/admin/forms/expert-basic-info", "restore", ["version"]], ["/admin/workflows/expert-admission", "restore", ["version"]],
  ];
  for (const [url, intent, names] of INTENTS) {
    // A few odd values ("save", "constructor") are well-formed keys and titles: creating those is right.
    for (const v of ODD.filter((x) => intent !== "create" || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(x))) {
      const res = await admin.post(url, { intent, ...Object.fromEntries(names.map((n) => [n, v])) });
      assert.ok(res.status >= 400 && res.status < 500, `${url} ${intent} ${JSON.stringify(v).slice(0, 30)} → ${res.status}`);
    }
  }
  assert.is(await state(), before);
});

t("login never redirects off-site, and an odd target never gives a 500 (issue 14 §2)", async () => {
  const { user } = await signedIn("expert");
  // `/login?redirectTo=/%09/evil.example` reaches the form as "/\t/evil.example": Chromium drops the tab.
  for (const to of ["//evil.example/x", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example", "/x\r\nSet-Cookie: a=b"]) {
    const page = await new Client().get(`/login?redirectTo=${encodeURIComponent(to)}`);
    assert.is(page.status, 200, `GET /login with ${JSON.stringify(to)}`);
    const c = await new Client().prime();
    const res = await c.post("/login", { mode: "password", username: user.username, password: user.password, redirectTo: to });
    assert.is(res.status, 302, JSON.stringify(to));
    const location = res.headers.get("location") ?? "";
    assert.ok(location === "/" || (location.startsWith("/x") && !/\s/.test(location)), `${JSON.stringify(to)} → ${location}`);
    assert.is(res.headers.get("set-cookie")?.includes("a=b"), false);
  }
  const c = await new Client().prime();
  const res = await c.post("/login", { mode: "password", username: user.username, password: user.password, redirectTo: "/apply?index" });
  assert.is(res.headers.get("location"), "/apply?index", "a same-origin target is followed");
});

// Express's own error page prints the stack (with absolute paths) whenever NODE_ENV is not production.
t("malformed URLs: a 400 with a Chinese message and no stack, in every NODE_ENV (issue 14 §2)", async () => {
  const env = process.env as Record<string, string | undefined>;
  const saved = env.NODE_ENV;
  const bad = ["/apply/%E0%A4%A", "/%E0%A4%A", "/build/%E0%A4%A", "/uploads/%FF", "/apply/%E0%A4%A/draft", "/admin/forms/%C0%AF?x=1"];
  try {
    for (const mode of ["development", "test", "production", ""]) {
      env.NODE_ENV = mode;
      const server = createApp(build).listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        for (const url of bad) {
          for (const accept of ["text/html,application/xhtml+xml", "*/*"]) {
            const res = await fetch(base + url, { headers: { accept } });
            const body = await res.text();
            const label = `${mode || "(unset)"} GET ${url} (${accept})`;
            assert.is(res.status, 400, label);
            assert.match(body, "请求地址格式不正确", label);
            assert.not.match(body, /URIError|\bat \w|node_modules|\/work\/|[A-Z]:\\/, `no stack: ${label}`);
            assert.is(res.headers.get("cache-control"), "no-store", label);
          }
        }
      } finally {
        server.close();
      }
    }
  } finally {
    env.NODE_ENV = saved;
  }
  const c = clients[1];
  const res = await c.post("/apply/%E0%A4%A", { step: "x" });
  assert.is(res.status, 400, "a POST too");
});

t("Origin: null with a valid CSRF token is refused with a 403 and a Chinese message, on every kind of endpoint", async () => {
  const c = clients[1];
  for (const url of ["/login", "/profile?index", "/apply/1/draft", "/sms/send"]) {
    const res = await c.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "null", "x-csrf-token": c.csrf },
      body: new URLSearchParams({ _csrf: c.csrf, mode: "password", username: "x", password: "y", purpose: "login", phone: "13800138000" }),
    });
    assert.is(res.status, 403, url);
    assert.match(await res.text(), "请求来源无效", url);
  }
});

t.run();
