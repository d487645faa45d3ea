// Accounts over HTTP: login, lockout, SMS codes, sessions, CSRF, password policy (issue 3, acceptance 3).
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, clock, db, lastCode } from "../setup/app";
import { identity, makeUser, PASSWORD, signedIn } from "../setup/factories";
import { DAY, HOUR, MINUTE, startOfShanghaiDay } from "~/utils/clock.server";
import { storeCaptcha } from "~/features/accounts/captcha.server";

/** A solved 图形验证码 for client `c` (past its first few codes each send needs one; see accounts-ux.test.ts). */
const solved = async (c: Client) => ({ captchaId: await storeCaptcha("k7xa", c.ip), captcha: "K7XA" });

const login = (c: Client, username: string, password: string) => c.post("/login", { mode: "password", username, password });
const alertText = async (res: Response) => /role="alert"[^>]*>([^<]+)/.exec(await res.text())?.[1] ?? (await res.text());

const t = suite("accounts");
t.after.each(() => clock.reset());

t("password login succeeds, sets a session cookie and redirects home", async () => {
  const u = await makeUser();
  const c = await new Client().prime();
  const res = await login(c, u.username, u.password);
  assert.is(res.status, 302);
  assert.is(res.headers.get("location"), "/");
  assert.ok(c.sid);
  const home = await c.get("/");
  assert.is(home.status, 200);
  assert.match(await home.text(), u.name);
});

t("unknown user and wrong password get the same status and message", async () => {
  const u = await makeUser();
  const a = await login(await new Client().prime(), u.username, "Wrong#pass1");
  const b = await login(await new Client().prime(), "nobody_" + u.username, "Wrong#pass1");
  assert.is(a.status, 401);
  assert.is(b.status, a.status);
  const [ta, tb] = [await a.text(), await b.text()];
  assert.match(ta, "用户名或密码错误");
  assert.match(tb, "用户名或密码错误");
});

t("5 failures lock that client for 15 minutes, for real and unknown usernames alike; released after", async () => {
  const u = await makeUser();
  const clients: Record<string, Client> = {};
  for (const name of [u.username, "ghost_" + u.username]) {
    const c = (clients[name] = await new Client().prime());
    for (let i = 0; i < 5; i++) await login(c, name, "Wrong#pass1");
    const locked = await login(c, name, u.password);
    assert.is(locked.status, 429, name);
    assert.match(await locked.text(), "15 分钟");
  }
  const c = clients[u.username];
  clock.advance(14 * MINUTE);
  assert.is((await login(c, u.username, u.password)).status, 429, "still locked at 14 min");
  clock.advance(2 * MINUTE);
  assert.is((await login(c, u.username, u.password)).status, 302, "released after 15 min");
  const lockRows = await db("audit_log").where({ action: "login.lockout", target_id: String(u.id) });
  assert.ok(lockRows.length >= 1, "lockout audited");
});

// Issue 14 §3: five wrong passwords from anywhere used to lock the account itself (the admin's too).
t("a stranger failing over and over cannot lock the owner out; the stranger's own client stays limited", async () => {
  const { user: admin } = await signedIn("admin");
  for (const victim of [await makeUser(), admin]) {
    const stranger = await new Client().prime();
    for (let i = 0; i < 7; i++) await login(stranger, victim.username, "Wrong#pass1");
    const still = await login(stranger, victim.username, victim.password);
    assert.is(still.status, 429, "the stranger's client is limited, even with the right password");
    assert.match(await still.text(), "15 分钟");
    // The account's failures now slow a wrong answer from any client down (Server-Timing names the
    // brake), but not the owner's correct password.
    const other = await login(await new Client().prime(), victim.username, "Wrong#pass1");
    assert.match(other.headers.get("server-timing") ?? "", /^brake;dur=[1-9]\d*$/, "a failure is braked");
    const owner = await new Client().prime();
    const res = await login(owner, victim.username, victim.password);
    assert.is(res.status, 302, `${victim.username} logs in from their own client`);
    assert.not.ok(res.headers.get("server-timing")?.includes("brake"), "a correct password is not slowed down");
    assert.ok(owner.sid);
  }
});

