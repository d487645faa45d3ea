import "../setup/guard";
// 缴费对账 over HTTP (issue 15): an expert approved in a batch owes the fee; an administrator uploads a
// WeChat 交易账单 holding that payment → the preview classifies it (and settles nothing) → 提交 moves the
// enrolment to 已缴费 and notifies the expert → the same file again changes nothing. 手工确认缴费 needs a
// reason, the fee and a payable 专家编号, and is audited. Malformed files are refused with the line and
// reason and write nothing; so are 200 generated bad files (no 5xx). Admin-only. SQLite and PostgreSQL.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import ExcelJS from "exceljs";
import { referenceFinder } from "~/features/reconciliation/expert-reference";
import { BillReader } from "~/features/reconciliation/parse/bill.server";
import { bufferSource } from "~/features/reconciliation/parse/source.server";
import { BillRefused } from "~/features/reconciliation/parse/types.server";
import { Client, db } from "../setup/app";
import { DATA, rowVersion, submittedApplication } from "../setup/applications";
import { signedIn } from "../setup/factories";
import { badBill } from "../fixtures/bills/bad-bills";
import { wechatBill, wxPay, wxRefund } from "../fixtures/bills/wechat";

const t = suite("缴费对账 over HTTP");
type Expert = { client: Client; userId: number; enrolment: number; number: string };
const ctx = {} as { admin: Client; a: Expert; b: Expert; c: Expert };

const PAGE = DATA("routes/_app.admin.payments");
type Answer = { ok: boolean; message: string; errors?: Record<string, string> };
type LinesPage = { imp: { id: number; status: string; counts: Record<string, number>; lineCount: number; settledCount: number }; lines: { lineNo: number; class: string; reference: string | null; raw: string; outcome: string | null; note: string }[]; total: number };

