import "../setup/guard";
import "../setup/features";
// Issue 15: an approved admission enrols the expert in the batch's training plan (workflows/training.yaml);
// 我的培训 lists its courses in the manual's ten columns with the 专家编号; 缴费 shows the fee, QR and
// reference; 【完成】 records the claim (with the expert's own voucher only) inside the payment window
// and is refused after it with the deadline; an administrator's 延期 opens a new window (audited); a
// settled payment moves the enrolment to 已缴费 once per transaction id. Permissions: nobody sees
// another's enrolment; the admin pages are admin-only. Runs on SQLite and PostgreSQL.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { settlePayment, payableByExpertNumber } from "~/features/training/payments.server";
import { parseYuan } from "~/utils/money";
import { enrolmentStateTitle } from "~/features/training/enrolment";
import { requirementsOf } from "~/features/certificates/pages.server";
import { Client, db } from "../setup/app";
import { DATA, rowVersion, submittedApplication, uploadRef } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { png } from "../setup/uploads";

const t = suite("training enrolment and payment");
const DAY = 86_400_000;
const ctx = {} as { admin: Client; expert: Client; expertUserId: number; appId: number; enrolment: number; number: string; batch: number; qrSha: string };

type TrainingPage = {
  expertNumber: string | null; total: number;
  rows: { course: string; studyStart: string; progress: string; reviewStatus: string; retake: string; finished: string; reviewedAt: string; canStudy: boolean; canPay: boolean; enrolmentId: number }[];
  enrolments: { id: number; state: string; stateTitle: string; due: string; deadline: string }[];
};
const trainingPage = async (c: Client, query = "") => (await (await c.get(`/training?${query}${query ? "&" : ""}${DATA("routes/_app.training._index")}`)).json()) as TrainingPage;
const payPage = (c: Client, id: number) => c.get(`/training/${id}/pay?${DATA("routes/_app.training.$id.pay")}`);
const claim = async (c: Client, id: number, fields: Record<string, string> = {}) => {
  const res = await c.post(`/training/${id}/pay?${DATA("routes/_app.training.$id.pay")}`, { intent: "claim", rowVersion: await rowVersion(id), ...fields });
  return { status: res.status, body: (await res.json()) as { ok: boolean; message: string } };
};
const stateOf = async (id: number) => (await db("workflow_instances").where({ id }).first("state")).state as string;
const adminActor = async () => {
  const u = await db("users").where({ role: "admin" }).orderBy("id", "desc").first("id", "name");
  return { id: u.id as number, role: "admin" as const, name: u.name as string };
};

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  // The seeded batch's plan: 300.50 元 within 2 working days, two courses.
  const ready = await submittedApplication({ name: "培训甲", region: "和田地区" });
  ctx.batch = (await db("workflow_instances").where({ id: ready.id }).first("batch_id")).batch_id;
  await db("batches").where({ id: ctx.batch }).update({ fee_fen: parseYuan("300.50"), payment_working_days: 2, payment_instructions: "请使用微信扫码缴费" });
  // The 收款二维码 comes later (its absence is a test of its own below).
  ctx.qrSha = (await uploadRef(ctx.admin, "收款码.png", png())).replace(/^file:/, "");
  await db("training_courses").where({ batch_id: ctx.batch }).delete();
  await db("training_courses").insert([{ batch_id: ctx.batch, seq: 1, name: "系统使用教学课程", study_days: 1 }, { batch_id: ctx.batch, seq: 2, name: "专家知识课程", study_days: 2 }]);
  ctx.expert = ready.client;
  ctx.appId = ready.id;
  ctx.expertUserId = (await db("workflow_instances").where({ id: ready.id }).first("owner_id")).owner_id;
  for (const event of ["accept", "approve"]) {
    const res = await ctx.admin.post(`/review/${ready.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event, rowVersion: await rowVersion(ready.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
});

t("approval enrols the expert: 待缴费, the batch's fee in 分, a deadline 2 working days on", async () => {
  const e = await db("workflow_instances").where({ workflow_key: "training", owner_id: ctx.expertUserId }).first();
  assert.ok(e, "an enrolment exists");
  ctx.enrolment = e.id;
  assert.is(e.state, "awaiting-payment");
  assert.is(e.batch_id, ctx.batch);
  const payment = JSON.parse(e.data).payment;
  assert.is(payment.dueFen, 30050);
  assert.ok(payment.deadline > Date.now() + DAY, "at least one whole day to pay");
  ctx.number = (await db("experts").where({ user_id: ctx.expertUserId }).first("number")).number;
  const msg = await db("sms_outbox").orderBy("id", "desc").first("message");
  assert.match(msg.message, "【我的培训】");
  // One message on approval, asking for the fee with its amount and deadline.
  const mine = await db("notifications").where({ user_id: ctx.expertUserId }).orderBy("id", "desc").first("message");
  assert.match(mine.message, /请于\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?前登录系统在【我的培训】中缴纳培训费300\.50元/);
});

t("enrol-training's notify argument is checked: both messages, words only", async () => {
  const { enrolTraining } = await import("~/features/training/effects.server");
  const def = {} as Parameters<NonNullable<typeof enrolTraining.checkArgs>>[1];
  const check = (args: Record<string, unknown>) => enrolTraining.checkArgs!(args, def);
  assert.equal(check({}), []);
  assert.equal(check({ notify: { due: "请缴费{fee}元", free: "无需缴费" } }), []);
  assert.match(check({ notify: { due: "请缴费" } }).join("；"), "缺少 notify.free");
  assert.match(check({ notify: "请缴费" }).join("；"), "notify 须为");
  assert.match(check({ notify: { due: "a", free: "b", other: "c" } }).join("；"), "不支持参数 \"other\"");
  assert.match(check({ notify: { due: "长".repeat(301), free: "b" } }).join("；"), "不能超过300个字");
  assert.ok(check({ x: 1 }).length > 0);
});

t("我的培训: the ten columns' values per course, the 专家编号, search by 课程名称, paging", async () => {
  const p = await trainingPage(ctx.expert);
  assert.is(p.expertNumber, ctx.number);
  assert.is(p.total, 2);
  assert.equal(p.rows.map((r) => r.course), ["系统使用教学课程", "专家知识课程"]);
  const r = p.rows[0];
  assert.equal([r.studyStart, r.progress, r.reviewStatus, r.retake, r.finished, r.reviewedAt, r.canStudy, r.canPay], ["-", "0%", "待批阅", "否", "否", "-", false, true]);
  assert.is(p.enrolments[0].stateTitle, "待缴费");
  assert.is(p.enrolments[0].due, "300.50 元");
  const found = await trainingPage(ctx.expert, `q=${encodeURIComponent("专家")}`);
  assert.equal(found.rows.map((x) => x.course), ["专家知识课程"]);
  assert.is((await trainingPage(ctx.expert, "q=%25")).total, 0, "% is a character, not a wildcard");
  const html = await (await ctx.expert.get("/training")).text();
  for (const h of ["序号", "课程名称", "学习开始时间", "学习结束时间", "学习进度", "批阅状态", "是否补学", "培训完毕", "批阅时间", "操作", "查询", "重置", "专家编号"]) assert.match(html, h);
});

t("the batch's 培训费用 changed after an approval: the page says who keeps the old fee; the enrolment keeps it", async () => {
  const page = DATA("routes/_app.admin.batches.$id");
  const before = (await (await ctx.admin.get(`/admin/batches/${ctx.batch}?${page}`)).json()) as { batch: Record<string, unknown> & { courses: { name: string; days: string }[]; forms: Record<string, number> }; enrolled: { total: number; byFee: { fee: string; n: number }[] } };
  assert.ok(before.enrolled.total >= 1);
  assert.ok(before.enrolled.byFee.some((f) => f.fee === "300.50" && f.n >= 1), JSON.stringify(before.enrolled));
  // The editor's own fields, posted back with another fee (as 保存 does).
  const b = before.batch;
  const fields: Record<string, string | string[]> = {
    ...Object.fromEntries(["name", "opensAt", "closesAt", "batchDate", "workflow", "pledgeText", "eligibilityRules", "numberFormat", "retakeFeeYuan", "paymentInstructions", "paymentWorkingDays", "certificateYears", "certificateNumberFormat", "certificateIssuer"].map((k) => [k, String(b[k])])),
    ...Object.fromEntries(Object.entries(b.forms).map(([k, v]) => [`forms.${k}`, String(v)])),
    applicationTypes: b.applicationTypes as string[], courseName: b.courses.map((c) => c.name), courseDays: b.courses.map((c) => c.days),
  };
  const same = await ctx.admin.post(`/admin/batches/${ctx.batch}`, { ...fields, feeYuan: "300.50" });
  assert.is(same.status, 302);
  assert.is(new URL(same.headers.get("location")!, "http://x").searchParams.get("fee"), null, "an unchanged fee says nothing");
  const changed = await ctx.admin.post(`/admin/batches/${ctx.batch}`, { ...fields, feeYuan: "0" });
  assert.is(changed.status, 302, await changed.clone().text());
  assert.is(new URL(changed.headers.get("location")!, "http://x").searchParams.get("fee"), "changed");
  assert.is(Number((await db("batches").where({ id: ctx.batch }).first("fee_fen")).fee_fen), 0);
  assert.is(JSON.parse((await db("workflow_instances").where({ id: ctx.enrolment }).first("data")).data).payment.dueFen, 30050, "the enrolment keeps its fee");
  assert.is((await trainingPage(ctx.expert)).enrolments[0].due, "300.50 元");
  // The application's 缴费 card says the same (it read the batch's new fee before).
  const app = (await (await ctx.expert.get(`/apply/${ctx.appId}?${DATA("routes/_app.apply.$id")}`)).json()) as { payment: { due: string; free: boolean } };
  assert.equal([app.payment.due, app.payment.free], ["300.50", false]);
  // Approved now, with nothing due: 待确认 (not 待缴费) beside 「无需缴费，去确认」.
  const free = await submittedApplication({ name: "培训乙", region: "和田地区" });
  for (const event of ["accept", "approve"]) {
    const res = await ctx.admin.post(`/review/${free.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event, rowVersion: await rowVersion(free.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
  assert.is((await trainingPage(free.client)).enrolments[0].stateTitle, "待确认（无需缴费）");
  // Its approval message asks for no payment.
  const freeUser = (await db("workflow_instances").where({ id: free.id }).first("owner_id")).owner_id;
  const sms = await db("notifications").where({ user_id: freeUser }).orderBy("id", "desc").first("message");
  assert.match(sms.message, "本次岗前培训无需缴费，请登录系统在【我的培训】中确认后参加培训学习");
  assert.not.match(sms.message, "缴纳");
  const home = (await (await free.client.get(`/?${DATA("routes/_app._index")}`)).json()) as { training: { stateTitle: string; next: { label: string } } };
  assert.equal([home.training.stateTitle, home.training.next.label], ["待确认（无需缴费）", "无需缴费，去确认"]);
  // Confirmed with 【完成】: nothing was paid, so no page or list calls it 已缴费 — 已确认（无需缴费）.
  const freeEnrolment = Number((await db("workflow_instances").where({ owner_id: freeUser, workflow_key: "training" }).first("id")).id);
  assert.is((await claim(free.client, freeEnrolment)).status, 200);
  assert.is(await stateOf(freeEnrolment), "paid");
  const FREE_PAID = "已确认（无需缴费）";
  assert.is((await trainingPage(free.client)).enrolments[0].stateTitle, FREE_PAID, "我的培训");
  assert.is(((await (await payPage(free.client, freeEnrolment)).json()) as { stateTitle: string }).stateTitle, FREE_PAID, "缴费状态");
  assert.is((await (await free.client.get(`/training/${freeEnrolment}?${DATA("routes/_app.training.$id._index")}`)).json()).stateTitle, FREE_PAID, "学习's tag");
  assert.is(((await (await free.client.get(`/?${DATA("routes/_app._index")}`)).json()) as typeof home).training.stateTitle, FREE_PAID, "首页");
  const freeName = (await db("users").where({ id: freeUser }).first("name")).name as string;
  const listed = (await (await ctx.admin.get(`/admin/training?status=paid&q=${encodeURIComponent(freeName)}&${DATA("routes/_app.admin.training")}`)).json()) as { items: { id: number; stateTitle: string }[] };
  assert.is(listed.items.find((i) => i.id === freeEnrolment)?.stateTitle, FREE_PAID, "培训报名 (admin)");
  const cert = (await (await free.client.get(`/certificate?${DATA("routes/_app.certificate._index")}`)).json()) as { requirements: { label: string; note: string }[] };
  assert.is(cert.requirements.find((r) => r.label === "缴费")?.note, FREE_PAID, "专家证书's 缴费 step");
  // A paid one keeps 已缴费.
  assert.is(enrolmentStateTitle("paid", "已缴费", 30050), "已缴费");
  assert.equal(requirementsOf("paid", 30050)[0].note, "已缴费");
  const after = (await (await ctx.admin.get(`/admin/batches/${ctx.batch}?${page}`)).json()) as typeof before;
  // One more at 0.00 than before (suites earlier in the same shard may have enrolled others in this batch).
  const atZero = (e: typeof before.enrolled) => e.byFee.find((f) => f.fee === "0.00")?.n ?? 0;
  assert.is(atZero(after.enrolled), atZero(before.enrolled) + 1, JSON.stringify(after.enrolled));
  await ctx.admin.post(`/admin/batches/${ctx.batch}`, { ...fields, feeYuan: "300.50" });
});

t("缴费 without a 收款二维码: the page says so and offers no 【完成】; a claim is refused and changes nothing", async () => {
  // Taken off here: a suite run before this one in the same shard (same database) may have set one.
  await db("batches").where({ id: ctx.batch }).update({ payment_qr_sha: null });
  const p = (await (await payPage(ctx.expert, ctx.enrolment)).json()) as { canClaim: boolean; noQr: string | null };
  assert.equal([p.canClaim, p.noQr], [false, "收款二维码尚未配置，暂不能缴费，请联系主管部门"]);
  const r = await claim(ctx.expert, ctx.enrolment);
  assert.is(r.status, 409);
  assert.is(r.body.message, "收款二维码尚未配置，暂不能缴费，请联系主管部门");
  assert.is(await stateOf(ctx.enrolment), "awaiting-payment");
  await db("batches").where({ id: ctx.batch }).update({ payment_qr_sha: ctx.qrSha });
});

t("缴费 shows the fee in 元, the deadline and the 专家编号 as reference; nobody else sees it", async () => {
  const res = await payPage(ctx.expert, ctx.enrolment);
  assert.is(res.status, 200);
  const p = (await res.json()) as { due: string; expertNumber: string; canClaim: boolean; deadline: string };
  assert.equal([p.due, p.expertNumber, p.canClaim, (p as { noQr?: unknown }).noQr], ["300.50", ctx.number, true, null]);
  const other = (await signedIn("expert")).client;
  assert.is((await payPage(other, ctx.enrolment)).status, 404);
  assert.is((await claim(other, ctx.enrolment)).status, 404);
  assert.is((await payPage((await signedIn("reviewer")).client, ctx.enrolment)).status, 404);
  assert.is((await (await new Client().prime()).get(`/training/${ctx.enrolment}/pay`)).status, 302);
  assert.is((await payPage(ctx.expert, 99999999)).status, 404);
  assert.is((await ctx.expert.get("/training/abc/pay")).status, 404);
});

t("【完成】 with someone else's upload as voucher is refused and changes nothing", async () => {
  const other = (await signedIn("expert")).client;
  const theirs = await uploadRef(other, "别人的凭证.png", png());
  const r = await claim(ctx.expert, ctx.enrolment, { voucher: theirs });
  assert.is(r.status, 422);
  assert.match(r.body.message, "缴费凭证无效");
  assert.is(await stateOf(ctx.enrolment), "awaiting-payment");
  assert.is((await claim(ctx.expert, ctx.enrolment, { voucher: "file:../../etc/passwd" })).status, 422);
});

t("after the window 【完成】 is refused with the deadline; the list shows 已逾期; 延期 reopens it (audited)", async () => {
  // The window closes (moving the clock days on would also end the sessions).
  const row = await db("workflow_instances").where({ id: ctx.enrolment }).first("data");
  const data = JSON.parse(row.data);
  data.payment.deadline = Date.now() - 1000;
  await db("workflow_instances").where({ id: ctx.enrolment }).update({ data: JSON.stringify(data) });
  {
    const p = await trainingPage(ctx.expert);
    assert.is(p.enrolments[0].stateTitle, "已逾期");
    const r = await claim(ctx.expert, ctx.enrolment);
    assert.is(r.status, 409, r.body.message);
    assert.is(await stateOf(ctx.enrolment), "overdue");
    const list = (await (await ctx.admin.get(`/admin/training?q=${encodeURIComponent(ctx.number)}&${DATA("routes/_app.admin.training")}`)).json()) as { items: { id: number; stateTitle: string; rowVersion: number }[] };
    assert.equal(list.items.map((i) => [i.id, i.stateTitle]), [[ctx.enrolment, "已逾期"]]);
    const extend = (fields: Record<string, string>) => ctx.admin.post(`/admin/training?${DATA("routes/_app.admin.training")}`, { intent: "transition", event: "extend", id: String(ctx.enrolment), rowVersion: String(list.items[0].rowVersion), ...fields });
    const noReason = await extend({ reason: "" });
    assert.is(noReason.status, 422, "a reason is required");
    assert.is(await stateOf(ctx.enrolment), "overdue");
    const ok = await extend({ reason: "专家因病住院，延期缴费" });
    assert.is(ok.status, 200, await ok.clone().text());
    assert.match(((await ok.json()) as { message: string }).message, "新的缴费截止时间");
    assert.is(await stateOf(ctx.enrolment), "awaiting-payment");
    const logged = await db("audit_log").where({ action: "training.transition", target_id: String(ctx.enrolment) }).orderBy("id", "desc").first();
    assert.ok(logged, "延期 is audited");
    // A page read before the 延期: told the information changed (no 刷新), nothing claimed.
    const older = await ctx.expert.post(`/training/${ctx.enrolment}/pay?${DATA("routes/_app.training.$id.pay")}`, { intent: "claim", rowVersion: String(Number(await rowVersion(ctx.enrolment)) - 1) });
    assert.is(older.status, 409);
    assert.equal(await older.json(), { ok: false, message: "缴费信息已更新（如缴费截止时间），请核对后再点击【完成】", current: true });
    assert.is(await stateOf(ctx.enrolment), "awaiting-payment");
    const voucher = await uploadRef(ctx.expert, "缴费截图.png", png());
    const claimed = await claim(ctx.expert, ctx.enrolment, { voucher });
    assert.is(claimed.status, 200, claimed.body.message);
    assert.is(await stateOf(ctx.enrolment), "payment-claimed");
    // Again (a second tab, or a page older than the claim): told where it stands, not asked to refresh.
    const again = await claim(ctx.expert, ctx.enrolment);
    assert.is(again.status, 409, "claimed once");
    assert.match(again.body.message, /^缴费已提交（.+），正在等待对账确认/);
    assert.not.match(again.body.message, "刷新");
    const stale = await ctx.expert.post(`/training/${ctx.enrolment}/pay?${DATA("routes/_app.training.$id.pay")}`, { intent: "claim", rowVersion: "1" });
    assert.match(((await stale.json()) as { message: string }).message, "正在等待对账确认");
  }
});

t("a settled payment moves the enrolment to 已缴费 once per transaction id; learning opens", async () => {
  const payable = await payableByExpertNumber(ctx.number);
  assert.equal([payable?.instanceId, payable?.dueFen, payable?.settled], [ctx.enrolment, 30050, false]);
  assert.is(await payableByExpertNumber("XJ-NOBODY"), null);
  const actor = await adminActor();
  const payment = { amountFen: 30050, txnId: "4200009999202511300001", paidAt: Date.now(), source: "import" as const };
  assert.equal(await settlePayment(ctx.enrolment, payment, actor, "127.0.0.1"), { ok: true });
  assert.equal(await settlePayment(ctx.enrolment, payment, actor, "127.0.0.1"), { ok: false, message: "该交易已处理" });
  assert.is(await stateOf(ctx.enrolment), "paid");
  assert.is((await db("payments").where({ instance_id: ctx.enrolment }).count<{ n: number }[]>({ n: "*" }))[0].n.toString(), "1");
  const p = await trainingPage(ctx.expert);
  assert.is(p.enrolments[0].stateTitle, "已缴费");
  assert.ok(p.rows.every((r) => r.canStudy && r.studyStart !== "-"), "学习 opens with start times");
  assert.is((await ctx.expert.get(`/training/${ctx.enrolment}`)).status, 200);
  const again = await settlePayment(ctx.enrolment, { ...payment, txnId: "another" }, actor, "127.0.0.1");
  assert.is(again.ok, false, "already paid");
});

t("the admin pages are the administrator's; the expert's pages are the expert's", async () => {
  const reviewer = (await signedIn("reviewer")).client;
  for (const c of [ctx.expert, reviewer]) {
    assert.is((await c.get(`/admin/training?${DATA("routes/_app.admin.training")}`)).status, 403);
    assert.is((await c.post(`/admin/training?${DATA("routes/_app.admin.training")}`, { intent: "transition", event: "extend", id: String(ctx.enrolment), rowVersion: "1", reason: "x" })).status, 403);
  }
  assert.is((await reviewer.get(`/training?${DATA("routes/_app.training._index")}`)).status, 403);
  assert.is((await (await new Client().prime()).get("/training")).status, 302);
  const bad = await ctx.admin.post(`/admin/training?${DATA("routes/_app.admin.training")}`, { intent: "transition", event: "extend", id: "abc", rowVersion: "1", reason: "x" });
  assert.is(bad.status, 400);
  assert.is((await ctx.admin.post(`/admin/training?${DATA("routes/_app.admin.training")}`, { intent: "transition", event: "extend", id: "99999999", rowVersion: "1", reason: "x" })).status, 404);
});

t.run();
