// Issue 19, accounts: 忘记密码 (no enumeration, sessions ended, audited, throttled), the 图形验证码 before SMS
// codes (required after a few codes, single use, bound to its client, expiring, answer never shown), and
// 消息 (own messages only, SQL paging, read marks, the header's unread count).
import "../setup/guard";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Client, clock, db, lastCode } from "../setup/app";
import { identity, makeUser, PASSWORD, signedIn } from "../setup/factories";
import { MINUTE } from "~/utils/clock.server";
import { storeCaptcha, CAPTCHAS_PER_CLIENT, CODES_BEFORE_CAPTCHA } from "~/features/accounts/captcha.server";
import { queueNotification } from "~/models/notifications.server";

const NEW_PASSWORD = "Fresh#Pass42";
/** The visible page before the scripts (nonces and echoed values differ by nature), typed values left out. */
const visible = async (res: Response) => (await res.text()).split("<script")[0].replace(/value="[^"]*"/g, "");
const reset = (c: Client, phone: string, code: string, password = NEW_PASSWORD) =>
  c.post("/forgot-password", { phone, code, password, confirm: password });

const t = suite("accounts-ux");
t.after.each(() => clock.reset());

t("忘记密码: a code to the account's phone, a new password, every session ended, audited", async () => {
  const { client: session, user } = await signedIn();
  const c = await new Client().prime();
  const sent = await c.post("/sms/send", { phone: user.phone, purpose: "reset_password" });
  assert.is(sent.status, 200);
  const code = await lastCode(user.phone);
  const res = await reset(c, user.phone, code);
  assert.is(res.status, 302);
  assert.is(res.headers.get("location"), "/login?reset=1");
  assert.not.ok(c.sid, "resetting signs nobody in");
  assert.is((await session.get("/")).status, 302, "the session that was open has ended");
  assert.equal(await db("sessions").where({ user_id: user.id }).select("id"), []);
  const old = await c.post("/login", { mode: "password", username: user.username, password: user.password });
  assert.is(old.status, 401, "the old password no longer works");
  const fresh = await c.post("/login", { mode: "password", username: user.username, password: NEW_PASSWORD });
  assert.is(fresh.status, 302, "the new one does");
  const audited = await db("audit_log").where({ action: "password.forgot", target_id: String(user.id) });
  assert.is(audited.length, 1);
  assert.is(audited[0].outcome, "ok");
  assert.not.match(audited[0].detail ?? "", code, "no code in the audit log");
  const again = await reset(await new Client().prime(), user.phone, code, "Other#Pass77");
  assert.is(again.status, 400, "the code is single use");
});

t("忘记密码 answers the same for a phone with and without an account; nothing is sent to the latter", async () => {
  const owner = await makeUser();
  const ghost = identity().phone;
  const answers: { send: unknown; status: number; page: string }[] = [];
  for (const phone of [owner.phone, ghost]) {
    const c = await new Client().prime();
    const sent = await c.post("/sms/send", { phone, purpose: "reset_password" });
    const tried = await reset(c, phone, "000000");
    answers.push({ send: { status: sent.status, body: await sent.json() }, status: tried.status, page: await visible(tried) });
  }
  assert.equal(answers[0].send, answers[1].send);
  assert.is(answers[0].status, 400);
  assert.is(answers[0].status, answers[1].status);
  // A real code could be 000000: only compare when the owner's code is not.
  if ((await lastCode(owner.phone)) !== "000000") assert.is(answers[0].page, answers[1].page);
  assert.match(answers[1].page, "验证码错误");
  assert.not.ok(await db("sms_outbox").where({ phone: ghost }).first(), "no SMS to a phone without an account");
});

