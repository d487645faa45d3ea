// Reading one cell of a bill: the marks the providers add so Excel keeps long numbers (WeChat's leading
// backtick, Alipay's trailing tab), header names compared loosely, times, transaction ids and amounts,
// each refused with a Chinese reason naming the text.
import { yuanToFen } from "../amount";
import { BillRefused, type Row } from "./types.server";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\uFEFF]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f\uFEFF]/g;

/** A cell's text: control characters and BOMs dropped, trimmed (tabs too), one leading backtick removed. */
export function cleanCell(s: string | undefined): string {
  if (!s) return "";
  let t = s.trim();
  if (CONTROL.test(t)) t = t.replace(CONTROLS, "").trim();
  return t.charCodeAt(0) === 96 ? t.slice(1).trim() : t;
}

/** A header cell as compared: cleaned, NFKC (（元） = (元)), without any whitespace. */
export const headerKey = (s: string | undefined) => cleanCell(s).normalize("NFKC").replace(/\s+/g, "");

/** Shortened for a message: a hostile cell must not make a page-long refusal. */
export const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * A bill's date-time (Beijing wall clock, as every provider writes it) → ms since epoch. Accepts
 * 2025-06-01 10:20:30, 2025/6/1 10:20, 2025.06.01, 2025-06-01T10:20:30, 2025年6月1日 10:20:30 and a bare
 * date (midnight); seconds may carry a fraction (dropped). Null when it is none of these or not a real
 * date (2025-02-30). Years 2000–2099 only.
 */
export function parseBillTime(text: string): number | null {
  const s = text.normalize("NFKC").trim();
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (y < 2000 || y > 2099 || h > 23 || mi > 59 || sec > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(utc);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return utc - SHANGHAI_OFFSET_MS;
}

/** Column positions by header key, for one file. */
export type Columns = Map<string, number>;

/** The header row's columns by key (the first of two equal headers wins). */
export function columnsOf(header: Row): Columns {
  const cols: Columns = new Map();
  header.cells.forEach((c, i) => {
    const k = headerKey(c);
    if (k && !cols.has(k)) cols.set(k, i);
  });
  return cols;
}

/** The first of `names` that the header has. */
export function pick(cols: Columns, ...names: string[]): string | null {
  return names.find((n) => cols.has(n)) ?? null;
}

/** A row read through its file's header. */
export class Cells {
  constructor(readonly row: Row, private readonly cols: Columns) {}

  /** The cleaned text under `name` ("" when the header lacks it or the row is short). */
  get(name: string | null): string {
    if (name === null) return "";
    const i = this.cols.get(name);
    return i === undefined ? "" : cleanCell(this.row.cells[i]);
  }

  /** Whether every cell of the row is empty. */
  get empty(): boolean {
    return this.row.cells.every((c) => c.length === 0 || cleanCell(c) === "");
  }

  refuse(reason: string): never {
    throw new BillRefused(reason, this.row.lineNo);
  }

  /** The text under `name`, refused when empty or when the row stops before that column. */
  required(name: string, label = name): string {
    const i = this.cols.get(name)!;
    if (i >= this.row.cells.length) this.refuse(`缺少“${label}”（此行只有 ${this.row.cells.length} 列，表头有 ${this.cols.size} 列）`);
    const v = this.get(name);
    if (!v) this.refuse(`“${label}”为空`);
    return v;
  }

  /** An amount in 元 under `name` → 分 (may be negative or 0). */
  amount(name: string): number {
    const r = yuanToFen(this.required(name, name.replace(/\(.*$/, "")));
    if (!r.ok) this.refuse(r.reason);
    return r.fen;
  }

  /** An amount that may be empty ("" and "/" count as 0). */
  optionalAmount(name: string | null): number {
    const v = this.get(name);
    if (!v || v === "/" || v === "-") return 0;
    const r = yuanToFen(v);
    if (!r.ok) this.refuse(r.reason);
    return r.fen;
  }

  /** A date-time under `name`. */
  time(name: string, label = name): number {
    const v = this.required(name, label);
    const t = parseBillTime(v);
    if (t === null) this.refuse(`${label}“${shown(v)}”不是有效的日期时间（应如 2025-06-01 10:20:30）`);
    return t;
  }

  /** A transaction id under `name`: 1–64 characters without spaces, not mangled by a spreadsheet. */
  txn(name: string, label = "交易号"): string {
    const v = this.required(name, label).normalize("NFKC");
    if (/^\d+(\.\d+)?E\+?\d+$/i.test(v)) this.refuse(`${label}“${shown(v)}”已被表格软件改成科学计数法，数字已丢失；请用原始账单文件导入，或将该列设为“文本”格式后重新填写`);
    if (v.length > 64 || /\s/.test(v)) this.refuse(`${label}“${shown(v)}”不是有效的交易号（应为不超过 64 个字符、不含空格）`);
    return v;
  }
}
