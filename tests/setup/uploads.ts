// Upload helpers for tests: real PNG/JPEG/PDF bytes, a hand-made multipart body (so odd file names reach
// the server unaltered), and a snapshot of every file under UPLOAD_DIR.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
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

/** A PNG of `width` × `height` RGB pixels (8 bits) whose image data is `idat`, with correct CRCs. */
function pngWith(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A decompression bomb: a real, valid PNG of `width` × `height` black pixels. Zeros deflate ~1000:1, so
 * 8000 × 8000 (192 MB decoded) is ≈ 190 KB and 20000 × 20000 (1.2 GB) ≈ 1.2 MB. Rows are fed to zlib one
 * at a time, so making one never holds the decoded image.
 */
export async function bombPng(width: number, height: number): Promise<Buffer> {
  const row = Buffer.alloc(1 + width * 3); // filter byte 0, then black pixels
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((r) => deflate.on("end", r));
  for (let y = 0; y < height; y++) if (!deflate.write(row)) await new Promise((r) => deflate.once("drain", r));
  deflate.end();
  await done;
  return pngWith(width, height, Buffer.concat(out));
}

/**
 * A 64 × 64 PNG whose image data is damaged (its zlib stream cut in half, CRCs intact): header and end
 * marker are fine, the pixels cannot be decoded. pdf-lib 1.17's PNG decoder loops forever on it.
 */
export function damagedPng(): Buffer {
  const good = zlib.deflateSync(Buffer.alloc(64 * (1 + 64 * 3), 7));
  return pngWith(64, 64, good.subarray(0, good.length >> 1));
}

/**
 * A JPEG whose pixels are stored `width` × `height` (left half red, right half blue) with EXIF
 * orientation 6 ("rotate 90° clockwise to view"), as phones save portrait photos: seen upright it is
 * `height` wide and `width` tall, red on top.
 */
export async function rotatedPhoneJpeg(width = 80, height = 40): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: "#ff0000" } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: "#0000ff" } })
    .composite([{ input: red, left: 0, top: 0 }])
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/**
 * An encrypted PDF as current tools write it (PDF 1.5+: objects in an object stream, cross-reference
 * stream naming /Encrypt): the object stream's bytes are ciphertext, so nothing opens it without the key.
 */
export function encryptedPdf(): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const add = (s: string | Buffer) => {
    const b = Buffer.isBuffer(s) ? s : Buffer.from(s, "latin1");
    parts.push(b);
    at += b.length;
  };
  const obj = (n: number, body: string | Buffer[]) => {
    offsets[n] = at;
    if (typeof body === "string") add(`${n} 0 obj\n${body}\nendobj\n`);
    else {
      add(`${n} 0 obj\n`);
      body.forEach(add);
      add("\nendobj\n");
    }
  };
  add("%PDF-1.6\n%\xe2\xe3\xcf\xd3\n");
  const cipher = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 73 + 41) & 0xff)); // stands for RC4/AES output
  obj(1, [Buffer.from(`<< /Type /ObjStm /N 3 /First 15 /Filter /FlateDecode /Length ${cipher.length} >>\nstream\n`, "latin1"), cipher, Buffer.from("\nendstream", "latin1")]);
  obj(5, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + "8a".repeat(32) + "> /U <" + "5c".repeat(32) + "> >>");
  const xrefAt = at;
  // Cross-reference stream (uncompressed, W [1 4 2]): 0 free, 1 and 5 at their offsets, 2–4 in stream 1.
  const rows: number[][] = [[0, 0, 65535], [1, offsets[1], 0], [2, 1, 0], [2, 1, 1], [2, 1, 2], [1, offsets[5], 0], [1, xrefAt, 0]];
  const data = Buffer.concat(rows.map(([t, a, b]) => {
    const r = Buffer.alloc(7);
    r.writeUInt8(t, 0);
    r.writeUInt32BE(a, 1);
    r.writeUInt16BE(b, 5);
    return r;
  }));
  obj(6, [Buffer.from(`<< /Type /XRef /Size 7 /W [1 4 2] /Root 2 0 R /Encrypt 5 0 R /ID [<${"11".repeat(16)}> <${"11".repeat(16)}>] /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);
  add(`startxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** The start of an iPhone HEIC photo (ISO BMFF `ftyp` box with brand heic, then a `meta` box). */
export function heicPhoto(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic", "latin1"), Buffer.alloc(4), Buffer.from("mif1heic", "latin1")]);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 0x22]), Buffer.from("meta", "latin1"), Buffer.alloc(0x1e)]);
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

/** A PNG of `side` × `side` pixels (a 收款二维码 must be at least 200 px on each side); bytes differ per call. */
export async function squarePng(side = 240): Promise<Buffer> {
  seq += 1;
  return sharp({ create: { width: side, height: side, channels: 3, background: { r: seq & 0xff, g: (seq >> 8) & 0xff, b: process.pid & 0xff } } }).png().toBuffer();
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

/** Uploads and expects 201; the sha256 of what was stored (for an image, its normalised bytes). */
export async function uploadedSha(client: Client, name: string, data: Buffer, opts: UploadOpts = {}): Promise<string> {
  const res = await upload(client, name, data, opts);
  const body = (await res.json()) as { ref?: string; error?: string };
  if (res.status !== 201 || !body.ref) throw new Error(`upload of ${name}: ${res.status} ${body.error}`);
  return body.ref.replace(/^file:/, "");
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
