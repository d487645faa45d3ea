import "../setup/guard";
// Property-based: thousands of generated bad bill files through the whole parse + classify path (the
// code the upload runs). Each one either reads to its end, every line well formed, or is refused with a
// BillRefused whose message is Chinese and whose line, if any, is a line of the file. Nothing else may
// be thrown, and nothing may hang (each file is small; uvu's run would time out).
import fs from "node:fs";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import iconv from "iconv-lite";
import { Classifier } from "~/features/reconciliation/classify";
import { BILL_CLASSES } from "~/features/reconciliation/constants";
import { referenceFinder } from "~/features/reconciliation/expert-reference";
import { BillReader } from "~/features/reconciliation/parse/bill.server";
import { bufferSource } from "~/features/reconciliation/parse/source.server";
import { BillRefused } from "~/features/reconciliation/parse/types.server";

const RUNS = 2_400;
// Every generated file is damaged or hostile; some damage lands where no reader looks (a 商品名称, a
// preamble line) and the file is still a valid bill, whose lines are then checked. At least this many
// must be refused (in practice about 60 %).
const MIN_REFUSED = 1_200;
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/bills");
const BASES = ["wechat-merchant.csv", "wechat-personal.csv", "alipay-business.csv", "alipay-account.csv", "template.csv", "template.xlsx"]
  .map((f) => ({ name: f, bytes: fs.readFileSync(path.join(FIXTURES, f)) }));
const TEXT_BASES = BASES.filter((b) => !b.name.endsWith(".xlsx")).map((b) => ({
  ...b, gbk: b.name.startsWith("alipay"), text: b.name.startsWith("alipay") ? iconv.decode(b.bytes, "gbk") : b.bytes.toString("utf8"),
}));

/** Values that break a cell: amounts, dates and ids that are almost right, CSV and encoding hazards. */
const HOSTILE = fc.constantFrom(
  "12.3.4", "1e3", "-", "", " ", "¥", "1,23", "200.001", "99999999999999", "NaN", "0", "-0.00", "２００", "0x1F",
  "2025-02-30", "2025-13-01 10:00:00", "2025/06/01 25:61", "昨天", "1899-01-01", "4.20000E+27", "`", "``", "\t", "#", "\"", "\"\"", "\"a,b",
  "a\"b", "\u0000", "\uFEFF", "\uFFFD", "𠮷".repeat(50), "x".repeat(300), "XJ20250001", "xj20250001", "=cmd|' /C calc'!A0", "SUCCESS", "REFUND", "PENDING", "收入", "支出", "交易", "退款",
);

const lines = (s: string) => s.split(/\r?\n/);
/** Where the data rows of a fixture start (the line after its header). */
const firstData = (ls: string[]) => ls.findIndex((l) => /交易时间|支付宝交易号|账务流水号|专家编号/.test(l)) + 1;
const encode = (base: { gbk: boolean }, text: string) => (base.gbk ? iconv.encode(text, "gbk") : Buffer.from(text));