t("failures from many clients slow the account's failed answers down; a success from another client is unaffected", async () => {
  const u = await makeUser();
  for (let i = 0; i < 6; i++) await login(await new Client().prime(), u.username, "Wrong#pass1");
  const slow = await new Client().prime();
  const started = Date.now();
  const res = await login(slow, u.username, "Wrong#pass1");
  assert.is(res.status, 401);
  assert.ok(Date.now() - started >= 400, `the 7th failure on the account waits (${Date.now() - started} ms)`);
  const row = await db("audit_log").where({ action: "login.failure", target_id: String(u.id) }).orderBy("id", "desc").first();
  assert.match(typeof row.detail === "string" ? row.detail : JSON.stringify(row.detail), /"accountFailures":7/);
  assert.is((await login(await new Client().prime(), u.username, u.password)).status, 302);
});

t("every login success and failure is audited with IP and outcome", async () => {
  const u = await makeUser();
  const c = await new Client("192.0.2.77").prime();
  await login(c, u.username, "Wrong#pass1");
  await login(c, u.username, u.password);
  const rows = await db("audit_log").where({ ip: "192.0.2.77" }).orderBy("id");
  assert.equal(rows.map((r) => [r.action, r.outcome]), [["login.failure", "failed"], ["login.success", "ok"]]);
  assert.not.match(JSON.stringify(rows), u.password, "no password in the audit log");
});

t("session id changes at login; the old cookie is refused after logout", async () => {
  const u = await makeUser();
  const c = await new Client().prime();
  await login(c, u.username, u.password);
  const first = c.sid!;
  const c2 = await new Client().prime();
  c2.cookies.set("sid", first);
  assert.is((await c2.get("/")).status, 200, "the first cookie works before logout");
  const c3 = await new Client().prime();
  await login(c3, u.username, u.password);
  assert.is.not(c3.sid, first, "a new id at every login");
  const out = await c.post("/logout", {});
  assert.is(out.status, 302);
  const stale = new Client();
  stale.cookies.set("sid", first);
  const res = await stale.get("/");
  assert.is(res.status, 302);
  assert.match(res.headers.get("location") ?? "", "/login");
});

t("login rotates a pre-existing session cookie", async () => {
  const u = await makeUser();
  const c = await new Client().prime();
  await login(c, u.username, u.password);
  const before = c.sid!;
  // Simulate the cookie being fixed by someone else before login: login must replace it.
  const c2 = await new Client().prime();
  c2.cookies.set("sid", before);
  await c2.post("/logout", {});
  const c3 = await new Client().prime();
  c3.cookies.set("sid", "attacker-chosen");
  await login(c3, u.username, u.password);
  assert.is.not(c3.sid, "attacker-chosen");
  assert.is.not(c3.sid, before);
});

t("idle timeout 30 minutes and absolute timeout 12 hours", async () => {
  const { client } = await signedIn();
  clock.advance(29 * MINUTE);
  assert.is((await client.get("/")).status, 200);
  clock.advance(31 * MINUTE);
  assert.is((await client.get("/")).status, 302, "idle for 31 minutes");
  clock.reset();
  const s2 = await signedIn();
  for (let i = 1; i <= 25; i++) {
    clock.advance(29 * MINUTE);
    const r = await s2.client.get("/");
    if (i * 29 * MINUTE < 12 * HOUR) assert.is(r.status, 200, `active at ${i * 29} min`);
    else assert.is(r.status, 302, "past 12 hours");
  }
});

t("a disabled user's session is refused", async () => {
  const { client, user } = await signedIn();
  await db("users").where({ id: user.id }).update({ status: "disabled" });
  assert.is((await client.get("/")).status, 302);
  await db("users").where({ id: user.id }).update({ status: "active" });
  const c = await new Client().prime();
  await db("users").where({ id: user.id }).update({ status: "disabled" });
  assert.is((await login(c, user.username, user.password)).status, 401, "disabled users cannot log in");
});

t("a POST without the CSRF token, or from another origin, is refused and changes nothing", async () => {
  const u = await makeUser();
  const c = await new Client().prime();
  const res = await c.post("/login", { mode: "password", username: u.username, password: u.password }, { csrf: false });
  assert.is(res.status, 403);
  assert.not.ok(c.sid);
  const foreign = await c.fetch("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    body: new URLSearchParams({ _csrf: c.csrf, mode: "password", username: u.username, password: u.password }),
  });
  assert.is(foreign.status, 403);
  assert.not.ok(c.sid);
  const wrong = await c.post("/login", { _csrf: "x".repeat(43), mode: "password", username: u.username, password: u.password }, { csrf: false });
  assert.is(wrong.status, 403);
});

