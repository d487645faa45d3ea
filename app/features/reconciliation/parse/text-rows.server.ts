// A text bill (CSV) as rows, streaming: bytes → text (UTF-8, or GBK/GB18030 as Alipay writes it) →
// csv-parse (a maintained parser; never a hand-written split) → one Row per record with the line it
// starts on and its original text. Malformed CSV is refused with the line and a Chinese reason.
import { isUtf8 } from "node:buffer";
import { pipeline, Transform } from "node:stream";
import { parse, CsvError, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { BillSource } from "./source.server";
import { BillRefused, type Row } from "./types.server";

export type TextEncoding = "utf8" | "gb18030";

/** The longest record accepted (bytes of text): a bill line is a few hundred; an unclosed quote is not. */
export const MAX_RECORD_CHARS = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The encoding of a text bill from its first bytes: UTF-8 (with or without BOM) when they decode as
 * UTF-8, else GB18030 (a superset of GBK, which Alipay's downloads use). UTF-16 files and binary data are
 * refused with what to do instead.
 */
export function sniffEncoding(head: Buffer): TextEncoding {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new BillRefused("文件是 UTF-16 编码的文本，请用表格软件另存为“CSV（逗号分隔）”或 XLSX 后再导入");
  }
  if (head.includes(0)) throw new BillRefused("文件不是文本格式的账单（含有二进制内容），请上传 CSV 或 XLSX 文件");
  if (UTF8_BOM.every((b, i) => head[i] === b)) return "utf8";
  try {
    // stream: true lets a character cut at the end of the sample pass.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf8";
  } catch {
    return "gb18030";
  }
}

const EMPTY = Buffer.alloc(0);

/** How many bytes at the end of `b` begin a UTF-8 sequence that the next chunk completes (0–3). */
function incompleteTail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const byte = b[b.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

const countNewlines = (b: Buffer) => {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n += 1;
  return n;
};

/**
 * Passes UTF-8 bytes through unchanged (csv-parse reads them), refusing with the line the first bytes
 * that are not UTF-8 (a file mixing encodings). Checked by Node's native validator, chunk by chunk, a
 * character cut between chunks carried over.
 */
function utf8Only(): Transform {
  let carry = EMPTY;
  let lines = 1;
  const refuse = (at: Buffer) => {
    // The line of the first bad byte: the lines before the first U+FFFD a lenient decoder makes.
    const lenient = new TextDecoder("utf-8").decode(at);
    lines += (lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD"))).match(/\n/g) ?? []).length;
    return new BillRefused("此处起的内容不是 UTF-8 编码的文字（文件混用了编码或已损坏），请用原始账单文件重新导入", lines);
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = incompleteTail(buf);
      const whole = cut ? buf.subarray(0, buf.length - cut) : buf;
      carry = cut ? Buffer.from(buf.subarray(buf.length - cut)) : EMPTY;
      if (!isUtf8(whole)) return cb(refuse(whole));
      lines += countNewlines(whole);
      cb(null, whole);
    },
    flush(cb) {
      cb(carry.length ? refuse(carry) : null);
    },
  });
}

function csvReason(e: CsvError): string {
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "引号未闭合：从此行开始的字段缺少结束的英文双引号";
    case "CSV_MAX_RECORD_SIZE":
      return "此行过长（超过 64 KB），不是账单的一行";
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "引号使用不正确：结束的英文双引号后还有其他字符";
    default:
      return "无法按 CSV 格式读取此行";
  }
}

/** The parser's options, shared by the sample read and the streaming read. */
const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  max_record_size: MAX_RECORD_CHARS,
  record_delimiter: ["\r\n", "\n", "\r"],
} satisfies Options;

/**
 * Where the header row starts, judged from the file's first bytes (`isHeader` decides), or 1 when it is
 * not among the first `maxRows` rows of the sample or the sample does not parse. The streaming read then
 * starts there (csv-parse's from_line): csv-parse takes the first row it emits as the expected width
 * and builds an error object for every later row of another width, which for a bill behind a one-column
 * preamble is every row (15 s of 100,000 lines' worth).
 */
export function headerLine(sample: Buffer, encoding: TextEncoding, isHeader: (cells: string[]) => boolean, maxRows: number): number {
  const cut = sample.lastIndexOf(0x0a);
  if (cut <= 0) return 1;
  const text = encoding === "utf8" ? sample.subarray(0, cut + 1).toString("utf8") : iconv.decode(sample.subarray(0, cut + 1), "gb18030");
  const starts: { cells: string[]; line: number }[] = [];
  let end = 0;
  try {
    parseSync(text, {
      ...CSV_OPTIONS,
      to_line: maxRows,
      on_record: ((cells: string[], ctx: { lines: number }) => {
        starts.push({ cells, line: end + 1 });
        end = ctx.lines;
        return null;
      }) as unknown as Options["on_record"],
    });
  } catch {
    return 1;
  }
  return starts.find((r) => isHeader(r.cells))?.line ?? 1;
}

/** Records parsed ahead of the reader before the input is held back (a chunk's worth may come on top). */
const AHEAD = 256;

/**
 * The rows of a CSV bill, in order; throws BillRefused on malformed CSV or undecodable bytes — after
 * every row before the fault was handed out, so the first fault in the file is the one reported, however
 * far the parser had read ahead. Records go from csv-parse's on_record into a queue the generator drains;
 * a gate before the parser holds the input while the queue is full (backpressure: the file is never read
 * much ahead of the reader).
 */
export async function* csvRows(source: BillSource, encoding: TextEncoding, fromLine = 1): AsyncGenerator<Row> {
  type Parsed = { cells: string[]; raw: string; end: number };
  const queue: Parsed[] = [];
  let head = 0;
  let parsedEnd = 0; // the line the last parsed record ends on
  let finished = false;
  let failure: unknown = null;
  let wake = null as (() => void) | null;
  let held = null as (() => void) | null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onRecord = (rec: unknown, ctx: { lines: number }) => {
    parsedEnd = ctx.lines;
    const { record, raw } = rec as { record: string[]; raw: string };
    queue.push({ cells: record, raw, end: ctx.lines });
    notify();
    return null; // nothing goes to the parser's own output
  };
  const parser = parse({
    ...CSV_OPTIONS,
    raw: true,
    from_line: fromLine,
    // csv-parse's types cannot say that on_record may drop every record.
    on_record: onRecord as unknown as Options["on_record"],
  });
  const gate = new Transform({
    transform(chunk, _enc, cb) {
      if (queue.length - head < AHEAD) cb(null, chunk);
      else held = () => cb(null, chunk);
    },
  });
  const input = source.open();
  const decoder = encoding === "utf8" ? utf8Only() : iconv.decodeStream("gb18030");
  pipeline(input, decoder, gate, parser, (e) => {
    if (e && !failure) failure = e;
    finished = true;
    notify();
  });
  parser.resume();
  let endLine = fromLine - 1; // the line the previous record ended on
  try {
    for (;;) {
      if (head < queue.length) {
        const rec = queue[head++];
        if (head > 1024 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
        if (held && queue.length - head < AHEAD / 2) {
          const release = held;
          held = null;
          release();
        }
        const lineNo = endLine + 1;
        endLine = rec.end;
        yield { lineNo, cells: rec.cells, raw: rec.raw.replace(/\r?\n$|\r$/, "") };
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (failure instanceof BillRefused) throw failure;
  if (failure instanceof CsvError) throw new BillRefused(csvReason(failure), parsedEnd + 1);
  if (failure && !isPrematureClose(failure)) throw failure;
}

const isPrematureClose = (e: unknown) => (e as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE";