t("忘记密码: bad input is refused in Chinese and writes nothing; a weak password does not cost the code", async () => {
  const user = await makeUser();
  const c = await new Client().prime();
  await c.post("/sms/send", { phone: user.phone, purpose: "reset_password" });
  const code = await lastCode(user.phone);
  const before = (await db("users").where({ id: user.id }).first()).password_hash;
  const cases: [Record<string, string>, string][] = [
    [{ phone: "12345", code, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, "请输入正确的 11 位手机号"],
    [{ phone: user.phone, code: "12ab", password: NEW_PASSWORD, confirm: NEW_PASSWORD }, "验证码为 6 位数字"],
    [{ phone: user.phone, code, password: "short", confirm: "short" }, "密码长度至少 8 位"],
    [{ phone: user.phone, code, password: NEW_PASSWORD, confirm: NEW_PASSWORD + "x" }, "两次输入的密码不一致"],
    [{ phone: user.phone, code, password: "x".repeat(5000), confirm: "x".repeat(5000) }, "密码长度不能超过 64 位"],
  ];
  for (const [fields, message] of cases) {
    const res = await c.post("/forgot-password", fields);
    assert.is(res.status, 400, message);
    assert.match(await res.text(), message);
  }
  assert.is((await db("users").where({ id: user.id }).first()).password_hash, before, "nothing written");
  assert.is((await reset(c, user.phone, code)).status, 302, "the code still works after the refusals");
  const noCsrf = await c.post("/forgot-password", { phone: user.phone, code, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { csrf: false });
  assert.is(noCsrf.status, 403);
});

t("忘记密码: 10 attempts per client in 10 minutes; a disabled account cannot be reset", async () => {
  const c = await new Client().prime();
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await reset(c, identity().phone, "123456")).status);
  assert.equal(statuses, [...Array(10).fill(400), 429, 429]);
  clock.advance(10 * MINUTE + 1000);
  assert.is((await reset(c, identity().phone, "123456")).status, 400, "the window runs out");

  const user = await makeUser();
  await db("users").where({ id: user.id }).update({ status: "disabled" });
  const d = await new Client().prime();
  await d.post("/sms/send", { phone: user.phone, purpose: "reset_password" });
  const res = await reset(d, user.phone, await lastCode(user.phone));
  assert.is(res.status, 400);
  assert.match(await res.text(), "验证码已失效");
  const row = await db("audit_log").where({ action: "password.forgot", target_id: String(user.id) }).first();
  assert.is(row?.outcome, "denied");
});

t("图形验证码: needed after a few codes from one client; single use; wrong answers spend it; bound to the client", async () => {
  const c = await new Client().prime();
  const send = (extra: Record<string, string> = {}) => c.post("/sms/send", { phone: identity().phone, purpose: "register", ...extra });
  for (let i = 0; i < CODES_BEFORE_CAPTCHA; i++) assert.is((await send()).status, 200, `free code ${i + 1}`);
  const asked = await send();
  assert.is(asked.status, 400);
  assert.equal(await asked.json(), { ok: false, captchaRequired: true, error: "请输入图形验证码" });

  const wrongFirst = await storeCaptcha("ab3d", c.ip);
  const wrong = await send({ captchaId: wrongFirst, captcha: "zzzz" });
  assert.is(wrong.status, 400);
  assert.match(await wrong.text(), "图形验证码错误或已失效");
  assert.is((await send({ captchaId: wrongFirst, captcha: "ab3d" })).status, 400, "a wrong answer spent it");

  const good = await storeCaptcha("ab3d", c.ip);
  assert.is((await send({ captchaId: good, captcha: "AB3D" })).status, 200, "answers are case-insensitive");
  assert.is((await send({ captchaId: good, captcha: "ab3d" })).status, 400, "single use");

  const theirs = await storeCaptcha("ab3d", "10.99.99.99");
  assert.is((await send({ captchaId: theirs, captcha: "ab3d" })).status, 400, "another client's challenge");

  const late = await storeCaptcha("ab3d", c.ip);
  clock.advance(5 * MINUTE + 1000);
  assert.is((await send({ captchaId: late, captcha: "ab3d" })).status, 400, "expired");
  assert.is((await send({ captchaId: "not-an-id", captcha: "ab3d" })).status, 400, "a malformed id");
  assert.is((await send({ captchaId: "f".repeat(32), captcha: "x".repeat(500) })).status, 400, "an unknown id, an overlong answer");
});

