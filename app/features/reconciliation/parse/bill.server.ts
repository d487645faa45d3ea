// Reading a bill file into BillLines, streaming: the kind is sniffed from the first bytes (an XLSX is a
// zip; anything else is read as CSV text, UTF-8 or GBK), the header row is found among the first rows
// (providers put preamble lines before it) and decides the format, then each later row becomes a bill
// line or is skipped (blank lines, `#` trailers, WeChat's summary rows, rows that are no payment into the
// account). A malformed file is refused (BillRefused) with its line and a Chinese reason.
import type { ReferenceFinder } from "../expert-reference";
import type { BillFormat } from "../constants";
import { csvRows, headerLine, sniffEncoding } from "./text-rows.server";
import { xlsxRows } from "./xlsx-rows.server";
import { detectFormat, type FormatReader } from "./formats.server";
import { head, type BillSource } from "./source.server";
import { BillRefused, type BillLine, type Row } from "./types.server";

/** How far into a file the header may sit (WeChat's personal bill has 16 preamble lines). */
export const HEADER_SCAN_ROWS = 40;
/** Most bill lines in one file; a day of a busy merchant account is far below it. */
export const MAX_BILL_LINES = 200_000;
/** Most rows of any kind (bill lines plus skipped ones). */
const MAX_ROWS = 2 * MAX_BILL_LINES;

const SUPPORTED = "本系统模板（专家编号、金额、日期、交易号）、微信支付交易账单、微信支付账单明细、支付宝业务明细、支付宝账务明细";

/** `fileName`: as uploaded; only its extension is read (a damaged .xlsx is told as one, not as "not text"). */
export type ParseOptions = { findReference: ReferenceFinder; maxLines?: number; fileName?: string };

/** One reading of a bill: iterate `lines()` once; `format` and `skipped` are known as it goes. */
export class BillReader {
  format: BillFormat | null = null;
  /** Transactions that are neither a payment into the account nor a refund (see RowResult "other"). */
  skipped = 0;
  lines = 0;

  constructor(private readonly source: BillSource, private readonly opts: ParseOptions) {}

  private xlsx = false;

  private async rows(): Promise<AsyncIterable<Row>> {
    const start = await head(this.source, 64 * 1024);
    if (start.length === 0) throw new BillRefused("文件内容为空，请重新选择文件");
    if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) {
      this.xlsx = true;
      return xlsxRows(this.source);
    }
    if (start[0] === 0xd0 && start[1] === 0xcf && start[2] === 0x11 && start[3] === 0xe0) {
      throw new BillRefused("不支持旧版 Excel（.xls）文件，请用表格软件另存为 .xlsx 或 CSV 后再导入");
    }
    if (/\.xlsx$/i.test(this.opts.fileName ?? "") && start.includes(0)) {
      throw new BillRefused("XLSX 文件已损坏或不是有效的 Excel 文件，请重新导出后再导入");
    }
    const encoding = sniffEncoding(start);
    return csvRows(this.source, encoding, headerLine(start, encoding, (cells) => detectFormat({ lineNo: 0, cells, raw: "" }) !== null, HEADER_SCAN_ROWS));
  }

  /** The bill lines in file order. Throws BillRefused for a file that is not a bill we read. */
  async *read(): AsyncGenerator<BillLine> {
    const max = this.opts.maxLines ?? MAX_BILL_LINES;
    let reader: FormatReader | null = null;
    let seen = 0;
    for await (const row of await this.rows()) {
      seen += 1;
      if (!reader) {
        const spec = detectFormat(row);
        if (spec) {
          this.format = this.xlsx ? spec.id.xlsx : spec.id.csv;
          reader = spec.reader(row, this.opts.findReference);
        } else if (seen >= HEADER_SCAN_ROWS) {
          break;
        }
        continue;
      }
      if (seen > MAX_ROWS) throw new BillRefused(`文件超过 ${MAX_ROWS} 行，请按日期拆分后再导入`, row.lineNo);
      const r = reader(row);
      if (r === "skip") continue;
      if (r === "other") {
        this.skipped += 1;
        continue;
      }
      this.lines += 1;
      if (this.lines > max) throw new BillRefused(`账单超过 ${max} 笔，请按日期拆分后再导入`, row.lineNo);
      yield r;
    }
    if (!reader) throw new BillRefused(`无法识别账单格式：文件前 ${HEADER_SCAN_ROWS} 行中没有找到表头。支持的格式：${SUPPORTED}`);
  }
}
