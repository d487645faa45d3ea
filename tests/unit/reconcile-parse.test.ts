import "../setup/guard";
// 缴费对账 parsing and classification (issue 15): the amount converter, the 专家编号 finder, bill times,
// every supported layout from a fixture (tests/fixtures/bills, made by generate.ts), each of the six
// classes produced by a fixture line, and malformed files refused with the line and a Chinese reason.
import fs from "node:fs";
import path from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { fenToYuan, yuanToFen } from "~/features/reconciliation/amount";
import { Classifier, type Payable } from "~/features/reconciliation/classify";
import { BILL_CLASS } from "~/features/reconciliation/constants";
import { referenceFinder } from "~/features/reconciliation/expert-reference";
import { BillReader } from "~/features/reconciliation/parse/bill.server";
import { parseBillTime } from "~/features/reconciliation/parse/cells.server";
import { bufferSource, fileSource } from "~/features/reconciliation/parse/source.server";
import { checkArchive, MAX_XLSX_INFLATED } from "~/features/reconciliation/parse/xlsx-rows.server";
import { BillRefused, type BillLine } from "~/features/reconciliation/parse/types.server";

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/bills");
const find = referenceFinder(["XJ{year}{seq:4}"]);
const BJ = (s: string) => Date.parse(`${s.replace(" ", "T")}+08:00`);

async function read(source: ReturnType<typeof fileSource>, fileName?: string) {
  const reader = new BillReader(source, { findReference: find, fileName });
  const lines: BillLine[] = [];
  for await (const l of reader.read()) lines.push(l);
  return { lines, format: reader.format, skipped: reader.skipped };
}
const readFixture = (name: string) => read(fileSource(path.join(FIXTURES, name)));

async function refusal(bytes: string | Buffer, fileName?: string): Promise<BillRefused> {
  try {
    await read(bufferSource(typeof bytes === "string" ? Buffer.from(bytes) : bytes), fileName);
  } catch (e) {
    if (e instanceof BillRefused) return e;
    throw e;
  }
  throw new Error("the file was accepted");
}

// The enrolments of the fixtures: XJ20250001 and XJ20250003 owe 200.00 元, XJ20250002 has paid.
const PAYABLE: Record<string, Payable> = {
  XJ20250001: { instanceId: 11, userId: 1, expertNumber: "XJ20250001", dueFen: 20000, state: "已提交缴费", settled: false },
  XJ20250002: { instanceId: 12, userId: 2, expertNumber: "XJ20250002", dueFen: 20000, state: "已缴费", settled: true },
  XJ20250003: { instanceId: 13, userId: 3, expertNumber: "XJ20250003", dueFen: 20000, state: "待缴费", settled: false },
  XJ20250004: { instanceId: 14, userId: 4, expertNumber: "XJ20250004", dueFen: 20000, state: "待缴费", settled: false },
};
const RECORDED = new Set(["4200002501202506010000000009"]);
const classes = (lines: BillLine[]) => {
  const c = new Classifier();
  return lines.map((l) => c.classify(l, { payable: (l.reference && PAYABLE[l.reference]) || null, recorded: RECORDED.has(l.txnId) }).class);
};

const amounts = suite("amounts: 元 text → integer 分, never through floating point");

amounts("valid spellings", () => {
  const cases: [string, number][] = [
    ["200", 20000], ["200.00", 20000], ["200.5", 20050], ["0.01", 1], [".5", 50], ["1,234.56", 123456], ["¥200.00", 20000], ["￥ 1.10", 110],
    ["-150.00", -15000], ["- ¥3", -300], [" 12.30 ", 1230], ["２００．００", 20000], ["200.000", 20000], ["0.07", 7], ["1.15", 115], ["19.99", 1999], ["100000000", 10_000_000_000],
  ];
  for (const [text, fen] of cases) assert.equal(yuanToFen(text), { ok: true, fen }, text);
});

