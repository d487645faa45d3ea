// An XLSX bill (the project's template, WeChat's newer personal bill) as rows, streaming with exceljs's
// WorkbookReader: the first worksheet, row by row, each cell as text. Before exceljs sees the file, the
// archive is inflated once through a byte counter (unzipper, the reader exceljs itself uses), so a zip
// bomb is refused before anything is parsed or cached.
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type ExcelJS from "exceljs";
import type { Entry } from "unzipper";
import { stringify } from "csv-stringify/sync";
import type { BillSource } from "./source.server";
import { BillRefused, type Row } from "./types.server";

/** Inflated size of the whole archive we accept: a 200,000-row template is well under it. */
export const MAX_XLSX_INFLATED = 120 * 1024 * 1024;
const MAX_ENTRIES = 2000;
const BROKEN = "XLSX 文件已损坏或不是有效的 Excel 文件，请重新导出后再导入";

/** Longest the archive check may take; a file that stalls it is refused rather than waited on. */
const CHECK_MS = 30_000;

/**
 * Inflates every entry through a counter; refuses archives over `limit` bytes inflated, damaged ones, or
 * anything that is not a zip. unzipper reports a damaged entry as an 'error' on the archive stream and
 * leaves the entry's own stream open, so the entry being read is closed by hand when that happens.
 */
export async function checkArchive(source: BillSource, limit = MAX_XLSX_INFLATED): Promise<void> {
  let total = 0;
  let entries = 0;
  let failed: unknown = null;
  let current: Entry | null = null;
  // unzipper and exceljs load with the first XLSX file (exceljs: about 30 MB the server need not carry otherwise).
  const { default: unzipper } = await import("unzipper");
  const input = source.open();
  const zip = unzipper.Parse({ forceStream: true });
  const fail = (e: unknown) => {
    failed ??= e;
    current?.destroy(e instanceof Error ? e : new Error(String(e)));
    zip.destroy();
  };
  // unzipper may emit errors after the pipeline let go of the stream (FILE_ENDED for a cut-off archive);
  // with no listener they would be uncaught.
  zip.on("error", fail);
  const watchdog = setTimeout(() => fail(new BillRefused("XLSX 文件结构异常，读取超时；请用表格软件重新保存后再导入")), CHECK_MS).unref();
  const tooBig = () => new BillRefused(`XLSX 文件解压后超过 ${Math.floor(limit / 1024 / 1024)} MB，不是一份账单；请按日期拆分后再导入`);
  try {
    // Caught at once: the loop below may stop first, and a rejection nobody awaits would be unhandled.
    const feeding = pipeline(input, zip).catch(fail);
    for await (const entry of zip as AsyncIterable<Entry>) {
      entries += 1;
      if (entries > MAX_ENTRIES) throw new BillRefused(BROKEN);
      current = entry;
      if (failed) throw failed;
      await pipeline(entry, new Transform({
        transform(chunk: Buffer, _e, cb) {
          total += chunk.length;
          cb(total > limit ? tooBig() : null);
        },
      }).resume());
      current = null;
    }
    await feeding;
    if (failed) throw failed;
  } catch (e) {
    const first = failed ?? e;
    if (first instanceof BillRefused) throw first;
    if (e instanceof BillRefused) throw e;
    throw new BillRefused(BROKEN);
  } finally {
    clearTimeout(watchdog);
    input.destroy();
    zip.destroy();
  }
  if (!entries) throw new BillRefused(BROKEN);
}

type CellValue = ExcelJS.CellValue;

const pad = (n: number) => String(n).padStart(2, "0");

/** A cell as the text a person sees: dates as Beijing wall-clock text, numbers in their shortest form. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) {
    // exceljs reads a date cell's serial number as UTC: its UTC fields are the wall-clock time written.
    if (Number.isNaN(v.getTime())) return "";
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return cellText((v as { result?: CellValue }).result as CellValue);
    if ("text" in v && typeof (v as { text: unknown }).text === "string") return (v as { text: string }).text;
    if ("error" in v) return String((v as { error: unknown }).error);
  }
  return "";
}

/** The rows of the first worksheet, in order; throws BillRefused for a damaged or oversized archive. */
export async function* xlsxRows(source: BillSource): AsyncGenerator<Row> {
  await checkArchive(source);
  const { default: Excel } = await import("exceljs");
  const input = source.open();
  const reader = new Excel.stream.xlsx.WorkbookReader(input, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore" });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        yield { lineNo: row.number, cells, raw: stringify([cells], { eof: false }) };
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof BillRefused) throw e;
    throw new BillRefused(BROKEN);
  } finally {
    input.destroy();
  }
  if (!sheets) throw new BillRefused("XLSX 文件中没有工作表");
}
