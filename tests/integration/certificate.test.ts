import "../setup/guard";
// Issue 17: the 专家证书. An approved expert sees 待生成 with what is missing; once the enrolment has
// passed, issue-certificate gives one certificate (a second issue is a no-op; 20 at once get 20 numbers);
// the expert downloads PNG and PDF drawn from one layout (text, size, not blank, QR → verify page); the
// public verify page tells 有效 / 已过期 / 已撤销 and refuses changed, foreign-key and unknown tokens
// without ever showing a full ID number or phone; an administrator revokes with a reason (audited).
import { generateKeyPairSync, sign } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { certificateLayout, certificateSvg } from "~/features/certificates/render.server";
import { signToken } from "~/features/certificates/signing.server";
import { validity } from "~/features/certificates/issue.server";
import { remindExpiringCertificates } from "~/features/certificates/reminders.server";
import { EFFECTS } from "~/engine/workflows/effects";
import type { EffectContext } from "~/engine/workflows/types";
import "../setup/features";
import type { CertificateView } from "~/features/certificates/certificate";
import { Client, clock, db } from "../setup/app";
import { DATA, pdfText, rowVersion, submittedApplication } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { certifiedExpert, decodeQr, issueFor, pngFacts, poolExpertInDb } from "../setup/certificate";

const t = suite("专家证书");
const ctx = {} as { admin: Client; expert: Client; userId: number; enrolment: number; number: string; expertNumber: string; idCard: string; phone: string; batch: number; token: string };