amounts("refusals name the text and say why", () => {
  assert.equal(yuanToFen("12.3.4"), { ok: false, reason: "金额“12.3.4”不是有效金额" });
  for (const bad of ["", ".", "abc", "1e3", "12,34", "1,2345.00", "--1", "12元", "NaN", "Infinity", "0x10"]) assert.not.ok(yuanToFen(bad).ok, bad);
  assert.equal(yuanToFen("0.001"), { ok: false, reason: "金额“0.001”最多只能有两位小数（精确到分）" });
  assert.equal(yuanToFen("100000000.01"), { ok: false, reason: "金额“100000000.01”过大" });
  assert.equal(yuanToFen("9999999999999"), { ok: false, reason: "金额“9999999999999”过大" });
});

amounts("fenToYuan and yuanToFen are inverse for every amount in range (property)", () => {
  fc.assert(fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (fen) => {
    const text = fenToYuan(fen);
    assert.match(text, /^-?\d+\.\d{2}$/);
    assert.equal(yuanToFen(text), { ok: true, fen });
  }), { numRuns: 2000 });
  // 0.1 + 0.2 is not 0.3 in floating point; the converter never goes there.
  assert.equal(yuanToFen("0.30"), { ok: true, fen: 30 });
  assert.is(fenToYuan(7), "0.07");
});

amounts.run();

const refs = suite("专家编号 in the payer's text, by the batches' formats");

refs("found inside text, in any case or width, in the format's own spelling", () => {
  assert.is(find(["培训费 XJ20250001 张三"]), "XJ20250001");
  assert.is(find(["xj20250001"]), "XJ20250001");
  assert.is(find(["专家编号：ＸＪ２０２５０００３"]), "XJ20250003");
  assert.is(find(["XJ202500012"]), "XJ202500012", "the counter may outgrow its width");
  assert.is(find(["/", "", "备注XJ20250001"]), "XJ20250001", "the first text with a number wins");
  assert.is(find(["XJ2025001"]), null, "too short");
  assert.is(find(["AXJ20250001"]), null, "glued to a letter on the left");
  assert.is(find([null, undefined, "没有编号"]), null);
});

refs("several formats: the earliest match in a text, then the longer one", () => {
  const f = referenceFinder(["XJ{year}{seq:4}", "ZJ-{seq:6}", "not a {format", "XJ{year}{seq:4}"]);
  assert.is(f(["付款 ZJ-000123 与 XJ20250001"]), "ZJ-000123");
  assert.is(f(["zj-000123"]), "ZJ-000123");
  assert.is(referenceFinder([])(["XJ20250001"]), null, "no batch, no format");
});

refs.run();

const times = suite("bill times are Beijing wall-clock time");

times("the spellings providers use", () => {
  assert.is(parseBillTime("2025-06-01 09:15:02"), BJ("2025-06-01 09:15:02"));
  assert.is(parseBillTime("2025-06-01  09:15:02"), BJ("2025-06-01 09:15:02"), "WeChat's double space");
  assert.is(parseBillTime("2025/6/1 9:15"), BJ("2025-06-01 09:15:00"));
  assert.is(parseBillTime("2025年06月01日 09:15:02"), BJ("2025-06-01 09:15:02"));
  assert.is(parseBillTime("2025-06-01"), BJ("2025-06-01 00:00:00"));
  assert.is(parseBillTime("2025-06-01T09:15:02.123"), BJ("2025-06-01 09:15:02"));
  for (const bad of ["2025-02-30", "2025-13-01", "2025-06-01 24:00:00", "1999-01-01", "06/01/2025", "昨天", ""]) assert.is(parseBillTime(bad), null, bad);
});

times.run();

const formats = suite("every supported layout, from its fixture");

formats("微信支付交易账单: preamble, backticks, a refund with its own id, summary rows skipped", async () => {
  const { lines, format, skipped } = await readFixture("wechat-merchant.csv");
  assert.is(format, "wechat-merchant");
  assert.equal(lines.map((l) => l.lineNo), [4, 5, 6, 7, 8, 9], "line numbers count the preamble; the summary rows are no lines");
  assert.is(skipped, 0);
  assert.equal(lines[0], {
    lineNo: 4, kind: "payment", txnId: "4200002501202506010000000001", amountFen: 20000, paidAt: BJ("2025-06-01 09:15:02"), reference: "XJ20250001",
    raw: "`2025-06-01 09:15:02,`wx00000000000000a1,`1900000001,`0,`,`4200002501202506010000000001,`M000001,`oTestUser000001,`NATIVE,`SUCCESS,`OTHERS,`CNY,`200.00,`0.00,`0,`0,`0.00,`0.00,`,`,`培训费 XJ20250001,`,`0.00000,`0.60%,`200.00,`0.00,`",
  });
  assert.is(lines[1].reference, "XJ20250003", "lower case in 商品名称");
  assert.equal([lines[4].kind, lines[4].txnId, lines[4].amountFen], ["refund", "50300002501202506010000000001", 10000]);
  assert.equal(classes(lines), [BILL_CLASS.matched, BILL_CLASS.mismatch, BILL_CLASS.unknown, BILL_CLASS.duplicate, BILL_CLASS.refund, BILL_CLASS.processed]);
});

