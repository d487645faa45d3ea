// The bill layouts we read, each recognised by its header row (never by the file name) and read row by
// row into BillLines. What each provider writes, and where the payer's words end up, is documented in
// app/features/reconciliation/FORMATS.md; in short:
//
// - 本系统模板: 专家编号, 金额 (元), 日期, 交易号 (other columns are ignored). A negative 金额 is a refund.
// - 微信支付交易账单 (merchant platform / downloadbill, ALL, SUCCESS or REFUND): optional preamble lines,
//   the header, data rows with every field prefixed by a backtick, then the summary header (总交易单数…)
//   and its row, which are not bill lines. 交易状态 SUCCESS is a payment (微信订单号, 订单金额 or 总金额/应结订单
//   金额); REFUND or REVOKED is a refund (its own 微信退款单号, 退款金额 or 申请退款金额).
// - 微信支付账单明细 (a personal account's export, CSV or XLSX): 16 preamble lines, then 交易时间, 交易类型,
//   交易对方, 商品, 收/支, 金额(元) ("¥200.00"), 支付方式, 当前状态, 交易单号, 商户单号, 备注. 收入 rows are
//   payments (a 收入 row whose 当前状态 says 退款 was refunded: a refund); 支出 rows of a 退款 type are refunds;
//   other 支出 and 中性 rows are not payments into the account and are skipped (counted).
// - 支付宝业务明细 (GBK, `#` preamble and trailer, cells ending in a tab): 业务类型 交易 is a payment
//   (支付宝交易号, 订单金额（元）, 完成时间), 退款 a refund (退款批次号/请求号, 商家实收); other types are skipped.
// - 支付宝账务明细 (same framing): 收入金额（+元） > 0 is a payment under its 业务流水号 (the trade number),
//   unless the 业务类型 is a withdrawal, a fee or a refund; a 退款 with 支出金额 is a refund; other rows skipped.
//
// The payer's 专家编号 is looked for in the payer's words: 备注, then 商品/商品名称, 商户数据包, 商户订单号
// (and for the personal bill 交易对方), by the batches' number formats.
import type { ReferenceFinder } from "../expert-reference";
import { BILL_FORMAT, type BillFormat } from "../constants";
import { Cells, columnsOf, headerKey, pick, type Columns } from "./cells.server";
import type { BillLine, Row } from "./types.server";

/**
 * What a data row is: a bill line; "skip" for framing that is no transaction (blank rows, `#` trailers,
 * WeChat's summary rows); "other" for a transaction that is no payment into the account nor a refund of
 * one (money going out, fees, withdrawals), which is counted but not classified.
 */
export type RowResult = BillLine | "skip" | "other";

export type FormatReader = (row: Row) => RowResult;

export type FormatSpec = {
  /** The format as stored, by container. */
  id: { csv: BillFormat; xlsx: BillFormat };
  /** Whether a header row (cells as headerKey) opens this format. */
  detect(keys: Set<string>): boolean;
  /** A reader of the data rows after that header. */
  reader(header: Row, findReference: ReferenceFinder): FormatReader;
};

const line = (c: Cells, l: Omit<BillLine, "lineNo" | "raw">): BillLine => ({ lineNo: c.row.lineNo, raw: c.row.raw, ...l });

const hasAll = (keys: Set<string>, ...names: string[]) => names.every((n) => keys.has(n));

/** The text of the first of `names` columns the file has, for each group, in order. */
const texts = (c: Cells, cols: Columns, ...names: string[]) => names.filter((n) => cols.has(n)).map((n) => c.get(n));