t("registration: weak passwords refused with the reason in Chinese", async () => {
  const c = await new Client().prime();
  const id = identity();
  for (const [pw, reason] of [["Ab1!", "至少 8 位"], ["abcdefgh", "至少 3 种"], ["abcdefg1", "至少 3 种"], ["ABCDEFG1", "至少 3 种"]]) {
    const res = await c.post("/register", { ...id, password: pw, confirm: pw, code: "123456" });
    assert.is(res.status, 400);
    assert.match(await res.text(), reason);
  }
  assert.not.ok(await db("users").where({ username: id.username }).first());
});

t("registration with an SMS code from the outbox; the code is single use", async () => {
  const c = await new Client().prime();
  const id = identity();
  const send = await c.post("/sms/send", { phone: id.phone, purpose: "register" });
  assert.is(send.status, 200);
  const code = await lastCode(id.phone);
  const stored = await db("sms_codes").where({ phone: id.phone }).first();
  assert.is.not(stored.code_hash, code, "only a hash is stored");
  assert.not.match(stored.code_hash, code);
  const res = await c.post("/register", { ...id, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(res.status, 302);
  assert.ok(c.sid);
  const again = await (await new Client().prime()).post("/register", { ...identity(), phone: id.phone, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(again.status, 400, "used code or taken phone refused");
});

t("SMS: resend within 60 s refused; expired code refused; 5 wrong tries burn the code", async () => {
  const c = await new Client().prime();
  const id = identity();
  assert.is((await c.post("/sms/send", { phone: id.phone, purpose: "register" })).status, 200);
  const soon = await c.post("/sms/send", { phone: id.phone, purpose: "register" });
  assert.is(soon.status, 429);
  assert.match(await soon.text(), "秒后再试");
  // expired
  const code = await lastCode(id.phone);
  clock.advance(5 * MINUTE + 1000);
  const expired = await c.post("/register", { ...id, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(expired.status, 400);
  assert.match(await expired.text(), "验证码已失效");
  // five wrong tries, then even the right code is refused
  assert.is((await c.post("/sms/send", { phone: id.phone, purpose: "register" })).status, 200);
  const fresh = await lastCode(id.phone);
  const wrong = fresh === "000000" ? "111111" : "000000";
  for (let i = 0; i < 5; i++) await c.post("/register", { ...id, password: PASSWORD, confirm: PASSWORD, code: wrong });
  const burnt = await c.post("/register", { ...id, password: PASSWORD, confirm: PASSWORD, code: fresh });
  assert.is(burnt.status, 400);
  assert.match(await burnt.text(), "错误次数过多");
  assert.not.ok(await db("users").where({ phone: id.phone }).first());
});

t("SMS: daily cap per phone", async () => {
  // At 09:00 Shanghai time: the ten sends below span ten minutes and must not cross midnight.
  clock.at(startOfShanghaiDay(Date.now()) + DAY + 9 * HOUR);
  const c = await new Client().prime();
  const id = identity();
  for (let i = 0; i < 10; i++) {
    assert.is((await c.post("/sms/send", { phone: id.phone, purpose: "register", ...(await solved(c)) })).status, 200, `send ${i + 1}`);
    clock.advance(61_000);
  }
  const capped = await c.post("/sms/send", { phone: id.phone, purpose: "register", ...(await solved(c)) });
  assert.is(capped.status, 400);
  assert.match(await capped.text(), "上限");
});

// Issue 14 §3: /register and /sms/send told registered phones and taken names apart before any code.
t("registration answers the same for registered and new phones: /sms/send and a wrong code alike", async () => {
  const owner = await makeUser();
  const fresh = identity();
  const answers: { status: number; body: string }[] = [];
  for (const phone of [owner.phone, fresh.phone]) {
    const c = await new Client().prime();
    const sent = await c.post("/sms/send", { phone, purpose: "register" });
    answers.push({ status: sent.status, body: await sent.text() });
    const tried = await c.post("/register", { ...identity(), username: owner.username, phone, password: PASSWORD, confirm: PASSWORD, code: "000000" });
    // The visible page (before the scripts, whose nonce and echoed values differ by nature), typed values left out.
    answers.push({ status: tried.status, body: (await tried.text()).split("<script")[0].replace(/value="[^"]*"/g, "") });
  }
  assert.equal(answers[0], answers[2], "/sms/send");
  assert.is(answers[0].status, 200);
  assert.is(answers[1].status, 400);
  assert.is(answers[1].body, answers[3].body, "a wrong code: the same page, but for the typed values");
  assert.match(answers[1].body, "验证码错误");
  assert.not.match(answers[1].body + answers[3].body, /已注册|已被使用/);
  // The owner's phone got a notice, never a code; the new phone got its code.
  const notice = await db("sms_outbox").where({ phone: owner.phone }).orderBy("id", "desc").first();
  assert.match(notice.message, "已注册");
  assert.not.match(notice.message, /\d{6}/);
  assert.match(await lastCode(fresh.phone), /^\d{6}$/);
});

t("a taken user name is told only after the right code, and the code then still works", async () => {
  const other = await makeUser();
  const c = await new Client().prime();
  const id = identity();
  await c.post("/sms/send", { phone: id.phone, purpose: "register" });
  const code = await lastCode(id.phone);
  const taken = await c.post("/register", { ...id, username: other.username, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(taken.status, 400);
  assert.match(await taken.text(), "该用户名已被使用");
  const ok = await c.post("/register", { ...id, password: PASSWORD, confirm: PASSWORD, code });
  assert.is(ok.status, 302, "the same code registers with a free name");
});

t("probing: /sms/send allows 5 codes a minute per client, /register 10 attempts per 10 minutes", async () => {
  const owner = await makeUser();
  const c = await new Client().prime();
  const phones = [owner.phone, ...Array.from({ length: 39 }, () => identity().phone)];
  const captchas = await Promise.all(phones.map(() => solved(c)));
  const answers = await Promise.all(phones.map((phone, i) => c.post("/sms/send", { phone, purpose: "register", ...captchas[i] }).then((r) => r.status)));
  assert.is(answers.filter((s) => s === 200).length, 5, answers.join(","));
  assert.ok(answers.every((s) => s === 200 || s === 429), answers.join(","));
  clock.advance(61_000);
  assert.is((await c.post("/sms/send", { phone: identity().phone, purpose: "register", ...(await solved(c)) })).status, 200, "a minute later");
  const r = await new Client().prime();
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await r.post("/register", { ...identity(), password: PASSWORD, confirm: PASSWORD, code: "123456" })).status);
  assert.equal(statuses, [...Array(10).fill(400), 429, 429]);
  clock.advance(10 * MINUTE + 1000);
  assert.is((await r.post("/register", { ...identity(), password: PASSWORD, confirm: PASSWORD, code: "123456" })).status, 400, "the window runs out");
});

t("names with invisible formatting characters are refused with the reason; nothing is created", async () => {
  const c = await new Client().prime();
  for (const name of ["张\u202e三", "\u200b李四", "王\u2066五\u2069"]) {
    const id = identity();
    const res = await c.post("/register", { ...id, name, password: PASSWORD, confirm: PASSWORD, code: "123456" });
    assert.is(res.status, 400);
    assert.match(await res.text(), "不能包含不可见的格式字符");
    assert.not.ok(await db("users").where({ username: id.username }).first());
  }
  const { client, user } = await signedIn();
  const res = await client.post("/profile?index", { intent: "basic", name: "赵\u202e六", email: "" });
  assert.is(res.status, 400);
  assert.match(await res.text(), "不能包含不可见的格式字符");
  assert.is((await db("users").where({ id: user.id }).first()).name, user.name);
});

t("phone + code login; unknown phones get the same answers", async () => {
  const u = await makeUser();
  const c = await new Client().prime();
  const sent = await c.post("/sms/send", { phone: u.phone, purpose: "login" });
  assert.is(sent.status, 200);
  const res = await c.post("/login", { mode: "sms", phone: u.phone, code: await lastCode(u.phone) });
  assert.is(res.status, 302);
  assert.ok(c.sid);
  // unknown phone: the send answer is identical, and a wrong code gets the same message shape
  const ghost = identity().phone;
  const c2 = await new Client().prime();
  const s2 = await c2.post("/sms/send", { phone: ghost, purpose: "login" });
  assert.is(s2.status, 200);
  assert.equal(await s2.json(), { ok: true, message: "验证码已发送，5 分钟内有效" });
  assert.not.ok(await db("sms_outbox").where({ phone: ghost }).first(), "nothing is sent to an unknown phone");
  const w1 = await c2.post("/login", { mode: "sms", phone: ghost, code: "123456" });
  await c.post("/sms/send", { phone: u.phone, purpose: "login" }).catch(() => null);
  assert.is(w1.status, 401);
  assert.match(await w1.text(), /验证码错误|验证码已失效/);
});

t("changing the password needs the old one and ends every other session", async () => {
  const { client, user } = await signedIn();
  const other = await new Client().prime();
  await login(other, user.username, user.password);
  const bad = await client.post("/profile/password", { oldPassword: "Nope#12345", newPassword: "Newer#Pass9", confirm: "Newer#Pass9" });
  assert.is(bad.status, 400);
  assert.match(await bad.text(), "原密码不正确");
  const ok = await client.post("/profile/password", { oldPassword: user.password, newPassword: "Newer#Pass9", confirm: "Newer#Pass9" });
  assert.is(ok.status, 200);
  assert.is((await client.get("/")).status, 200, "this session lives on");
  assert.is((await other.get("/")).status, 302, "the other session ended");
  assert.is((await login(await new Client().prime(), user.username, "Newer#Pass9")).status, 302);
  const audited = await db("audit_log").where({ action: "password.change", target_id: String(user.id), outcome: "ok" });
  assert.is(audited.length, 1);
});

t("a temporary password forces the password page first", async () => {
  const u = await makeUser("reviewer", { mustChangePassword: true });
  const c = await new Client().prime();
  await login(c, u.username, u.password);
  const home = await c.get("/");
  assert.is(home.status, 302);
  assert.is(home.headers.get("location"), "/profile/password");
  assert.is((await c.get("/profile/password")).status, 200);
});

t("profile: email saved and audited; a phone change needs a code sent to the new phone", async () => {
  const { client, user } = await signedIn();
  const saved = await client.post("/profile?index", { intent: "basic", name: user.name, email: "expert@example.cn" });
  assert.is(saved.status, 200);
  assert.is((await db("users").where({ id: user.id }).first()).email, "expert@example.cn");
  const badEmail = await client.post("/profile?index", { intent: "basic", name: user.name, email: "not-an-email" });
  assert.is(badEmail.status, 400);
  assert.match(await badEmail.text(), "电子邮箱");
  const newPhone = identity().phone;
  const noCode = await client.post("/profile?index", { intent: "phone", newPhone, code: "123456" });
  assert.is(noCode.status, 400);
  assert.is((await client.post("/sms/send", { phone: newPhone, purpose: "change_phone" })).status, 200);
  const ok = await client.post("/profile?index", { intent: "phone", newPhone, code: await lastCode(newPhone) });
  assert.is(ok.status, 200);
  assert.is((await db("users").where({ id: user.id }).first()).phone, newPhone);
  const anon = await (await new Client().prime()).post("/sms/send", { phone: identity().phone, purpose: "change_phone" });
  assert.is(anon.status, 401, "change_phone codes only for signed-in users");
});

t("profile: a phone change to someone else's phone says nothing about it without that phone's code", async () => {
  const { client } = await signedIn();
  const { user: other } = await signedIn();
  const taken = await client.post("/profile?index", { intent: "phone", newPhone: other.phone, code: "123456" });
  const fresh = await client.post("/profile?index", { intent: "phone", newPhone: identity().phone, code: "123456" });
  assert.is(taken.status, fresh.status);
  const [a, b] = [await taken.text(), await fresh.text()];
  assert.not.match(a, "已被其他账号使用");
  // What the page says (its field messages), not the per-response CSP nonce.
  const said = (html: string) => [...html.matchAll(/<div class="err"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.equal(said(a), said(b), "the same answer for a taken and a free phone");
  assert.equal(said(a), ["验证码已失效，请重新获取"]);
});

t("the audit log cannot be edited or deleted, even with SQL", async () => {
  await makeUser();
  const row = await db("audit_log").first();
  if (!row) {
    const c = await new Client().prime();
    await login(c, "nobody", "Wrong#pass1");
  }
  const any = await db("audit_log").first();
  let updated = false;
  try {
    await db("audit_log").where({ id: any.id }).update({ outcome: "ok" });
    updated = true;
  } catch { /* refused by trigger */ }
  assert.not.ok(updated, "update refused");
  let deleted = false;
  try {
    await db("audit_log").where({ id: any.id }).delete();
    deleted = true;
  } catch { /* refused by trigger */ }
  assert.not.ok(deleted, "delete refused");
});

t.run();