type Page = { issued: boolean; requirements?: { label: string; done: boolean }[]; status?: string; view?: CertificateView };
const page = async (c: Client) => (await (await c.get(`/certificate?${DATA("routes/_app.certificate._index")}`)).json()) as Page;
const verify = (token: string, c: Client = new Client()) => c.get(`/verify/${token}`);

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  const ready = await submittedApplication({ name: "证书甲", region: "和田地区" });
  ctx.expert = ready.client;
  for (const event of ["accept", "approve"]) {
    const res = await ctx.admin.post(`/review/${ready.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event, rowVersion: await rowVersion(ready.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
  const inst = await db("workflow_instances").where({ id: ready.id }).first("owner_id", "batch_id", "number");
  ctx.userId = inst.owner_id;
  ctx.batch = inst.batch_id;
  ctx.expertNumber = inst.number;
  const e = await db("experts").where({ user_id: ctx.userId }).first("id_card", "mobile");
  ctx.idCard = e.id_card;
  ctx.phone = (await db("users").where({ id: ctx.userId }).first("phone")).phone;
});

t("待生成: an approved expert's page lists 缴费, 学习 and 考试 as missing", async () => {
  const p = await page(ctx.expert);
  assert.is(p.issued, false);
  assert.equal(p.requirements!.map((r) => [r.label, r.done]), [["缴费", false], ["学习", false], ["考试", false]]);
  assert.is((await ctx.expert.get("/certificate/png")).status, 404);
});

t("issue: the batch's format and issuer, the record's data with specialty names, 2 years; again is a no-op", async () => {
  await db("batches").where({ id: ctx.batch }).update({ certificate_number_format: "ZSCS{year}{seq:4}", certificate_issuer: "测试发证单位", certificate_years: 2 });
  const issued = await certifiedExpert(db, ctx.userId);
  ctx.enrolment = issued.enrolmentId;
  ctx.number = issued.number;
  assert.match(ctx.number, /^ZSCS\d{4}\d{4}$/);
  const again = await issueFor(db, ctx.enrolment);
  assert.equal(again, { id: again.id, number: ctx.number, created: false });
  assert.is((await db("certificates").where({ enrolment_id: ctx.enrolment })).length, 1);
  const p = await page(ctx.expert);
  assert.is(p.issued, true);
  assert.is(p.status, "valid");
  const v = p.view!;
  assert.is(v.number, ctx.number);
  assert.is(v.name, "证书甲");
  assert.is(v.expertNumber, ctx.expertNumber);
  assert.is(v.maskedIdCard, `${ctx.idCard.slice(0, 6)}********${ctx.idCard.slice(-4)}`);
  const codes = JSON.parse((await db("experts").where({ user_id: ctx.userId }).first("specialties")).specialties) as { code: string }[];
  const names = await db("specialties").whereIn("code", codes.map((c) => c.code)).pluck("name");
  assert.ok(names.length > 0 && names.every((n: string) => v.specialties.includes(n)), `names, not codes: ${v.specialties}`);
  assert.ok(codes.every((c) => !v.specialties.includes(c.code)));
  const { validUntil } = validity(Date.parse(`${v.issuedOn}T12:00:00+08:00`), 2);
  assert.is(v.validUntil, validUntil);
  ctx.token = v.verifyUrl.split("/verify/")[1];
  // The pool record's history says when the certificate came.
  const h = await db("expert_history").join("experts", "experts.id", "expert_history.expert_id").where("experts.user_id", ctx.userId).orderBy("expert_history.row_version", "desc").first("event", "reason");
  assert.equal([h.event, h.reason], ["certificate-issued", `证书编号 ${ctx.number}`]);
});

t("validity: 2 years ending the day before; 29 February runs to 28 February", () => {
  const at = (iso: string) => Date.parse(`${iso}T10:00:00+08:00`);
  assert.equal(validity(at("2026-11-30"), 2), { issuedOn: "2026-11-30", validUntil: "2028-11-29", expiresAt: Date.parse("2028-11-30T00:00:00+08:00") });
  assert.is(validity(at("2028-02-29"), 2).validUntil, "2030-02-28");
  // Just after midnight in Beijing is already the next day.
  assert.is(validity(Date.parse("2026-11-30T16:30:00Z"), 2).issuedOn, "2026-12-01");
});

t("【下载图片】: a PNG of the layout's size, not blank, whose QR code opens the verify page showing 有效", async () => {
  const res = await ctx.expert.get("/certificate/png");
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "image/png");
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename=.*filename\*=UTF-8''/);
  assert.match(res.headers.get("cache-control") ?? "", /no-store/);
  const png = Buffer.from(await res.arrayBuffer());
  const facts = await pngFacts(png);
  assert.equal([facts.format, facts.width, facts.height], ["png", 1684, 1190]);
  assert.ok(facts.spread > 20, `not blank (spread ${facts.spread})`);
  const url = await decodeQr(png);
  assert.ok(url, "a QR code is found in the picture");
  const u = new URL(url!);
  assert.is(u.pathname, `/verify/${ctx.token}`);
  const html = await (await verify(ctx.token)).text();
  assert.match(html, 'data-status="valid"');
  assert.match(html, "证书有效");
  assert.match(html, ctx.number);
  assert.match(html, "测试发证单位");
  assert.match(html, "证*甲");
});

t("【下载pdf】: the text holds the name, 专家编号, 证书编号, specialty names and dates; small", async () => {
  const res = await ctx.expert.get("/certificate/pdf");
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "application/pdf");
  const bytes = await res.arrayBuffer();
  assert.ok(bytes.byteLength < 200 * 1024, `${bytes.byteLength} bytes`);
  const text = pdfText(bytes).replace(/\s+/g, "");
  const v = (await page(ctx.expert)).view!;
  const cn = (iso: string) => iso.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, "$1年$2月$3日");
  for (const s of ["证书甲", ctx.expertNumber, ctx.number, ...v.specialties, cn(v.issuedOn), cn(v.validUntil), "测试发证单位", v.maskedIdCard]) {
    assert.ok(text.includes(s.replace(/\s+/g, "")), `PDF text holds ${s}`);
  }
  assert.not.ok(text.includes(ctx.idCard), "never the full ID number");
});

t("个人信息表: refused before the certificate; then a PDF of the current pool record (a changed region prints)", async () => {
  const other = (await signedIn("expert")).client;
  const refused = await other.get("/certificate/personal-info");
  assert.is(refused.status, 404);
  await db("experts").where({ user_id: ctx.userId }).update({ region: "喀什地区", work_unit: "新的工作单位有限公司" });
  const res = await ctx.expert.get("/certificate/personal-info");
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "application/pdf");
  assert.match(res.headers.get("content-disposition") ?? "", /attachment/);
  const text = pdfText(await res.arrayBuffer()).replace(/\s+/g, "");
  for (const s of ["评标专家个人信息表", "证书甲", ctx.expertNumber, "喀什地区", "新的工作单位有限公司"]) assert.ok(text.includes(s), `个人信息表 holds ${s}`);
  // The number it prints is the 专家编号, and is called so (page 1 and the footer), never 申请编号.
  assert.ok(text.includes(`专家编号：${ctx.expertNumber}`), "labelled 专家编号");
  assert.not.ok(text.includes("申请编号"), "not labelled 申请编号");
});

t("the verify page: changed byte, another key, malformed, unknown number — each said; never a full ID or phone", async () => {
  const [p, s] = ctx.token.split(".");
  // A changed byte in the payload (still valid base64url, still JSON): the signature no longer holds.
  const payload = Buffer.from(p, "base64url").toString("utf8").replace(ctx.number, ctx.number.slice(0, -1) + (ctx.number.endsWith("9") ? "8" : "9"));
  const changed = await verify(`${Buffer.from(payload).toString("base64url")}.${s}`);
  assert.is(changed.status, 400);
  assert.match(await changed.text(), "核验失败");
  // One character of the signature changed.
  const flipped = await verify(`${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`);
  assert.is(flipped.status, 400);
  assert.match(await flipped.text(), "核验失败");
  // The same claims signed with a key this deployment does not hold.
  const other = generateKeyPairSync("ed25519").privateKey;
  const forged = `${p}.${sign(null, Buffer.concat([Buffer.from("xj-expert-certificate\n"), Buffer.from(p, "base64url")]), other).toString("base64url")}`;
  const f = await verify(forged);
  assert.is(f.status, 400);
  assert.match(await f.text(), "核验失败");
  for (const bad of ["abc", "x".repeat(700), "%E4%B8%AD", `${p}.${s}.x`]) {
    const r = await verify(bad);
    assert.ok([400, 404].includes(r.status), `${bad.slice(0, 20)} → ${r.status}`);
    assert.match(await r.text(), bad === "%E4%B8%AD" || bad === "abc" || bad.length > 600 || bad.endsWith(".x") ? "无法识别" : "核验失败");
  }
  // Correctly signed by our key, but no such certificate.
  const unknown = signToken({ number: "ZS-NOT-ISSUED-1", maskedName: "某*", maskedIdCard: "650102********0000", issuedOn: "2026-01-01", validUntil: "2027-12-31", issuer: "测试发证单位" });
  const u = await verify(unknown.token);
  assert.is(u.status, 404);
  assert.match(await u.text(), "未找到该证书");
  const good = await (await verify(ctx.token)).text();
  assert.not.ok(good.includes(ctx.idCard), "no full ID number");
  assert.not.ok(good.includes(ctx.phone), "no phone");
  assert.not.ok(good.includes(ctx.expertNumber), "no 专家编号 either");
});

t("the verify page is public, read-only, briefly cacheable for anonymous visitors only, and rate-limited", async () => {
  const anon = await verify(ctx.token);
  assert.is(anon.status, 200);
  assert.is(anon.headers.get("cache-control"), "public, max-age=30");
  assert.not.ok(anon.headers.get("set-cookie"), "no cookie");
  const signedInRes = await ctx.expert.get(`/verify/${ctx.token}`);
  assert.is(signedInRes.headers.get("cache-control"), "no-store");
  assert.is((await new Client().fetch(`/verify/${ctx.token}`, { method: "POST" })).status, 405);
  const c = new Client();
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) statuses.push((await verify(ctx.token, c)).status);
  assert.equal(statuses.slice(0, 60).filter((s) => s !== 200), []);
  assert.is(statuses[60], 429);
  const limited = await verify(ctx.token, c);
  assert.is(limited.headers.get("retry-after"), "60");
  assert.is(limited.headers.get("cache-control"), "no-store");
  // Another client is not affected.
  assert.is((await verify(ctx.token)).status, 200);
});

t("expiry: the same certificate after its last day reads 已过期 on the verify page", async () => {
  const cert = await db("certificates").where({ number: ctx.number }).first("expires_at");
  clock.at(Number(cert.expires_at) + 1000);
  try {
    const html = await (await verify(ctx.token)).text();
    assert.match(html, 'data-status="expired"');
    assert.match(html, "已过期");
  } finally {
    clock.reset();
  }
});

t("证书管理: search, filter; 撤销 needs a reason, is audited, shows at once on the verify page; twice is refused", async () => {
  const list = async (q: string) => (await (await ctx.admin.get(`/admin/certificates?${q}&${DATA("routes/_app.admin.certificates")}`)).json()) as { total: number; items: { id: number; number: string; status: string }[] };
  const found = await list(`q=${encodeURIComponent(ctx.number)}`);
  assert.is(found.total, 1);
  const id = found.items[0].id;
  assert.is((await list(`q=${encodeURIComponent("证书甲")}&status=valid`)).total, 1);
  assert.is((await list(`q=${encodeURIComponent(ctx.number)}&status=revoked`)).total, 0);
  const url = `/admin/certificates?${DATA("routes/_app.admin.certificates")}`;
  assert.is((await ctx.expert.post(url, { intent: "revoke", id: String(id), reason: "x" })).status, 403);
  const empty = await ctx.admin.post(url, { intent: "revoke", id: String(id), reason: "  " });
  assert.is(empty.status, 400);
  assert.match(await empty.text(), "请填写撤销原因");
  assert.is((await ctx.admin.post(url, { intent: "revoke", id: String(id), reason: "长".repeat(201) })).status, 400);
  assert.is((await ctx.admin.post(url, { intent: "revoke", id: "99999999", reason: "不存在" })).status, 404);
  // Shown on the public verify page: a direction override would turn the reason around there.
  const rtl = await ctx.admin.post(url, { intent: "revoke", id: String(id), reason: "违规\u202Eabc" });
  assert.is(rtl.status, 400);
  assert.match(await rtl.text(), "不可见的格式字符");
  assert.is((await db("certificates").where({ id }).first("revoked_at")).revoked_at, null, "nothing written by refused requests");
  const ok = await ctx.admin.post(url, { intent: "revoke", id: String(id), reason: "提供虚假材料" });
  assert.is(ok.status, 200, await ok.clone().text());
  const html = await (await verify(ctx.token)).text();
  assert.match(html, 'data-status="revoked"');
  assert.match(html, "已撤销");
  assert.match(html, "提供虚假材料");
  assert.is((await ctx.admin.post(url, { intent: "revoke", id: String(id), reason: "再次" })).status, 409);
  const a = await db("audit_log").where({ action: "certificate.revoke", target_id: String(id) }).first("detail");
  assert.equal(JSON.parse(a.detail), { number: ctx.number, reason: "提供虚假材料" });
  assert.is((await list(`q=${encodeURIComponent(ctx.number)}&status=revoked`)).total, 1);
  assert.is((await page(ctx.expert)).status, "revoked");
  // Not handed out again as a clean picture or PDF.
  for (const file of ["png", "pdf"]) {
    const res = await ctx.expert.get(`/certificate/${file}`);
    assert.is(res.status, 410);
    assert.match(await res.text(), "该证书已撤销，不能下载");
  }
  const h = await db("expert_history").join("experts", "experts.id", "expert_history.expert_id").where("experts.user_id", ctx.userId).orderBy("expert_history.row_version", "desc").first("event");
  assert.is(h.event, "certificate-revoked");
});

t("an expert sees only their own certificate; reviewers have no 专家证书 and no 证书管理", async () => {
  const other = (await signedIn("expert")).client;
  assert.is((await page(other)).issued, false);
  assert.is((await other.get("/certificate/pdf")).status, 404);
  const reviewer = (await signedIn("reviewer")).client;
  assert.is((await reviewer.get("/certificate")).status, 403);
  assert.is((await reviewer.get("/admin/certificates")).status, 403);
});

t("rare characters: the SVG source and the PDF text hold the exact code points; the PDF embeds fallback glyphs", async () => {
  const name = "吉𠮷䶮";
  const e = await poolExpertInDb(db, { name, batchId: ctx.batch, number: `RARE${Date.now() % 1e6}` });
  const r = await issueFor(db, e.enrolmentId);
  assert.ok(r.created);
  const c = await new Client().prime();
  const login = await c.post("/login", { mode: "password", username: e.user.username, password: e.user.password });
  assert.is(login.status, 302);
  const v = (await page(c)).view!;
  assert.is(v.name, name);
  const svg = certificateSvg(v);
  assert.ok(svg.includes("𠮷") && svg.includes("䶮"), "SVG source holds U+20BB7 and U+4DAE");
  // The PNG is drawn from glyph outlines (resvg gets no font files): three characters, three outlines, 𠮷's
  // taken from HanaMinB as the PDF's is.
  assert.not.match(svg, /<text/);
  const nameGroup = svg.match(/<g aria-label="吉𠮷䶮"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
  assert.is(nameGroup.match(/<use /g)?.length, 3, "one outline per character of the name");
  assert.match(nameGroup, /href="#g1_\d+"/, "𠮷 outlined from HanaMinB (chain font 1)");
  assert.ok(certificateLayout(v).elements.some((el) => el.kind === "text" && el.text === name));
  const bytes = await (await c.get("/certificate/pdf")).arrayBuffer();
  assert.ok(pdfText(bytes).includes(name), "pdftotext gives the exact code points");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cert-")), "c.pdf");
  fs.writeFileSync(file, Buffer.from(bytes));
  const fonts = spawnSync("pdffonts", [file], { encoding: "utf8" }).stdout;
  assert.match(fonts, /HanaMinB/, "𠮷 drawn by HanaMinB, not as an empty box");
  const png = Buffer.from(await (await c.get("/certificate/png")).arrayBuffer());
  assert.ok((await pngFacts(png)).spread > 20);
});

t("concurrency: 20 simultaneous issues for 20 experts give 20 distinct numbers; 5 at once for one give one", async () => {
  const experts = [];
  for (let i = 0; i < 20; i++) experts.push(await poolExpertInDb(db, { batchId: ctx.batch, number: `CC${process.pid % 1000}${Date.now() % 1e6}${i}` }));
  const results = await Promise.all(experts.map((e) => issueFor(db, e.enrolmentId)));
  assert.ok(results.every((r) => r.created));
  assert.is(new Set(results.map((r) => r.number)).size, 20);
  const one = await poolExpertInDb(db, { batchId: ctx.batch, number: `CD${process.pid % 1000}${Date.now() % 1e6}` });
  const same = await Promise.all(Array.from({ length: 5 }, () => issueFor(db, one.enrolmentId)));
  assert.is(same.filter((r) => r.created).length, 1);
  assert.is(new Set(same.map((r) => r.number)).size, 1);
  assert.is((await db("certificates").where({ enrolment_id: one.enrolmentId })).length, 1);
});

t("the batch editor's 专家证书 card: a bad 证书编号 format or an empty 发证单位 is refused in place", async () => {
  const form = await (await ctx.admin.get(`/admin/batches/${ctx.batch}?${DATA("routes/_app.admin.batches.$id")}`)).json() as { batch: Record<string, unknown> };
  assert.is(form.batch.certificateNumberFormat, "ZSCS{year}{seq:4}");
  assert.is(form.batch.certificateIssuer, "测试发证单位");
  const res = await ctx.admin.post(`/admin/batches/${ctx.batch}?${DATA("routes/_app.admin.batches.$id")}`, { name: "x", certificateNumberFormat: "ZS年", certificateIssuer: "" });
  assert.is(res.status, 400);
  const errors = ((await res.json()) as { errors: Record<string, string> }).errors;
  assert.match(errors.certificateNumberFormat, "{seq}");
  assert.is(errors.certificateIssuer, "请填写发证单位");
});

t("the registered effect issue-certificate takes no arguments and issues for ctx.instance in ctx.trx at ctx.now, once", async () => {
  const effect = EFFECTS["issue-certificate"];
  assert.ok(effect, "registered by the certificates feature");
  const def = {} as Parameters<NonNullable<typeof effect.checkArgs>>[1];
  assert.equal(effect.checkArgs!({}, def), []);
  assert.ok(effect.checkArgs!({ x: 1 }, def).length > 0);
  const e = await poolExpertInDb(db, { batchId: ctx.batch, number: `EF${process.pid % 1000}${Date.now() % 1e6}` });
  const at = Date.parse("2026-03-01T09:00:00+08:00");
  const run = () => db.transaction((trx) => effect.run({ trx, instance: { id: e.enrolmentId, ownerId: e.userId, batchId: ctx.batch }, now: at } as unknown as EffectContext, {}));
  await run();
  await run();
  const rows = await db("certificates").where({ enrolment_id: e.enrolmentId }).select("issued_at");
  assert.equal(rows.map((r: { issued_at: number | string }) => Number(r.issued_at)), [at]);
});

t("the expiry reminder: once, 60 days before, even when two instances run the job at once; none when revoked or far off", async () => {
  const DAY = 86_400_000;
  const soon = await poolExpertInDb(db, { batchId: ctx.batch, number: `RM${process.pid % 1000}${Date.now() % 1e6}` });
  const far = await poolExpertInDb(db, { batchId: ctx.batch, number: `RN${process.pid % 1000}${Date.now() % 1e6}` });
  const revoked = await poolExpertInDb(db, { batchId: ctx.batch, number: `RR${process.pid % 1000}${Date.now() % 1e6}` });
  await db("batches").where({ id: ctx.batch }).update({ certificate_years: 2 });
  // Issued two years ago less 50 days: 50 days left. Issued today: two years left.
  const a = await issueFor(db, soon.enrolmentId, Date.now() - 2 * 365 * DAY + 50 * DAY);
  await issueFor(db, far.enrolmentId);
  const r = await issueFor(db, revoked.enrolmentId, Date.now() - 2 * 365 * DAY + 50 * DAY);
  await db("certificates").where({ id: r.id }).update({ revoked_at: Date.now(), revoke_reason: "测试" });
  const before = await db("notifications").whereIn("user_id", [soon.userId, far.userId, revoked.userId]).count<{ n: number }[]>({ n: "*" });
  const runs = await Promise.all([remindExpiringCertificates(), remindExpiringCertificates()]);
  assert.ok(runs.reduce((x, y) => x + y, 0) >= 1);
  const mine = await db("notifications").where({ user_id: soon.userId }).select("message");
  assert.is(mine.length, 1, "one reminder for the certificate expiring in 50 days");
  assert.match(mine[0].message, a.number);
  assert.match(mine[0].message, "续聘");
  await remindExpiringCertificates();
  assert.is((await db("notifications").where({ user_id: soon.userId })).length, 1, "a restart sends nothing again");
  assert.is((await db("notifications").whereIn("user_id", [far.userId, revoked.userId])).length, Number(before[0].n));
  const sms = await db("sms_outbox").where({ phone: soon.user.phone }).select("message");
  assert.is(sms.length, 1);
  assert.match(sms[0].message, a.number);
});

t("production without CERT_SIGNING_KEY refuses to start", () => {
  const r = spawnSync("node", ["build/server.js"], { env: { ...process.env, PORT: "0", NODE_ENV: "production", SESSION_SECRET: "s3cret-for-test", CERT_SIGNING_KEY: "" }, encoding: "utf8", timeout: 30_000 });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, "CERT_SIGNING_KEY");
});

t.run();