/** A bad file made from a valid one. */
const mutated = fc.oneof(
  // Every cell of a data row replaced by hostile values.
  fc.record({ base: fc.constantFrom(...TEXT_BASES), line: fc.nat(40), values: fc.array(HOSTILE, { minLength: 1, maxLength: 5 }) }).map(({ base, line, values }) => {
    const ls = lines(base.text);
    const from = firstData(ls);
    const i = from + (line % Math.max(1, ls.length - from - 1));
    ls[i] = ls[i].split(",").map((_, k) => values[k % values.length]).join(",");
    return encode(base, ls.join("\n"));
  }),
  // One cell of a data row replaced by a hostile value.
  fc.record({ base: fc.constantFrom(...TEXT_BASES), line: fc.nat(40), cell: fc.nat(30), value: HOSTILE }).map(({ base, line, cell, value }) => {
    const ls = lines(base.text);
    const from = firstData(ls);
    const i = from + (line % Math.max(1, ls.length - from - 1));
    const cells = ls[i].split(",");
    cells[cell % cells.length] = value;
    ls[i] = cells.join(",");
    return encode(base, ls.join("\n"));
  }),
  // A hostile line inserted among the data rows.
  fc.record({ base: fc.constantFrom(...TEXT_BASES), at: fc.nat(40), cells: fc.array(HOSTILE, { minLength: 1, maxLength: 30 }) }).map(({ base, at, cells }) => {
    const ls = lines(base.text);
    const from = firstData(ls);
    ls.splice(from + (at % (ls.length - from + 1)), 0, cells.join(","));
    return encode(base, ls.join("\r\n"));
  }),
  // Cut off anywhere, or a run of bytes overwritten.
  fc.record({ base: fc.constantFrom(...BASES), at: fc.nat(), len: fc.nat(64), junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }).map(({ base, at, len, junk }) => {
    const b = Buffer.from(base.bytes);
    const i = at % b.length;
    return len % 3 === 0 ? b.subarray(0, i) : Buffer.concat([b.subarray(0, i), Buffer.from(junk), b.subarray(Math.min(b.length, i + len))]);
  }),
  // Lines shuffled: the header may come after the data, summary rows in the middle.
  fc.record({ base: fc.constantFrom(...TEXT_BASES), seed: fc.array(fc.nat(), { minLength: 2, maxLength: 40 }) }).map(({ base, seed }) => {
    const ls = lines(base.text);
    seed.forEach((s, k) => {
      const a = s % ls.length;
      const b = (s * 7 + k) % ls.length;
      [ls[a], ls[b]] = [ls[b], ls[a]];
    });
    return Buffer.from(ls.join("\n"));
  }),
  // A header of a real format over rows of random cells.
  fc.record({ base: fc.constantFrom(...TEXT_BASES), rows: fc.array(fc.array(fc.oneof(HOSTILE, fc.string({ maxLength: 12 })), { maxLength: 30 }), { minLength: 1, maxLength: 8 }) }).map(({ base, rows }) => {
    const header = lines(base.text).find((l) => /交易时间|支付宝交易号|账务流水号|专家编号/.test(l))!;
    return Buffer.from([header, ...rows.map((r) => r.join(","))].join("\n"));
  }),
  // Bytes that are no text bill at all, some with a zip, BOM or .xls signature in front.
  fc.record({ sig: fc.constantFrom("", "PK\x03\x04", "\uFEFF", "\xD0\xCF\x11\xE0", "\xFF\xFE"), body: fc.uint8Array({ maxLength: 600 }) })
    .map(({ sig, body }) => Buffer.concat([Buffer.from(sig, "latin1"), Buffer.from(body)])),
);

const CHINESE = /[\u4e00-\u9fa5]/;

test(`${RUNS} generated bad bill files: read to the end with well-formed lines, or refused in Chinese`, async () => {
  const find = referenceFinder(["XJ{year}{seq:4}"]);
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(mutated, async (bytes) => {
      const reader = new BillReader(bufferSource(bytes), { findReference: find });
      const classifier = new Classifier();
      try {
        for await (const l of reader.read()) {
          assert.ok(Number.isSafeInteger(l.amountFen) && l.amountFen >= 0, `amount ${l.amountFen}`);
          assert.ok(Number.isFinite(l.paidAt), "time");
          assert.ok(l.txnId.length >= 1 && l.txnId.length <= 64 && !/\s/.test(l.txnId), `txn ${l.txnId}`);
          assert.ok(l.lineNo >= 1 && typeof l.raw === "string");
          assert.ok(l.reference === null || l.reference.length <= 64);
          const c = classifier.classify(l, { payable: null, recorded: false });
          assert.ok(BILL_CLASSES.includes(c.class));
        }
      } catch (e) {
        if (!(e instanceof BillRefused)) throw e;
        assert.match(e.message, CHINESE);
        assert.ok(e.lineNo === null || (Number.isInteger(e.lineNo) && e.lineNo >= 1), `line ${e.lineNo}`);
        refused += 1;
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(refused >= MIN_REFUSED, `only ${refused} of ${RUNS} generated files were bad enough to be refused`);
});

test.run();