formats("微信支付账单明细 (personal): 16 preamble lines, 收入 rows, a refunded one, 支出 counted as other", async () => {
  const { lines, format, skipped } = await readFixture("wechat-personal.csv");
  assert.is(format, "wechat-personal");
  assert.equal(lines.map((l) => [l.lineNo, l.kind, l.txnId, l.amountFen, l.reference]), [
    [18, "payment", "10001071012025060300000001", 20000, "XJ20250001"],
    [19, "refund", "10001071012025060300000002", 20000, "XJ20250003"],
    [21, "payment", "10001071012025060300000004", 20000, "XJ20250003"],
  ]);
  assert.is(skipped, 1, "the 支出 row is no payment in");
  assert.equal(classes(lines), [BILL_CLASS.matched, BILL_CLASS.refund, BILL_CLASS.matched]);
});

formats("支付宝业务明细 in GBK: `#` preamble and trailer, cells ending in a tab", async () => {
  const bytes = fs.readFileSync(path.join(FIXTURES, "alipay-business.csv"));
  assert.not.ok(bytes.includes(Buffer.from("支付宝交易号")), "the fixture really is GBK, not UTF-8");
  const { lines, format } = await readFixture("alipay-business.csv");
  assert.is(format, "alipay-business");
  assert.equal(lines.map((l) => [l.lineNo, l.kind, l.txnId, l.amountFen, l.reference]), [
    [6, "payment", "2025060122001400000000000001", 20000, "XJ20250001"],
    [7, "payment", "2025060122001400000000000002", 15000, "XJ20250003"],
    [8, "payment", "2025060122001400000000000003", 20000, null],
    [9, "refund", "2025060122001400000000000002001", 15000, "XJ20250003"],
  ]);
  assert.ok(lines[0].raw.includes("岗前培训费\t"), "the original text is kept, decoded, tabs and all");
  assert.is(lines[0].paidAt, BJ("2025-06-01 09:00:00"));
  assert.equal(classes(lines), [BILL_CLASS.matched, BILL_CLASS.mismatch, BILL_CLASS.unknown, BILL_CLASS.refund]);
});

formats("支付宝账务明细 in GBK: income is a payment under its trade number, the fee row is other", async () => {
  const { lines, format, skipped } = await readFixture("alipay-account.csv");
  assert.is(format, "alipay-account");
  assert.equal(lines.map((l) => [l.lineNo, l.kind, l.txnId, l.amountFen, l.reference]), [
    [6, "payment", "2025060122001400000000000001", 20000, "XJ20250001"],
    [8, "refund", "20250601003", 20000, "XJ20250003"],
  ]);
  assert.is(skipped, 1);
});

formats("the template, CSV (with BOM) and XLSX: numbers, dates as cells or text, a negative 金额 is a refund", async () => {
  const csv = await readFixture("template.csv");
  assert.is(csv.format, "template-csv");
  assert.equal(csv.lines.map((l) => [l.lineNo, l.kind, l.txnId, l.amountFen, l.paidAt, l.reference]), [
    [2, "payment", "T-0001", 20000, BJ("2025-06-01 09:00:00"), "XJ20250001"],
    [3, "payment", "T-0002", 19950, BJ("2025-06-01 00:00:00"), "XJ20250003"],
    [4, "payment", "T-0003", 20000, BJ("2025-06-01 00:00:00"), null],
    [5, "refund", "T-0004", 20000, BJ("2025-06-02 00:00:00"), "XJ20250001"],
  ]);
  assert.equal(classes(csv.lines), [BILL_CLASS.matched, BILL_CLASS.mismatch, BILL_CLASS.unknown, BILL_CLASS.refund]);
  const xlsx = await readFixture("template.xlsx");
  assert.is(xlsx.format, "template-xlsx");
  assert.equal(xlsx.lines.map((l) => [l.lineNo, l.txnId, l.amountFen, l.paidAt, l.reference]), [
    [2, "T-0101", 20000, BJ("2025-06-01 09:00:00"), "XJ20250001"],
    [3, "T-0102", 19999, BJ("2025-06-01 10:00:00"), "XJ20250003"],
    [5, "T-0103", 20000, BJ("2025-06-01 11:00:00"), "XJ20250004"],
  ]);
  assert.is(xlsx.lines[1].raw, "XJ20250003,199.99,2025-06-01 10:00:00,T-0102");
});

