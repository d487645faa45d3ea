// Receiving an uploaded bill: the multipart body of POST /admin/payments/upload streams (server/app.ts
// streams that path like /uploads, under its own BILL_MAX_BYTES) through the uploads' receiveFile into a
// temp file, hashed on the way, never held in memory. What the file is, is decided later from its content.
import { receiveFile, UploadRefused, type ReceivedFile } from "~/models/uploads.server";
import { env } from "~/utils/env.server";

/** A refusal with its HTTP status and a Chinese reason (the uploads' own). */
export { UploadRefused as BillUploadRefused };

export type ReceivedBill = ReceivedFile;

/**
 * Reads the one `file` part of the request into a temp file (the caller discards it). Refuses, with a
 * status and a Chinese reason, a body that is not multipart (415), too large (413, BILL_MAX_BYTES),
 * malformed, without a file, with more than one file, with a bad name, or empty (400). Nothing is left
 * behind on a refusal.
 */
export function receiveBill(request: Request): Promise<ReceivedBill> {
  return receiveFile(request, { fileBytes: env.billMaxBytes, parts: 5, words: { oneFile: "一次只能导入一个账单文件", noFile: "请选择要导入的账单文件" } });
}
