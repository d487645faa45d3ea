// Whether an uploaded PDF really opens (pdf-lib): the check runs in the document worker pool
// (PDF_PROBLEM_TASK, built-in-tasks.server.ts), since parsing a large or hostile PDF is seconds of
// synchronous work, and only the worker threads load pdf-lib.
import { EncryptedPDFError, PDFDocument } from "pdf-lib";
import { HOW_TO_PDF } from "./file-types.server";
import type { ContentRefusal } from "./file-types.server";

/**
 * Null when the bytes open as a PDF with at least one page, else a refusal with the precise reason
 * (cut off, encrypted, damaged, empty). Synchronous parsing of up to UPLOAD_MAX_BYTES: callers run it in
 * the worker pool, never on the request thread.
 */
export async function pdfProblem(b: Uint8Array): Promise<ContentRefusal | null> {
  const bytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  // pdf-lib rebuilds a document from whatever objects it finds, so a cut-off file can still "load":
  // the end-of-file marker must be there as well.
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).toString("latin1").includes("%%EOF")) {
    return { status: 422, reason: "PDF 文件不完整（可能未下载或未导出完整），请重新导出后上传" };
  }
  const encrypted: ContentRefusal = { status: 422, reason: "不支持加密或设有密码的 PDF 文件，请取消密码（或“打印为 PDF”另存一份）后重新上传" };
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.getPageCount() < 1) return { status: 422, reason: "PDF 文件没有任何页面，请检查后重新导出" };
    return null;
  } catch (e) {
    // Encrypted objects (object streams above all) fail to parse before pdf-lib reaches its own
    // encryption check, so the trailer's /Encrypt entry is looked for as well.
    if (e instanceof EncryptedPDFError || hasEncryptEntry(bytes)) return encrypted;
    return { status: 422, reason: `PDF 文件已损坏，无法打开，${HOW_TO_PDF}` };
  }
}

/** True when a trailer or cross-reference stream dictionary names an /Encrypt dictionary (ISO 32000-1 §7.6.1). */
function hasEncryptEntry(bytes: Buffer): boolean {
  return /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(bytes.toString("latin1"));
}