async function upload(c: Client, bytes: Buffer | string, name = "微信账单.csv"): Promise<{ status: number; body: { importId?: number; error?: string } }> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(typeof bytes === "string" ? Buffer.from(bytes) : bytes)]), name);
  const res = await c.fetch("/admin/payments/upload", { method: "POST", body, headers: { "x-csrf-token": c.csrf } });
  return { status: res.status, body: (await res.json()) as { importId?: number; error?: string } };
}
const preview = async (c: Client, id: number, extra = "") => (await (await c.get(`/admin/payments?import=${id}${extra}&${PAGE}`)).json()) as LinesPage;
const post = async (c: Client, fields: Record<string, string>) => {
  const res = await c.post(`/admin/payments?${PAGE}`, fields);
  return { status: res.status, body: (await res.json()) as Answer };
};
/** The newest SMS to `phone` containing `text`, waiting for it (notifications go out after the answer). */
async function smsTo(phone: string, text: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await db("sms_outbox").where({ phone }).where("message", "like", `%${text}%`).orderBy("id", "desc").first("message");
    if (row) return row.message as string;
    if (Date.now() > deadline) throw new Error(`no SMS with ${text} to ${phone}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const stateOf = async (id: number) => (await db("workflow_instances").where({ id }).first("state")).state as string;
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db(table).where(where).count<{ n: number }[]>({ n: "*" }))[0].n);
const snapshot = async () => ({
  imports: await count("payment_imports"), lines: await count("payment_import_lines"), payments: await count("payments"),
  audits: Number((await db("audit_log").where("action", "like", "payment.%").count<{ n: number }[]>({ n: "*" }))[0].n),
  states: (await db("workflow_instances").where({ workflow_key: "training" }).orderBy("id").pluck("state")).join(","),
});

/** An expert approved in the seeded batch: enrolled in its training, owing its fee. */
async function approvedExpert(name: string): Promise<Expert> {
  const ready = await submittedApplication({ name, region: "喀什地区" });
  for (const event of ["accept", "approve"]) {
    const res = await ctx.admin.post(`/review/${ready.id}?${DATA("routes/_app.review.$id")}`, { intent: "transition", event, rowVersion: await rowVersion(ready.id) });
    assert.is(res.status, 200, await res.clone().text());
  }
  const userId = (await db("workflow_instances").where({ id: ready.id }).first("owner_id")).owner_id as number;
  const enrolment = (await db("workflow_instances").where({ workflow_key: "training", owner_id: userId }).first("id")).id as number;
  const number = (await db("experts").where({ user_id: userId }).first("number")).number as string;
  return { client: ready.client, userId, enrolment, number };
}

let txnSeq = 0;
const txn = () => `42000025${String(process.pid % 10000).padStart(4, "0")}${String(++txnSeq).padStart(16, "0")}`;

t.before(async () => {
  ctx.admin = (await signedIn("admin")).client;
  const batch = await db("batches").orderBy("id").first("id");
  await db("batches").where({ id: batch.id }).update({ fee_fen: 20000, payment_working_days: 5 });
  ctx.a = await approvedExpert("对账甲");
  ctx.b = await approvedExpert("对账乙");
  ctx.c = await approvedExpert("对账丙");
  assert.is(await stateOf(ctx.a.enrolment), "awaiting-payment");
});

t("only administrators reach the page and the upload; a refused upload writes nothing", async () => {
  const before = await snapshot();
  const bill = wechatBill([wxPay("2025-06-01 09:00:00", txn(), "200.00", ctx.a.number)]);
  for (const role of ["expert", "reviewer"] as const) {
    const c = (await signedIn(role)).client;
    assert.is((await c.get("/admin/payments")).status, 403);
    assert.is((await upload(c, bill)).status, 403);
    assert.is((await post(c, { intent: "manual", expertNumber: ctx.a.number, amount: "200", txnId: "", reason: "x" })).status, 403);
  }
  assert.is((await upload(ctx.a.client, bill)).status, 403, "not even the payer");
  const anon = await new Client().prime();
  assert.is((await upload(anon, bill)).status, 401);
  const forged = await ctx.admin.fetch("/admin/payments/upload", { method: "POST", body: new FormData() });
  assert.is(forged.status, 403, "no CSRF header");
  assert.equal(await snapshot(), before);
});

t("upload → preview (classified, original text kept, nothing settled) → 提交 settles and notifies → the same file again changes nothing", async () => {
  const paid = txn();
  const rows = [
    wxPay("2025-06-01 09:15:02", paid, "200.00", `培训费 ${ctx.a.number}`),
    wxPay("2025-06-01 09:20:11", txn(), "100.00", `${ctx.c.number.toLowerCase()} 培训费`),
    wxPay("2025-06-01 10:01:45", txn(), "200.00", "XJ29999999 没有这个人"),
    wxPay("2025-06-01 10:30:00", paid, "200.00", `培训费 ${ctx.a.number}`),
    wxRefund("2025-06-01 11:00:00", paid, `503${txn()}`, "200.00", `培训费 ${ctx.a.number}`),
  ];
  const bill = wechatBill(rows);
  const before = await snapshot();
  const up = await upload(ctx.admin, bill);
  assert.is(up.status, 201, JSON.stringify(up.body));
  const id = up.body.importId!;
  const p = await preview(ctx.admin, id);
  assert.equal(p.lines.map((l) => [l.lineNo, l.class]), [[4, "已匹配"], [5, "金额不符"], [6, "未知专家编号"], [7, "重复"], [8, "退款"]]);
  assert.is(p.lines[0].raw, rows[0], "the original text of the line");
  assert.is(p.lines[1].reference, ctx.c.number);
  assert.equal([p.imp.status, p.imp.counts["已匹配"], p.imp.lineCount], ["preview", 1, 5]);
  assert.equal((await preview(ctx.admin, id, `&class=${encodeURIComponent("金额不符")}`)).lines.map((l) => l.lineNo), [5]);
  // The preview settled nothing.
  const afterPreview = await snapshot();
  assert.equal([afterPreview.payments, afterPreview.states], [before.payments, before.states]);
  assert.is(afterPreview.imports, before.imports + 1);
  assert.ok(await db("audit_log").where({ action: "payment.import", target_id: String(id) }).first(), "the upload is audited");

  const c = await post(ctx.admin, { intent: "commit", importId: String(id) });
  assert.equal(c, { status: 200, body: { ok: true, message: "已提交：1 笔入账，已通知专家" } });
  assert.is(await stateOf(ctx.a.enrolment), "paid");
  assert.is(await stateOf(ctx.c.enrolment), "awaiting-payment", "金额不符 is not settled");
  const payment = await db("payments").where({ txn_id: paid }).first();
  assert.equal([payment.instance_id, Number(payment.amount_fen), payment.source, payment.import_id], [ctx.a.enrolment, 20000, "import", id]);
  const phone = (await db("users").where({ id: ctx.a.userId }).first("phone")).phone;
  assert.match(await smsTo(phone, "缴费成功"), "您的培训费已缴费成功", "the expert is told (sent after the answer)");
  const done = await preview(ctx.admin, id);
  assert.equal([done.imp.status, done.imp.settledCount, done.lines[0].outcome], ["committed", 1, "已入账"]);
  assert.ok(await db("audit_log").where({ action: "payment.import_commit", target_id: String(id) }).first());
  assert.is((await post(ctx.admin, { intent: "commit", importId: String(id) })).status, 409, "not twice");

  // The same file again: every line as before, except the settled one, now 已处理; committing changes nothing.
  const settled = await snapshot();
  const again = await upload(ctx.admin, bill);
  assert.is(again.status, 201);
  const p2 = await preview(ctx.admin, again.body.importId!);
  assert.equal(p2.lines.map((l) => l.class), ["已处理", "金额不符", "未知专家编号", "重复", "退款"]);
  assert.equal((await post(ctx.admin, { intent: "commit", importId: String(again.body.importId) })).body, { ok: true, message: "已提交：0 笔入账，已通知专家" });
  const after = await snapshot();
  assert.equal([after.payments, after.states], [settled.payments, settled.states]);
  assert.is(await count("audit_log", { action: "payment.settle" }), (await count("payments")), "one settlement audit per payment");
  // The history lists both imports.
  const home = (await (await ctx.admin.get(`/admin/payments?${PAGE}`)).json()) as { history: { id: number }[] };
  assert.ok([id, again.body.importId].every((x) => home.history.some((h) => h.id === x)));
});

t("a malformed bill is refused with the line and the reason in Chinese, and nothing is written", async () => {
  const before = await snapshot();
  const bad = wechatBill([wxPay("2025-06-01 09:15:02", txn(), "200.00", ctx.b.number), wxPay("2025-06-01 09:16:02", txn(), "12.3.4", ctx.b.number)]);
  assert.equal(await upload(ctx.admin, bad), { status: 422, body: { error: "第 5 行：金额“12.3.4”不是有效金额" } });
  const r = await upload(ctx.admin, "姓名,电话\n张三,138\n");
  assert.is(r.status, 422);
  assert.match(r.body.error!, /^无法识别账单格式/);
  assert.equal(await upload(ctx.admin, ""), { status: 400, body: { error: "文件内容为空，请重新选择文件" } });
  const notMultipart = await ctx.admin.fetch("/admin/payments/upload", { method: "POST", body: "file=x", headers: { "x-csrf-token": ctx.admin.csrf, "content-type": "application/x-www-form-urlencoded" } });
  assert.is(notMultipart.status, 415);
  assert.equal(await snapshot(), before);
});

t("手工确认缴费: reason, fee and a payable 专家编号 required (400/404/409, nothing written); a good one settles and is audited", async () => {
  const before = await snapshot();
  const manual = (fields: Partial<Record<"expertNumber" | "amount" | "txnId" | "reason", string>>) =>
    post(ctx.admin, { intent: "manual", expertNumber: ctx.b.number, amount: "200.00", txnId: "", reason: "银行转账，凭证号 2025060100012", ...fields });
  let r = await manual({ reason: "  " });
  assert.equal([r.status, r.body.errors?.reason], [400, "请填写手工确认的原因"]);
  r = await manual({ amount: "12.3.4" });
  assert.equal([r.status, r.body.errors?.amount], [400, "金额“12.3.4”不是有效金额"]);
  r = await manual({ amount: "150" });
  assert.equal([r.status, r.body.errors?.amount], [400, "实缴金额与应缴金额 200.00 元不符，请核实"]);
  r = await manual({ expertNumber: "XJ00000000" });
  assert.is(r.status, 404);
  r = await manual({ expertNumber: ctx.a.number });
  assert.equal([r.status, r.body.errors?.expertNumber], [409, "该专家的培训费已确认缴费"], "A paid through the bill");
  assert.equal(await snapshot(), before);

  const txnId = txn();
  // Typed in lower case (as read out on the phone): the format's number, as the bills read it.
  assert.match(ctx.b.number, /[A-Z]/, "the number has letters");
  r = await manual({ txnId, expertNumber: ` ${ctx.b.number.toLowerCase()} ` });
  assert.equal(r, { status: 200, body: { ok: true, message: `已确认 ${ctx.b.number} 缴费 200.00 元` } });
  assert.is(await stateOf(ctx.b.enrolment), "paid");
  const audit = await db("audit_log").where({ action: "payment.manual_confirm", target_id: String(ctx.b.enrolment) }).first();
  assert.ok(audit);
  assert.equal(JSON.parse(audit.detail), { expertNumber: ctx.b.number, amountFen: 20000, txnId, reason: "银行转账，凭证号 2025060100012" });
  assert.is((await db("payments").where({ txn_id: txnId }).first()).source, "manual");
  assert.is((await manual({})).status, 409, "not twice");
  // A later bill with that transaction: 已处理, nothing more to settle.
  const up = await upload(ctx.admin, wechatBill([wxPay("2025-06-02 09:00:00", txnId, "200.00", ctx.b.number)]));
  assert.equal((await preview(ctx.admin, up.body.importId!)).lines.map((l) => l.class), ["已处理"]);
});

t("the template as XLSX goes through the same streamed path: matched, committed", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("缴费");
  ws.addRow(["专家编号", "金额", "日期", "交易号", "姓名"]);
  const id = txn();
  ws.addRow([ctx.c.number, 200, new Date(Date.UTC(2025, 5, 2, 10, 0, 0)), id, "对账丙"]);
  const up = await upload(ctx.admin, Buffer.from(await wb.xlsx.writeBuffer()), "缴费模板.xlsx");
  assert.is(up.status, 201, JSON.stringify(up.body));
  const p = await preview(ctx.admin, up.body.importId!);
  assert.equal(p.lines.map((l) => [l.lineNo, l.class, l.reference]), [[2, "已匹配", ctx.c.number]]);
  assert.is((await post(ctx.admin, { intent: "commit", importId: String(up.body.importId) })).status, 200);
  assert.is(await stateOf(ctx.c.enrolment), "paid");
  assert.is(Number((await db("payments").where({ txn_id: id }).first()).paid_at), Date.UTC(2025, 5, 2, 2, 0, 0), "10:00 Beijing time");
});

t("200 generated bad bills over HTTP: never a 5xx, always the parser's own refusal, nothing written", async () => {
  const find = referenceFinder(await db("batches").distinct("number_format").pluck("number_format"));
  // Keep the files the parser refuses (a damaged file can still be a valid bill; those are the unit fuzz's).
  const refused: { bytes: Buffer; message: string }[] = [];
  for (const bytes of fc.sample(badBill, { numRuns: 600, seed: 15 })) {
    if (refused.length === 200) break;
    try {
      for await (const l of new BillReader(bufferSource(bytes), { findReference: find }).read()) void l;
    } catch (e) {
      if (e instanceof BillRefused) refused.push({ bytes, message: e.message });
      else throw e;
    }
  }
  assert.is(refused.length, 200);
  const before = await snapshot();
  for (const { bytes, message } of refused) {
    const r = await upload(ctx.admin, bytes, "bill.csv");
    assert.ok(r.status >= 400 && r.status < 500, `${r.status} for ${JSON.stringify(bytes.subarray(0, 60).toString("latin1"))}`);
    assert.is(r.body.error, message);
  }
  assert.equal(await snapshot(), before);
});

t("a bill has its own size limit (BILL_MAX_BYTES, 50 MiB by default), not the 10 MB of other uploads: over it 413 in Chinese, nothing written", async () => {
  const billMax = Number(process.env.BILL_MAX_BYTES ?? 50 * 1024 * 1024);
  const uploadMax = Number(process.env.UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024);
  // Built first: a pause between requests longer than the server's keep-alive would reset the socket.
  const line = "这不是账单的一行,0.00\n";
  const overUploadMax = Buffer.from(line.repeat(Math.ceil((uploadMax + 1024 * 1024) / Buffer.byteLength(line))));
  const overBillMax = Buffer.alloc(billMax + 1, 0x41);
  const before = await snapshot();
  // Over the general upload limit, within the bill's: it reaches the parser (no header in it: 422).
  const mid = await upload(ctx.admin, overUploadMax, "大账单.csv");
  assert.is(mid.status, 422, mid.body.error);
  assert.match(mid.body.error ?? "", /无法识别账单格式/);
  // Past the bill's limit, within the body cap: the route stops it, reading no further.
  const big = await upload(ctx.admin, overBillMax, "超大账单.csv");
  assert.is(big.status, 413, big.body.error);
  assert.match(big.body.error ?? "", new RegExp(`文件过大.*${Math.floor(billMax / 1024 / 1024)} MB`));
  assert.equal(await snapshot(), before);
});

t.run();
