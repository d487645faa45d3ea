// Receiving an uploaded bill: the multipart body of POST /admin/payments/upload streams (server/app.ts
// streams that path like /uploads, under the same UPLOAD_MAX_BYTES) through busboy into a temp file,
// hashed on the way, never held in memory. What the file is, is decided later from its content.
import { setImmediate } from "node:timers/promises";
import { fileStorage, type TempFile } from "~/services/file-storage.server";
import { env } from "~/utils/env.server";
import { nameProblem } from "~/utils/file-types.server";
import { MultipartError, readMultipart } from "~/utils/multipart.server";

export class BillUploadRefused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type ReceivedBill = { temp: TempFile; name: string; sha256: string; size: number };

const WRITE_SLICE = 256 * 1024;

/**
 * Reads the one `file` part of the request into a temp file (the caller discards it). Refuses, with a
 * status and a Chinese reason, a body that is not multipart (415), too large (413), malformed, without a
 * file, with more than one file, with a bad name, or empty (400). Nothing is left behind on a refusal.
 */
export async function receiveBill(request: Request): Promise<ReceivedBill> {
  let temp: TempFile | null = null;
  let name = "";
  try {
    await readMultipart(request, { fileBytes: env.uploadMaxBytes, fieldBytes: 1024, parts: 5 }, {
      onField() {},
      async onFile({ field, filename, stream }) {
        if (temp) throw new BillUploadRefused(400, "一次只能导入一个账单文件");
        if (field !== "file") throw new BillUploadRefused(400, "文件字段名应为 file");
        name = filename.normalize("NFC");
        const problem = nameProblem(name);
        if (problem) throw new BillUploadRefused(400, problem);
        const t = (temp = fileStorage().createTemp());
        for await (const chunk of stream) {
          for (let i = 0; i < chunk.byteLength; i += WRITE_SLICE) {
            await t.write(chunk.subarray(i, i + WRITE_SLICE));
            if (chunk.byteLength > WRITE_SLICE) await setImmediate();
          }
        }
      },
    });
    const file = temp as TempFile | null;
    if (!file) throw new BillUploadRefused(400, "请选择要导入的账单文件");
    const { sha256, size } = await file.finish();
    if (size === 0) throw new BillUploadRefused(400, "文件内容为空，请重新选择文件");
    temp = null;
    return { temp: file, name, sha256, size };
  } catch (e) {
    if (e instanceof MultipartError) throw new BillUploadRefused(e.status, e.message);
    throw e;
  } finally {
    const t = temp as TempFile | null;
    if (t) await t.discard();
  }
}
