import "../setup/guard";
// 缴费对账, the service against the real database with a fake training feature (the PaymentPort): a
// preview stores every line with its class and original text and settles nothing; 提交 settles only the
// 已匹配 lines; the same file again changes nothing; a refused file writes nothing; a commit that crashed
// half-way is finished by committing again (after its lease), never settling a line twice; two commits
// at once are one commit. Runs on SQLite and PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Payable } from "~/features/reconciliation/classify";
import { BILL_CLASS, IMPORT_STATUS } from "~/features/reconciliation/constants";
import { COMMIT_LEASE_MS, commitImport, listLines, previewBill } from "~/features/reconciliation/imports.server";
import { bufferSource } from "~/features/reconciliation/parse/source.server";
import type { PaymentPort, Settlement } from "~/features/reconciliation/port";
import { startup } from "~/entry.server";
import { createUser } from "~/models/users.server";
import { db } from "~/utils/db.server";

// Migrated and seeded (the first batch) as the server does at start-up.
await startup();

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/bills");
const WECHAT = fs.readFileSync(path.join(FIXTURES, "wechat-merchant.csv"));
const g = globalThis as { __clockOffsetMs?: number };

/** The training side, in memory: enrolments by 专家编号, payments by txn id; settle is idempotent. */
function fakeTraining() {
  const enrolments = new Map<string, Payable>([
    ["XJ20250001", { instanceId: 1, userId: 1, expertNumber: "XJ20250001", dueFen: 20000, state: "已提交缴费", settled: false }],
    ["XJ20250003", { instanceId: 3, userId: 3, expertNumber: "XJ20250003", dueFen: 20000, state: "待缴费", settled: false }],
    ["XJ20250004", { instanceId: 4, userId: 4, expertNumber: "XJ20250004", dueFen: 20000, state: "待缴费", settled: false }],
  ]);
  const payments = new Map<string, Settlement & { instanceId: number }>([["4200002501202506010000000009", { instanceId: 4, amountFen: 20000, txnId: "4200002501202506010000000009", paidAt: 0, source: "manual" }]]);
  const settleCalls: string[] = [];
  let crashAfter = Infinity;
  const port: PaymentPort = {
    async payables(numbers) {
      return new Map(numbers.filter((n) => enrolments.has(n)).map((n) => [n, { ...enrolments.get(n)! }]));
    },
    async recorded(ids) {
      return new Set(ids.filter((id) => payments.has(id)));
    },
    async settledByImport(importId, ids) {
      return new Set(ids.filter((id) => payments.get(id)?.importId === importId));
    },
    async settle(instanceId, payment) {
      if (settleCalls.length >= crashAfter) throw new Error("the process died here");
      settleCalls.push(payment.txnId ?? "");
      if (payment.txnId && payments.has(payment.txnId)) return { ok: false, message: "该交易已处理" };
      const e = [...enrolments.values()].find((p) => p.instanceId === instanceId)!;
      if (e.settled) return { ok: false, message: "该专家的培训费已确认缴费" };
      e.settled = true;
      payments.set(payment.txnId ?? `manual-${instanceId}`, { ...payment, instanceId });
      return { ok: true };
    },
    async settleBatch(items, actor, ip) {
      const out = [];
      for (const { instanceId, payment } of items) out.push(await port.settle(instanceId, payment, actor, ip));
      return out;
    },
  };
  return { port, enrolments, payments, settleCalls, crashAt: (n: number) => (crashAfter = n) };
}

const t = suite("reconciliation service");
const ctx = {} as { admin: { id: number; role: "admin"; name: string } };

t.before(async () => {
  const id = await createUser({ username: `rs${process.pid % 1000}admin`, phone: `139${String(process.pid % 1000).padStart(3, "0")}00001`, name: "对账管理员", password: "Secret#2025x", role: "admin" });
  ctx.admin = { id, role: "admin" as const, name: "对账管理员" };
  // The fixtures' numbers are XJ{year}{seq:4}; the seeded batch may use another format.
  if (!(await db("batches").where({ number_format: "XJ{year}{seq:4}" }).first("id"))) {
    const { id: _id, ...batch } = await db("batches").orderBy("id").first();
    await db("batches").insert({ ...batch, name: "对账测试批次", number_format: "XJ{year}{seq:4}" });
  }
});