const template: FormatSpec = {
  id: { csv: BILL_FORMAT.templateCsv, xlsx: BILL_FORMAT.templateXlsx },
  detect: (k) => hasAll(k, "专家编号", "金额", "日期", "交易号"),
  reader(header, findReference) {
    const cols = columnsOf(header);
    return (row) => {
      const c = new Cells(row, cols);
      if (c.empty) return "skip";
      const typed = c.get("专家编号").normalize("NFKC");
      const fen = c.amount("金额");
      if (fen === 0) c.refuse("金额不能为 0");
      const paidAt = c.time("日期", "日期");
      const txnId = c.txn("交易号");
      const reference = findReference([typed]) ?? (typed ? typed.slice(0, 64) : null);
      return line(c, { kind: fen < 0 ? "refund" : "payment", txnId, amountFen: Math.abs(fen), paidAt, reference });
    };
  },
};

const WECHAT_PAID = /^(SUCCESS|支付成功|买家已支付|已支付)$/i;
const WECHAT_REFUND = /^(REFUND|REVOKED|转入退款|已退款|退款成功|全额退款|部分退款|已撤销|撤销)$/i;

const wechatMerchant: FormatSpec = {
  id: { csv: BILL_FORMAT.wechatMerchant, xlsx: BILL_FORMAT.wechatMerchant },
  detect: (k) => hasAll(k, "交易时间", "微信订单号", "交易状态") && ["订单金额", "总金额", "应结订单金额"].some((n) => k.has(n)),
  reader(header, findReference) {
    const cols = columnsOf(header);
    const amountCol = pick(cols, "订单金额", "总金额", "应结订单金额")!;
    const refundIdCol = pick(cols, "微信退款单号");
    const refundAmountCol = pick(cols, "退款金额", "申请退款金额");
    let summary = false;
    return (row) => {
      const c = new Cells(row, cols);
      // The summary header (总交易单数,…) and the row after it close the file: not bill lines.
      if (summary || headerKey(row.cells[0]) === "总交易单数") {
        summary = true;
        return "skip";
      }
      if (c.empty) return "skip";
      const status = c.required("交易状态");
      const paidAt = c.time("交易时间");
      const reference = findReference(texts(c, cols, "备注", "商品名称", "商户数据包", "商户订单号"));
      if (WECHAT_PAID.test(status)) {
        const fen = c.amount(amountCol);
        if (fen <= 0) c.refuse(`支付金额须大于 0（${amountCol}为 ${c.get(amountCol)}）`);
        return line(c, { kind: "payment", txnId: c.txn("微信订单号", "微信订单号"), amountFen: fen, paidAt, reference });
      }
      if (WECHAT_REFUND.test(status)) {
        const own = refundIdCol && c.get(refundIdCol) && c.get(refundIdCol) !== "0" ? refundIdCol : "微信订单号";
        const fen = Math.abs(c.optionalAmount(refundAmountCol)) || Math.abs(c.optionalAmount(amountCol));
        return line(c, { kind: "refund", txnId: c.txn(own, own), amountFen: fen, paidAt, reference });
      }
      return c.refuse(`交易状态“${status.slice(0, 20)}”无法识别（应为 SUCCESS、REFUND 或 REVOKED）`);
    };
  },
};

const wechatPersonal: FormatSpec = {
  id: { csv: BILL_FORMAT.wechatPersonal, xlsx: BILL_FORMAT.wechatPersonalXlsx },
  detect: (k) => hasAll(k, "交易时间", "交易类型", "收/支", "金额(元)", "交易单号"),
  reader(header, findReference) {
    const cols = columnsOf(header);
    return (row) => {
      const c = new Cells(row, cols);
      if (c.empty) return "skip";
      const direction = c.get("收/支");
      const type = c.get("交易类型");
      const status = c.get("当前状态");
      let kind: BillLine["kind"];
      if (direction === "收入") kind = /退款/.test(status) ? "refund" : "payment";
      else if (direction === "支出" && /退款/.test(type)) kind = "refund";
      else return "other"; // money going out, or 中性 (充值/提现…): not a payment into the account
      const fen = Math.abs(c.amount("金额(元)"));
      if (kind === "payment" && fen === 0) c.refuse("收入金额须大于 0");
      const paidAt = c.time("交易时间");
      const reference = findReference(texts(c, cols, "备注", "商品", "交易对方"));
      return line(c, { kind, txnId: c.txn("交易单号", "交易单号"), amountFen: fen, paidAt, reference });
    };
  },
};