formats("an unknown 专家编号 typed in the template is kept as written", async () => {
  const { lines } = await read(bufferSource(Buffer.from("专家编号,金额,日期,交易号\nZHANG,200,2025-06-01,T1\n")));
  assert.is(lines[0].reference, "ZHANG");
  assert.equal(classes(lines), [BILL_CLASS.unknown]);
});

formats.run();

const classify = suite("the classifier: exactly one class per line, first rule wins");

classify("a settled enrolment, and a second payment for one enrolment in the same file, are 已处理 with a note", () => {
  const c = new Classifier();
  const line = (lineNo: number, txnId: string, reference: string) => ({ lineNo, kind: "payment" as const, txnId, amountFen: 20000, reference });
  const facts = (ref: string) => ({ payable: PAYABLE[ref], recorded: false });
  assert.is(c.classify(line(1, "A", "XJ20250002"), facts("XJ20250002")).class, BILL_CLASS.processed);
  assert.is(c.classify(line(2, "B", "XJ20250001"), facts("XJ20250001")).class, BILL_CLASS.matched);
  const again = c.classify(line(3, "C", "XJ20250001"), facts("XJ20250001"));
  assert.is(again.class, BILL_CLASS.processed);
  assert.match(again.note, "第 2 行");
  const dup = c.classify(line(4, "B", "XJ20250001"), facts("XJ20250001"));
  assert.equal([dup.class, dup.note], [BILL_CLASS.duplicate, "与第 2 行交易号相同"]);
  assert.is(c.classify({ ...line(5, "B", "XJ20250001"), kind: "refund" }, facts("XJ20250001")).class, BILL_CLASS.refund, "refund before duplicate");
  assert.is(c.classify({ ...line(6, "D", "XJ20250001"), reference: null }, { payable: null, recorded: true }).class, BILL_CLASS.processed, "recorded before unknown");
});

classify.run();

const malformed = suite("malformed files are refused with the line and a Chinese reason");

const TEMPLATE = "专家编号,金额,日期,交易号\n";

malformed("a bad amount, date or transaction id, on its line", async () => {
  const rows = ["XJ20250001,200,2025-06-01,T1", "XJ20250001,200,2025-06-01,T2"];
  let e = await refusal(TEMPLATE + [...rows, "XJ20250001,12.3.4,2025-06-01,T3"].join("\n"));
  assert.is(e.message, "第 4 行：金额“12.3.4”不是有效金额");
  assert.is(e.lineNo, 4);
  e = await refusal(TEMPLATE + "XJ20250001,200,2025-02-30,T1\n");
  assert.is(e.message, "第 2 行：日期“2025-02-30”不是有效的日期时间（应如 2025-06-01 10:20:30）");
  e = await refusal(TEMPLATE + "XJ20250001,200,2025-06-01,4.20000E+27\n");
  assert.match(e.message, /^第 2 行：交易号“4\.20000E\+27”已被表格软件改成科学计数法/);
  e = await refusal(TEMPLATE + "XJ20250001,200,2025-06-01,\n");
  assert.is(e.message, "第 2 行：“交易号”为空");
  e = await refusal(TEMPLATE + "XJ20250001,200\n");
  assert.is(e.message, "第 2 行：缺少“日期”（此行只有 2 列，表头有 4 列）");
  e = await refusal(TEMPLATE + "XJ20250001,0,2025-06-01,T1\n");
  assert.is(e.message, "第 2 行：金额不能为 0");
  e = await refusal(TEMPLATE + "XJ20250001,200.001,2025-06-01,T1\n");
  assert.is(e.message, "第 2 行：金额“200.001”最多只能有两位小数（精确到分）");
});