const upload = (bytes: Buffer, name = "bill.csv") => ({ source: bufferSource(bytes), fileName: name, sha256: `sha-${bytes.length}-${bytes[bytes.length - 3]}`, size: bytes.length });
const counts = async () => ({
  imports: Number((await db("payment_imports").count<{ n: number }[]>({ n: "*" }))[0].n),
  lines: Number((await db("payment_import_lines").count<{ n: number }[]>({ n: "*" }))[0].n),
  audits: Number((await db("audit_log").where("action", "like", "payment.%").count<{ n: number }[]>({ n: "*" }))[0].n),
});

t("a preview classifies and stores every line with its original text, and settles nothing; 提交 settles the 已匹配 ones", async () => {
  const fake = fakeTraining();
  const r = await previewBill(upload(WECHAT, "微信账单.csv"), ctx.admin, "10.0.0.1", fake.port);
  assert.ok(r.ok);
  const id = (r as { importId: number }).importId;
  assert.equal(fake.settleCalls, [], "a preview settles nothing");
  const imp = await db("payment_imports").where({ id }).first();
  assert.equal([imp.format, imp.status, imp.line_count, imp.matched_count, imp.mismatch_count, imp.unknown_count, imp.duplicate_count, imp.refund_count, imp.processed_count].map(String),
    ["wechat-merchant", IMPORT_STATUS.preview, "6", "1", "1", "1", "1", "1", "1"]);
  const { rows } = await listLines(id, null, { offset: 0, limit: 50 });
  assert.equal(rows.map((l) => [l.lineNo, l.class]), [[4, BILL_CLASS.matched], [5, BILL_CLASS.mismatch], [6, BILL_CLASS.unknown], [7, BILL_CLASS.duplicate], [8, BILL_CLASS.refund], [9, BILL_CLASS.processed]]);
  assert.ok(rows[0].raw.startsWith("`2025-06-01 09:15:02,`wx00000000000000a1,"), "the original text is kept");
  assert.is(rows[1].note, "应缴 200.00 元，实付 100.00 元");
  const audit = await db("audit_log").where({ action: "payment.import", target_id: String(id) }).first();
  assert.ok(audit, "the import is audited");

  const c = await commitImport(id, ctx.admin, "10.0.0.1", fake.port);
  assert.equal(c, { ok: true, settled: 1, refused: 0 });
  assert.equal(fake.settleCalls, ["4200002501202506010000000001"], "only the 已匹配 line is settled");
  assert.ok(fake.enrolments.get("XJ20250001")!.settled);
  assert.not.ok(fake.enrolments.get("XJ20250003")!.settled, "金额不符 is not settled");
  const after = await db("payment_imports").where({ id }).first();
  assert.equal([after.status, Number(after.settled_count), after.committed_by], [IMPORT_STATUS.committed, 1, ctx.admin.id]);
  assert.is((await listLines(id, BILL_CLASS.matched, { offset: 0, limit: 10 })).rows[0].outcome, "已入账");
  assert.ok(await db("audit_log").where({ action: "payment.import_commit", target_id: String(id) }).first());
  assert.equal(await commitImport(id, ctx.admin, "10.0.0.1", fake.port), { ok: false, status: 409, message: "该账单已提交，不能重复提交" });

  // The same file again: the settled payment is now 已处理; committing it changes nothing.
  const again = await previewBill(upload(WECHAT, "微信账单.csv"), ctx.admin, "10.0.0.1", fake.port);
  assert.ok(again.ok);
  const id2 = (again as { importId: number }).importId;
  const second = await listLines(id2, null, { offset: 0, limit: 50 });
  assert.equal(second.rows.map((l) => l.class), [BILL_CLASS.processed, BILL_CLASS.mismatch, BILL_CLASS.unknown, BILL_CLASS.duplicate, BILL_CLASS.refund, BILL_CLASS.processed]);
  const paymentsBefore = fake.payments.size;
  assert.equal(await commitImport(id2, ctx.admin, "10.0.0.1", fake.port), { ok: true, settled: 0, refused: 0 });
  assert.is(fake.payments.size, paymentsBefore, "no second settlement");
  assert.equal(fake.settleCalls, ["4200002501202506010000000001"]);
});

