// The footer every printed document carries on every page: its reference number, 第 N 页 / 共 M 页,
// and the data hash twice over (校验码 = its first 8 hex digits, and a QR code of all of it), so a
// signed scan can be matched to the exact data it was printed from.
import QRCode from "qrcode";
import { grayscale } from "pdf-lib";
import type { PDFOperator, PDFPage } from "pdf-lib";
import { A4, qrOperators } from "./layout.server";
import type { DocWriter } from "./layout.server";

/** Space the footer needs below the content (points from the page's bottom edge). */
export const FOOTER_HEIGHT = 84;
const QR_MODULE = 1.25;

/** The short code printed on the page: the hash's first 8 hex digits, upper-cased. */
export function shortCode(dataHash: string): string {
  return dataHash.slice(0, 8).toUpperCase();
}

// The same hash is printed again and again (each download, each page): keep the last few QR drawings.
const qrCache = new Map<string, { size: number; ops: PDFOperator[] }>();
function qrFor(text: string, right: number): { size: number; ops: PDFOperator[] } {
  const key = `${right}:${text}`;
  let hit = qrCache.get(key);
  if (!hit) {
    const modules = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
    const size = modules.size * QR_MODULE;
    hit = { size, ops: qrOperators(modules, right - size, 22 + size, QR_MODULE) };
    if (qrCache.size >= 64) qrCache.delete(qrCache.keys().next().value!);
    qrCache.set(key, hit);
  }
  return hit;
}

/**
 * Draws the footer on a page (index from 0, count pages in all): `referenceLabel：reference` at the left
 * (label default 申请编号), 第 N 页 / 共 M 页, 校验码 and the QR code of `dataHash` at the right.
 */
export function hashFooter(writer: DocWriter, opts: { reference?: string; referenceLabel?: string; dataHash: string }): (page: PDFPage, index: number, count: number) => void {
  const right = A4[0] - writer.margins.right;
  const { size: qrSize, ops } = qrFor(opts.dataHash, right);
  const qrTop = 22 + qrSize;
  const muted = grayscale(0.35);
  const ruleY = qrTop + 8;
  return (page, index, count) => {
    page.drawLine({ start: { x: writer.left, y: ruleY }, end: { x: right, y: ruleY }, thickness: 0.5, color: grayscale(0.5) });
    const baseline = qrTop - 16;
    if (opts.reference) writer.text(`${opts.referenceLabel ?? "申请编号"}：${opts.reference}`, writer.left, baseline, { size: 9 }, page);
    writer.text(`第 ${index + 1} 页 / 共 ${count} 页`, A4[0] / 2, baseline, { size: 9, align: "center" }, page);
    writer.text(`校验码 ${shortCode(opts.dataHash)}`, right - qrSize - 8, baseline, { size: 9, align: "right" }, page);
    writer.text("扫描右侧二维码或核对校验码，可确认本文件与系统中的数据一致", writer.left, baseline - 14, { size: 7.5, color: muted }, page);
    page.pushOperators(...ops);
  };
}
