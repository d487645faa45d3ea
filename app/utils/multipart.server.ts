// Streaming multipart/form-data through busboy (a maintained parser) with our policy on top: limits on
// parts, field and file sizes, and a Chinese reason for each refusal. busboy is told to keep the raw file
// name (preservePath) so that "../x.png" reaches our name check and is refused, never silently renamed,
// and to read file names as UTF-8, as browsers send them.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";

/** A refusal of the body itself (malformed, over a limit); `status` is the HTTP status to answer with. */
export class MultipartError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type MultipartLimits = {
  /** Largest file, in bytes: one byte more is refused with 413. */
  fileBytes: number;
  /** Largest text field, in bytes. */
  fieldBytes: number;
  /** Most parts (fields and files) in one body. */
  parts: number;
};

/** A file part: its field name, the file name exactly as sent (may contain "/" or ".."), and its bytes. */
export type FilePart = { field: string; filename: string; stream: AsyncIterable<Uint8Array> };

export type MultipartHandlers = {
  /** A text field, in full. Throwing refuses the upload. */
  onField(name: string, value: string): void;
  /** A file part; must read `stream` to its end. Throwing (or rejecting) refuses the upload. */
  onFile(part: FilePart): Promise<void>;
};

/**
 * Reads the multipart body of `request` to its end, handing each field and file to `handlers`.
 * Resolves when the body is read and every file handler has finished; rejects with MultipartError
 * (415 not multipart, 413 file too large, 400 malformed, too many parts, an overlong field or a body cut
 * off) or with whatever a handler threw. On the first refusal reading stops.
 */
export function readMultipart(request: Request, limits: MultipartLimits, handlers: MultipartHandlers): Promise<void> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return Promise.reject(new MultipartError(415, "请以 multipart/form-data 格式上传文件"));
  if (!request.body) return Promise.reject(new MultipartError(400, "上传内容为空，请重新选择文件"));
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      preservePath: true,
      defParamCharset: "utf8",
      // busboy signals 'limit' on reaching fileSize, not on passing it: one byte of headroom lets a file
      // of exactly the limit through and still stops the first byte over it.
      limits: { fileSize: limits.fileBytes + 1, fieldSize: limits.fieldBytes, parts: limits.parts, headerPairs: 20 },
    });
  } catch {
    return Promise.reject(new MultipartError(400, "上传内容格式不正确（缺少分隔符），请刷新页面后重试"));
  }
  const source = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const pending: Promise<void>[] = [];
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(bb);
      source.destroy();
      bb.removeAllListeners("file").removeAllListeners("field");
      bb.on("error", () => {}); // later parse errors of an abandoned body are of no interest
      reject(e);
    };
    const tooBig = () => new MultipartError(413, `文件过大，单个文件不能超过 ${Math.floor(limits.fileBytes / 1024 / 1024)} MB，请压缩后重新上传`);

    bb.on("file", (field, stream, info) => {
      stream.on("limit", () => fail(tooBig()));
      const done = Promise.resolve()
        .then(() => handlers.onFile({ field, filename: info.filename ?? "", stream }))
        .catch((e) => {
          stream.resume();
          fail(e);
        });
      pending.push(done);
    });
    bb.on("field", (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(new MultipartError(400, "上传内容包含过长的字段，请刷新页面后重试"));
      try {
        handlers.onField(name, value);
      } catch (e) {
        fail(e);
      }
    });
    bb.on("partsLimit", () => fail(new MultipartError(400, "上传内容包含的字段过多，一次只能上传一个文件")));
    bb.on("error", () => fail(new MultipartError(400, "上传内容格式不正确或不完整，请重新上传")));
    bb.on("close", () => {
      Promise.all(pending).then(() => {
        if (!settled) {
          settled = true;
          resolve();
        }
      }, fail);
    });
    // The body stream itself failed: cut off by the server's size cap (it answers 413 itself) or the client left.
    source.on("error", () => fail(new MultipartError(400, "上传未完成，请重试")));
    source.pipe(bb);
  });
}