const alipayBusiness: FormatSpec = {
  id: { csv: BILL_FORMAT.alipayBusiness, xlsx: BILL_FORMAT.alipayBusiness },
  detect: (k) => hasAll(k, "支付宝交易号", "业务类型", "订单金额(元)") && (k.has("完成时间") || k.has("创建时间")),
  reader(header, findReference) {
    const cols = columnsOf(header);
    const timeCol = pick(cols, "完成时间", "创建时间")!;
    const refundIdCol = pick(cols, "退款批次号/请求号", "退款批次号");
    const receivedCol = pick(cols, "商家实收(元)");
    return (row) => {
      const c = new Cells(row, cols);
      if (c.empty || cleanFirst(row).startsWith("#")) return "skip"; // preamble, 业务明细列表结束, 合计, 导出时间
      const type = c.required("业务类型");
      const reference = findReference(texts(c, cols, "备注", "商品名称", "商户订单号"));
      if (/退款/.test(type)) {
        const own = refundIdCol && c.get(refundIdCol) ? refundIdCol : "支付宝交易号";
        const fen = Math.abs(c.optionalAmount(receivedCol)) || Math.abs(c.optionalAmount("订单金额(元)"));
        // A refund may lack 完成时间 in some exports: fall back to 创建时间.
        const at = c.get(timeCol) ? c.time(timeCol) : c.time(pick(cols, "创建时间") ?? timeCol);
        return line(c, { kind: "refund", txnId: c.txn(own, own), amountFen: fen, paidAt: at, reference });
      }
      if (!/交易|收款|付款/.test(type)) return "other";
      const fen = c.amount("订单金额(元)");
      if (fen <= 0) c.refuse(`交易金额须大于 0（订单金额为 ${c.get("订单金额(元)")}）`);
      return line(c, { kind: "payment", txnId: c.txn("支付宝交易号", "支付宝交易号"), amountFen: fen, paidAt: c.time(timeCol), reference });
    };
  },
};

const alipayAccount: FormatSpec = {
  id: { csv: BILL_FORMAT.alipayAccount, xlsx: BILL_FORMAT.alipayAccount },
  detect: (k) => hasAll(k, "账务流水号", "业务流水号", "发生时间", "收入金额(+元)", "支出金额(-元)"),
  reader(header, findReference) {
    const cols = columnsOf(header);
    return (row) => {
      const c = new Cells(row, cols);
      if (c.empty || cleanFirst(row).startsWith("#")) return "skip";
      const type = c.get("业务类型");
      const income = c.optionalAmount("收入金额(+元)");
      const expense = Math.abs(c.optionalAmount("支出金额(-元)"));
      const reference = findReference(texts(c, cols, "备注", "商品名称", "商户订单号"));
      if (/退款/.test(type) && expense > 0) {
        return line(c, { kind: "refund", txnId: c.txn("账务流水号", "账务流水号"), amountFen: expense, paidAt: c.time("发生时间"), reference });
      }
      if (income > 0 && !/提现|收费|服务费|退款/.test(type)) {
        const own = c.get("业务流水号") ? "业务流水号" : "账务流水号";
        return line(c, { kind: "payment", txnId: c.txn(own, own), amountFen: income, paidAt: c.time("发生时间"), reference });
      }
      return "other"; // fees, withdrawals, money going out
    };
  },
};

const cleanFirst = (row: Row) => (row.cells[0] ?? "").trim();

/** Every format, in the order a header is tried against them. */
export const FORMATS: readonly FormatSpec[] = [template, wechatMerchant, wechatPersonal, alipayBusiness, alipayAccount];

/** The format a header row opens, if any. */
export function detectFormat(header: Row): FormatSpec | null {
  const keys = new Set(header.cells.map(headerKey).filter(Boolean));
  if (keys.size < 3) return null;
  return FORMATS.find((f) => f.detect(keys)) ?? null;
}
