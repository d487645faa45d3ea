// POST /uploads streams: the one request body not read whole before Remix sees it
// (docs/decisions/0004-streaming-uploads.md).
import type { IncomingMessage } from "node:http";
import { Readable, Transform } from "node:stream";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { send, toRequest } from "./http";

const bytesFromEnv = (v: string | undefined, d: number) => (/^\d+$/.test(v ?? "") ? Number(v) : d);
/** Largest file (bytes); the upload route reads the same variable (app/utils/env.server.ts). */
export const UPLOAD_MAX_BYTES = bytesFromEnv(process.env.UPLOAD_MAX_BYTES, 10 * 1024 * 1024);
/**
 * Largest payment bill (bytes) for POST /admin/payments/upload: a month's bill of a busy merchant account
 * is tens of MB (100,000 lines of WeChat's CSV ≈ 21 MB); admin-only and parsed streaming. The bill route
 * reads the same variable (app/utils/env.server.ts).
 */
export const BILL_MAX_BYTES = bytesFromEnv(process.env.BILL_MAX_BYTES, 50 * 1024 * 1024);
// The body may carry the file plus the multipart framing and the small `accept` field.
const bodyMax = (fileMax: number) => fileMax + 64 * 1024;
/** Largest lesson file on 课程内容 (admin only); the route reads the same variable (app/utils/env.server.ts). */
export const LESSON_MAX_BYTES = bytesFromEnv(process.env.LESSON_MAX_BYTES, 500 * 1024 * 1024);
// After an early answer, up to this much more is read and dropped so the client, still sending, gets
// the answer rather than a reset; a body that goes on beyond it has its connection cut.
const UPLOAD_DRAIN_EXTRA = 1024 * 1024;

export type RemixHandle = (request: Request, context: Record<string, unknown>) => Promise<Response>;

const tooLargeResponse = (fileMax: number) =>
  new Response(JSON.stringify({ error: `文件过大，单个文件不能超过 ${Math.floor(fileMax / 1024 / 1024)} MB` }), {
    status: 413,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });

/** Reads and drops the rest of a request, up to `limit` more bytes; true when it reached its end. */
function drain(req: IncomingMessage, limit: number): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let n = 0;
    const done = (ended: boolean) => {
      req.off("data", onData).off("end", onEnd).off("error", onEnd).off("close", onClose);
      if (!ended) req.pause();
      resolve(ended);
    };
    const onData = (c: Buffer) => {
      n += c.length;
      if (n > limit) done(false);
    };
    const onEnd = () => done(true);
    const onClose = () => done(req.readableEnded);
    req.on("data", onData).once("end", onEnd).once("error", onEnd).once("close", onClose);
    req.resume();
  });
}

/**
 * POST /uploads (and the other streamed uploads: a bill, a lesson): the Node request goes to Remix as a web stream,
 * unbuffered, counted against `fileMax` plus the multipart framing. A declared Content-Length over it is answered 413 at once; a chunked body that grows
 * past it errors the stream and is answered 413 whatever the route said. A refusal that left the body
 * unread drains it (bounded) first and closes the connection, so the client sees the answer, not a reset.
 */
export async function streamUpload(handle: RemixHandle, req: ExpressRequest, res: ExpressResponse, fileMax = UPLOAD_MAX_BYTES): Promise<void> {
  const maxBody = bodyMax(fileMax);
  if (Number(req.get("content-length") ?? 0) > maxBody) {
    res.set("Connection", "close");
    return send(res, tooLargeResponse(fileMax));
  }
  let seen = 0;
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBody) {
        tooLarge = true;
        cb(new Error("upload body too large"));
      } else cb(null, chunk);
    },
  });
  req.pipe(counter);
  let response = await handle(toRequest(req, res, Readable.toWeb(counter) as ReadableStream), { ip: req.ip, cspNonce: res.locals.nonce });
  if (tooLarge) response = tooLargeResponse(fileMax);
  if (!req.readableEnded) {
    req.unpipe(counter);
    counter.destroy();
    const ended = await drain(req, Math.max(0, maxBody + UPLOAD_DRAIN_EXTRA - seen));
    if (!ended || response.status >= 400) res.set("Connection", "close");
  }
  await send(res, response);
}