t("a refused file writes nothing: no import, no line, no audit", async () => {
  const fake = fakeTraining();
  const before = await counts();
  const bad = Buffer.from("专家编号,金额,日期,交易号\nXJ20250001,200,2025-06-01,T1\nXJ20250001,12.3.4,2025-06-01,T2\n");
  assert.equal(await previewBill(upload(bad), ctx.admin, "10.0.0.1", fake.port), { ok: false, status: 422, message: "第 3 行：金额“12.3.4”不是有效金额" });
  const onlyHeader = Buffer.from("专家编号,金额,日期,交易号\n");
  assert.equal((await previewBill(upload(onlyHeader), ctx.admin, "10.0.0.1", fake.port)).ok, false);
  assert.equal(await counts(), before);
});

t("a commit that crashed half-way is finished by committing again, after its lease; no line is settled twice", async () => {
  const fake = fakeTraining();
  fake.enrolments.set("XJ20250005", { instanceId: 5, userId: 5, expertNumber: "XJ20250005", dueFen: 20000, state: "待缴费", settled: false });
  fake.enrolments.set("XJ20250006", { instanceId: 6, userId: 6, expertNumber: "XJ20250006", dueFen: 20000, state: "待缴费", settled: false });
  const bill = Buffer.from("专家编号,金额,日期,交易号\nXJ20250001,200,2025-06-01,C1\nXJ20250005,200,2025-06-01,C2\nXJ20250006,200,2025-06-01,C3\n");
  const r = await previewBill(upload(bill), ctx.admin, "10.0.0.1", fake.port);
  const id = (r as { importId: number }).importId;
  fake.crashAt(1);
  let crashed = false;
  await commitImport(id, ctx.admin, "10.0.0.1", fake.port).catch(() => (crashed = true));
  assert.ok(crashed);
  assert.equal(fake.settleCalls, ["C1"]);
  assert.is((await db("payment_imports").where({ id }).first()).status, IMPORT_STATUS.committing);
  fake.crashAt(Infinity);
  assert.equal(await commitImport(id, ctx.admin, "10.0.0.1", fake.port), { ok: false, status: 409, message: "该账单正在提交中，请稍后刷新页面查看结果" }, "held by the lease");
  g.__clockOffsetMs = (g.__clockOffsetMs ?? 0) + COMMIT_LEASE_MS + 1000;
  try {
    assert.equal(await commitImport(id, ctx.admin, "10.0.0.1", fake.port), { ok: true, settled: 3, refused: 0 });
  } finally {
    g.__clockOffsetMs = (g.__clockOffsetMs ?? 0) - COMMIT_LEASE_MS - 1000;
  }
  assert.equal(fake.settleCalls, ["C1", "C2", "C3"], "the line settled before the crash is not settled again");
});

t("two commits at once: one settles, the other is refused", async () => {
  const fake = fakeTraining();
  const bill = Buffer.from("专家编号,金额,日期,交易号\nXJ20250001,200,2025-06-01,P1\nXJ20250003,200,2025-06-01,P2\n");
  const id = ((await previewBill(upload(bill), ctx.admin, "10.0.0.1", fake.port)) as { importId: number }).importId;
  const [a, b] = await Promise.all([commitImport(id, ctx.admin, "10.0.0.1", fake.port), commitImport(id, ctx.admin, "10.0.0.1", fake.port)]);
  assert.equal([a.ok, b.ok].sort(), [false, true]);
  assert.equal(fake.settleCalls.sort(), ["P1", "P2"]);
});

t.run();