t("图形验证码: the image is served by the app, holds no answer, is stored only as a hash, and is budgeted", async () => {
  const c = await new Client().prime();
  const res = await c.get("/captcha");
  assert.is(res.status, 200);
  assert.is(res.headers.get("cache-control"), "no-store");
  const { id, image } = (await res.json()) as { id: string; image: string };
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.ok(image.startsWith("data:image/svg+xml;base64,"));
  const svg = Buffer.from(image.split(",")[1], "base64").toString();
  assert.match(svg, /<svg[\s\S]*<path/);
  assert.not.match(svg, /<text|<image|href=|url\(/, "characters drawn as paths; nothing fetched from elsewhere");
  const row = await db("captchas").where({ id }).first();
  assert.match(row.answer_hash, /^[0-9a-f]{64}$/);
  assert.is(Object.keys(row).filter((k) => /answer/.test(k)).join(), "answer_hash", "no plain answer column");
  const statuses: number[] = [];
  for (let i = 1; i < CAPTCHAS_PER_CLIENT; i++) statuses.push((await c.get("/captcha")).status);
  assert.ok(statuses.every((s) => s === 200), statuses.join());
  assert.is((await c.get("/captcha")).status, 429, "past the per-client budget");
});

t("消息: own messages only, newest first, paged in SQL; read marks lower the header's unread count", async () => {
  const { client, user } = await signedIn();
  const { client: otherClient, user: other } = await signedIn();
  for (let i = 1; i <= 12; i++) await queueNotification(db, user.id, `您的入库申请第${i}号通知`);
  await queueNotification(db, other.id, "别人的消息：审核通过");
  const page1 = await (await client.get("/messages?size=10")).text();
  assert.match(page1, "第12号通知");
  assert.not.match(page1, "第2号通知<", "the 11th and 12th newest are on page 2");
  assert.not.match(page1, "别人的消息");
  assert.match(page1, "共 12 条");
  assert.match(page1, /class="header-messages"[^]*?>消息<\/span><span class="visually-hidden">（12 条未读）/);
  const page2 = await (await client.get("/messages?size=10&page=2")).text();
  assert.match(page2, "第1号通知");

  const mine = await db("notifications").where({ user_id: user.id }).orderBy("id", "desc").first();
  const theirs = await db("notifications").where({ user_id: other.id }).first();
  assert.is((await client.post("/messages", { intent: "read", id: String(theirs.id) })).status, 200);
  assert.is((await db("notifications").where({ id: theirs.id }).first()).read_at, null, "another's message stays unread");
  assert.is((await client.post("/messages", { intent: "read", id: String(mine.id) })).status, 200);
  assert.match(await (await client.get("/messages")).text(), "（11 条未读）");
  const unreadOnly = await (await client.get("/messages?unread=1&size=50")).text();
  assert.not.match(unreadOnly, "第12号通知");
  assert.is((await client.post("/messages", { intent: "readAll" })).status, 200);
  assert.not.match(await (await client.get("/")).text(), "条未读");
  assert.match(await (await otherClient.get("/")).text(), "（1 条未读）", "the other user's count is untouched");

  const bads: Record<string, string>[] = [{ intent: "read", id: "abc" }, { intent: "read", id: "-1" }, { intent: "read" }, { intent: "zap" }, {}];
  for (const bad of bads) {
    assert.is((await client.post("/messages", bad)).status, 400, JSON.stringify(bad));
  }
  assert.is((await client.post("/messages", { intent: "readAll" }, { csrf: false })).status, 403);
  assert.is((await new Client().get("/messages")).status, 302, "anonymous: to the login page");
});

t("the login page says 登录 to everyone and links 忘记密码", async () => {
  const html = await (await new Client().get("/login")).text();
  assert.match(html, /<div class="subtitle">登录<\/div>/);
  assert.not.match(html, "专家登录");
  assert.match(html, 'href="/forgot-password"');
  assert.match(await (await new Client().get("/login?reset=1")).text(), "密码已重置，请使用新密码登录");
});

t.run();
