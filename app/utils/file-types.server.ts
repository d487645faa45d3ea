// What an uploaded file really is, decided from its bytes (never from the client's name or Content-Type),
// plus the checks on its display name and on the widget's `accept` list.
import { EncryptedPDFError, PDFDocument } from "pdf-lib";

export const FILE_TYPES = {
  pdf: { mime: "application/pdf", label: "PDF 文件", extensions: ["pdf"] },
  jpeg: { mime: "image/jpeg", label: "JPEG 图片", extensions: ["jpg", "jpeg", "jpe"] },
  png: { mime: "image/png", label: "PNG 图片", extensions: ["png"] },
} as const;

export type FileKind = keyof typeof FILE_TYPES;
export type Mime = (typeof FILE_TYPES)[FileKind]["mime"];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The kind named by the first bytes, or null. */
export function sniff(head: Uint8Array): FileKind | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  return null;
}

/** Null when the bytes are a complete file of `kind`, else a Chinese reason. */
export async function contentProblem(kind: FileKind, bytes: Buffer): Promise<string | null> {
  if (kind === "png") return pngProblem(bytes);
  if (kind === "jpeg") return jpegProblem(bytes);
  return pdfProblem(bytes);
}

function pngProblem(b: Buffer): string | null {
  // Signature, then IHDR (length 13) with a non-zero size; the file must close with IEND (catches truncation).
  const ihdrOk = b.length >= 33 && b.readUInt32BE(8) === 13 && b.subarray(12, 16).toString("latin1") === "IHDR"
    && b.readUInt32BE(16) > 0 && b.readUInt32BE(20) > 0;
  const iendOk = b.length >= 45 && b.subarray(b.length - 8, b.length - 4).toString("latin1") === "IEND";
  return ihdrOk && iendOk ? null : "PNG 图片已损坏或不完整";
}

function jpegProblem(b: Buffer): string | null {
  // Walk the marker segments up to a start-of-frame (SOF0–SOF15 except DHT C4, JPG C8, DAC CC).
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return "JPEG 图片已损坏或不完整";
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image or scan data before any frame header
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) break;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return len >= 8 && b.readUInt16BE(i + 5) > 0 && b.readUInt16BE(i + 7) > 0 ? null : "JPEG 图片已损坏或不完整";
    i += 2 + len;
  }
  return "JPEG 图片已损坏或不完整";
}

async function pdfProblem(b: Buffer): Promise<string | null> {
  // pdf-lib rebuilds a document from whatever objects it finds, so a cut-off file can still "load":
  // the end-of-file marker must be there as well.
  if (!b.subarray(Math.max(0, b.length - 1024)).toString("latin1").includes("%%EOF")) return "PDF 文件不完整，请重新导出后上传";
  try {
    const doc = await PDFDocument.load(b, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.getPageCount() < 1) return "PDF 文件没有任何页面";
    return null;
  } catch (e) {
    if (e instanceof EncryptedPDFError) return "不支持加密或设有密码的 PDF 文件";
    return "PDF 文件已损坏，无法打开";
  }
}

// C0/C1 control characters, and the bidirectional overrides that can disguise an extension ("gpj.exe").
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Null when `name` is acceptable as a display name (it is never used as a path), else a Chinese reason. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return "文件名不能为空";
  if ([...name].length > 200) return "文件名过长（最多 200 个字符）";
  if (BAD_NAME_CHARS.test(name)) return "文件名包含不允许的控制字符";
  if (/[/\\]/.test(name) || name === "." || name === "..") return "文件名不能包含路径（/、\\ 或 ..）";
  return null;
}

export const extensionOf = (name: string) => (/\.([^.]+)$/.exec(name)?.[1] ?? "").toLowerCase();

export function extensionMatches(kind: FileKind, name: string): boolean {
  return (FILE_TYPES[kind].extensions as readonly string[]).includes(extensionOf(name));
}

/** The MIME types of a widget's `accept` list ("image/png,application/pdf", "image/*"); empty = any. */
export function parseAccept(accept: string): string[] {
  return accept.split(",").map((s) => s.trim().toLowerCase()).filter((s) => /^[a-z]+\/[a-z0-9.+*-]+$/.test(s));
}

export function accepted(kind: FileKind, accept: string[]): boolean {
  if (!accept.length) return true;
  const mime = FILE_TYPES[kind].mime;
  return accept.some((a) => a === mime || (a.endsWith("/*") && mime.startsWith(a.slice(0, -1))));
}

/** "PDF 文件、PNG 图片" for the MIME types of an accept list, for refusal messages. */
export function describeAccept(accept: string[]): string {
  const labels = Object.values(FILE_TYPES).filter((t) => accept.some((a) => a === t.mime || (a.endsWith("/*") && t.mime.startsWith(a.slice(0, -1))))).map((t) => t.label);
  return labels.length ? labels.join("、") : "（无）";
}
