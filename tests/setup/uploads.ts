// Upload helpers for tests: real PNG/JPEG/PDF bytes, a hand-made multipart body (so odd file names reach
// the server unaltered), and a snapshot of every file under UPLOAD_DIR.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { PDFDocument } from "pdf-lib";
import type { Client } from "./app";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

let seq = 0;
/** A valid 1×1 RGB PNG; each call gives different bytes (the pixel colour varies). */
export function png(): Buffer {
  seq += 1;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const pixel = Buffer.from([0, seq & 0xff, (seq >> 8) & 0xff, (process.pid + seq) & 0xff]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(pixel)), chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A 4×4 JPEG rendered by pdftoppm. */
export const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEAJAAkAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAEAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDBooor7U8E/9k=",
  "base64",
);

/** A one-page PDF made with pdf-lib; `title` makes the bytes unique. */
export async function pdf(title = `test ${Date.now()} ${Math.random()}`): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.addPage([200, 200]).drawText(title.slice(0, 20), { x: 10, y: 100, size: 10 });
  return Buffer.from(await doc.save());
}

export type Part = { name: string; filename?: string; type?: string; data: Buffer | string };

/** A multipart/form-data body written byte by byte: file names go out exactly as given. */
export function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const out: Buffer[] = [];
  for (const p of parts) {
    const fn = p.filename === undefined ? "" : `; filename="${p.filename.replace(/"/g, "%22")}"`;
    const type = p.filename === undefined ? "" : `\r\nContent-Type: ${p.type ?? "application/octet-stream"}`;
    out.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${fn}${type}\r\n\r\n`, "utf8"));
    out.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, "utf8"));
    out.push(Buffer.from("\r\n"));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(out), type: `multipart/form-data; boundary=${boundary}` };
}

/** A body sent chunked (no Content-Length), 64 KiB at a time. */
export function chunked(body: Buffer): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i >= body.length) return c.close();
      c.enqueue(new Uint8Array(body.subarray(i, (i += 64 * 1024))));
    },
  });
}

export type UploadOpts = { accept?: string; csrf?: string | false; chunked?: boolean; parts?: Part[] };

/** POST /uploads as the file widget does: header X-CSRF-Token, fields `accept` (optional) then `file`. */
export function upload(client: Client, name: string, data: Buffer, opts: UploadOpts = {}): Promise<Response> {
  const parts: Part[] = opts.parts ?? [
    ...(opts.accept !== undefined ? [{ name: "accept", data: opts.accept }] : []),
    { name: "file", filename: name, data },
  ];
  const { body, type } = multipart(parts);
  const headers: Record<string, string> = { "content-type": type };
  const token = opts.csrf === undefined ? client.csrf : opts.csrf;
  if (token !== false) headers["x-csrf-token"] = token;
  const init = opts.chunked ? { body: chunked(body), duplex: "half" } : { body };
  return client.fetch("/uploads", { method: "POST", headers, ...init } as RequestInit);
}

/** Every file under UPLOAD_DIR (blobs and temp files), relative paths, sorted. */
export function storedFiles(): string[] {
  const root = process.env.UPLOAD_DIR ?? "";
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}