malformed("broken CSV: an unclosed quote, an endless line", async () => {
  let e = await refusal(TEMPLATE + "XJ20250001,200,2025-06-01,T1\n\"XJ20250001,200,2025-06-01,T2\nXJ,1,2,3\n");
  assert.is(e.message, "第 3 行：引号未闭合：从此行开始的字段缺少结束的英文双引号");
  e = await refusal(TEMPLATE + "XJ20250001,200,2025-06-01," + "x".repeat(70 * 1024) + "\n");
  assert.is(e.message, "第 2 行：此行过长（超过 64 KB），不是账单的一行");
});

malformed("a WeChat bill with an unknown 交易状态; an Alipay line with a bad amount (GBK)", async () => {
  const wx = fs.readFileSync(path.join(FIXTURES, "wechat-merchant.csv"), "utf8").replace("`NATIVE,`SUCCESS,", "`NATIVE,`PENDING,");
  let e = await refusal(wx);
  assert.is(e.message, "第 4 行：交易状态“PENDING”无法识别（应为 SUCCESS、REFUND 或 REVOKED）");
  const ali = iconv.decode(fs.readFileSync(path.join(FIXTURES, "alipay-business.csv")), "gbk").replace("150.00\t,150.00", "1五0.00\t,150.00");
  e = await refusal(iconv.encode(ali, "gbk"));
  assert.is(e.message, "第 7 行：金额“1五0.00”不是有效金额");
});

malformed("not a bill: empty, unknown header, old .xls, UTF-16, binary, a broken zip, an encoding switch", async () => {
  assert.is((await refusal("")).message, "文件内容为空，请重新选择文件");
  assert.match((await refusal("a,b,c\n1,2,3\n")).message, /^无法识别账单格式：文件前 40 行中没有找到表头。支持的格式：本系统模板/);
  assert.match((await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).message, /不支持旧版 Excel（\.xls）/);
  assert.match((await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEMPLATE, "utf16le")]))).message, /UTF-16/);
  assert.match((await refusal(Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01]))).message, /二进制内容/);
  // The same bytes named .xlsx: a damaged Excel file, not "not text, upload CSV or XLSX".
  assert.match((await refusal(Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01]), "账单.XLSX")).message, /^XLSX 文件已损坏/);
  assert.match((await refusal(Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 7)]))).message, /XLSX 文件已损坏/);
  // UTF-8 in the first 64 KB (sniffed as such), GBK bytes 90 KB in: refused where the switch happens.
  const filler = Array.from({ length: 3000 }, (_, i) => `XJ20250001,200,2025-06-01,F${i}`).join("\n");
  const e = await refusal(Buffer.concat([Buffer.from(`${TEMPLATE}${filler}\n`), iconv.encode("XJ20250001,200,2025-06-01,张三\n", "gbk")]));
  assert.is(e.lineNo, 3002);
  assert.match(e.message, /^第 3002 行：此处起的内容不是 UTF-8 编码的文字/);
});

malformed("an XLSX whose inflated content is oversized is refused before exceljs reads it", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("缴费");
  ws.addRow(["专家编号", "金额", "日期", "交易号"]);
  // About 2 MB of text that compresses to a few KB.
  for (let i = 0; i < 60; i++) ws.addRow(["XJ20250001", 200, "2025-06-01", `T${i}`, `${i}`.padEnd(32_000, "x")]); // distinct: shared strings would keep one
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  assert.ok(bytes.length < 100_000, "it compresses well");
  // The cap is checked on the bytes really inflated (not the sizes the archive declares).
  let e: unknown = null;
  await checkArchive(bufferSource(bytes), 1024 * 1024).catch((x) => (e = x));
  assert.instance(e, BillRefused);
  assert.is((e as BillRefused).message, "XLSX 文件解压后超过 1 MB，不是一份账单；请按日期拆分后再导入");
  // Under the real cap (120 MB) the same file is read.
  assert.ok(MAX_XLSX_INFLATED >= 100 * 1024 * 1024);
  assert.is((await read(bufferSource(bytes))).lines.length, 60);
});

malformed.run();
