// Uploaded files: receiving one from a multipart stream (checked by content, images normalised, stored
// content-addressed), the `uploads` rows that give users access to blobs, and the hourly cleanup of orphans.
import { createHash } from "node:crypto";
import fsp from "node:fs/promises";
import { Readable } from "node:stream";
import { setImmediate } from "node:timers/promises";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { now, HOUR, MINUTE } from "~/utils/clock.server";
import { whereAccessible } from "~/engine/permissions/sql.server";
import type { AppAbility } from "~/engine/permissions/ability";
import { fileStorage, isSha256, type TempFile } from "~/services/file-storage.server";
import { paymentQrReadable } from "./payment-qr.server";
import { PDF_PROBLEM_TASK } from "~/engine/documents/built-in-tasks.server";
import { documentWorkers, WorkerLimitError } from "~/engine/documents/render-pool.server";
import { MultipartError, readMultipart } from "~/utils/multipart.server";
import {
  FILE_TYPES, accepted, describeAccept, detectKind, extensionMatches, nameProblem, normaliseImage, parseAccept,
  type ContentRefusal, type Mime,
} from "~/utils/file-types.server";

export type UploadRow = { id: number; owner_id: number; sha256: string; size: number; mime: Mime; original_name: string; created_at: number };
export type UploadResult = { ref: string; name: string; size: number; mime: Mime };

/** A refusal with its HTTP status and a Chinese reason; the route turns it into `{ error }`. */
export class UploadRefused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const MAX_FIELD_BYTES = 1024;
const MAX_PARTS = 10;
const WRITE_SLICE = 256 * 1024;

export type ReceivedFile = { temp: TempFile; name: string; sha256: string; size: number };

export type ReceiveOptions = {
  /** Largest file, bytes (413 beyond it). */
  fileBytes: number;
  /** Most parts (fields and files) in the body. */
  parts: number;
  /** Text fields (each at most 1 KB), in the order they come. */
  onField?: (field: string, value: string) => void;
  /** The refusals' words: a second file, and no file at all. */
  words: { oneFile: string; noFile: string };
};

/**
 * Streams the one `file` part of a multipart body into a temp file, hashing it on the way (never held
 * in memory), and hands it over (the caller discards or keeps it). Refuses with UploadRefused (a status
 * and a Chinese reason): a body that is not multipart (415), too large (413), malformed, with a second
 * file, a file under another field name or with a bad name, without a file, or empty (400). Nothing is
 * left behind on a refusal. Used by POST /uploads and by 导入账单 (reconciliation's receive.server.ts).
 */
export async function receiveFile(request: Request, opts: ReceiveOptions): Promise<ReceivedFile> {
  let temp: TempFile | null = null;
  let name = "";
  try {
    try {
      await readMultipart(request, { fileBytes: opts.fileBytes, fieldBytes: MAX_FIELD_BYTES, parts: opts.parts }, {
        onField: (field, value) => opts.onField?.(field, value),
        async onFile({ field, filename, stream }) {
          if (temp) throw new UploadRefused(400, opts.words.oneFile);
          if (field !== "file") throw new UploadRefused(400, "文件字段名应为 file");
          name = filename.normalize("NFC");
          const problem = nameProblem(name);
          if (problem) throw new UploadRefused(400, problem);
          const t = (temp = fileStorage().createTemp());
          // A stream that got ahead of the disk hands over everything it buffered at once (megabytes):
          // hash and write it in slices, letting other requests in between, so no single step blocks.
          for await (const chunk of stream) {
            for (let i = 0; i < chunk.byteLength; i += WRITE_SLICE) {
              await t.write(chunk.subarray(i, i + WRITE_SLICE));
              if (chunk.byteLength > WRITE_SLICE) await setImmediate();
            }
          }
        },
      });
    } catch (e) {
      if (e instanceof MultipartError) throw new UploadRefused(e.status, e.message);
      throw e;
    }
    const file = temp as TempFile | null;
    if (!file) throw new UploadRefused(400, opts.words.noFile);
    const { sha256, size } = await file.finish();
    if (size === 0) throw new UploadRefused(400, "文件内容为空，请重新选择文件");
    temp = null;
    return { temp: file, name, sha256, size };
  } finally {
    const t = temp as TempFile | null;
    if (t) await t.discard();
  }
}

/**
 * Reads the multipart body of POST /uploads (fields `accept`, then one `file`), writing the file to a temp
 * file while hashing it, then decides by content what it is and whether it opens (PDFs in the document
 * worker pool, images with sharp), and stores it: a PDF as sent, an image as normalised by sharp (EXIF
 * orientation applied, sRGB, metadata stripped, within the pixel budget and STORED_IMAGE_SIDE), so the
 * returned ref, size and every later use are the normalised image's. Any refusal (UploadRefused, with
 * a Chinese reason saying what to do) leaves nothing behind.
 */
export async function receiveUpload(request: Request, ownerId: number): Promise<UploadResult> {
  const store = fileStorage();
  let acceptRaw = "";
  let temp: TempFile | null = null;
  try {
    const received = await receiveFile(request, {
      fileBytes: env.uploadMaxBytes, parts: MAX_PARTS, words: { oneFile: "一次只能上传一个文件", noFile: "请选择要上传的文件" },
      onField(field, value) {
        if (field === "accept") acceptRaw = value; // other text fields are read and dropped
      },
    });
    const { name, sha256, size } = received;
    const file = (temp = received.temp);
    const bytes = await fsp.readFile(file.path); // at most UPLOAD_MAX_BYTES; the checks need it whole anyway
    const accept = parseAccept(acceptRaw);
    const kind = await detectKind(bytes, { name, accept });
    if (typeof kind !== "string") throw new UploadRefused(kind.status, kind.reason);
    if (!accepted(kind, accept)) throw new UploadRefused(415, `此处只能上传${describeAccept(accept)}，所选文件是${FILE_TYPES[kind].label}，请换一个文件`);
    if (!extensionMatches(kind, name)) {
      throw new UploadRefused(422, `文件扩展名与内容不符：内容是${FILE_TYPES[kind].label}，请将扩展名改为 .${FILE_TYPES[kind].extensions[0]} 后重新上传`);
    }
    const mime = FILE_TYPES[kind].mime;
    // What is stored: the PDF as sent (the temp file), or the image as normalised.
    let stored: { sha256: string; size: number; bytes?: Buffer };
    if (kind === "pdf") {
      const problem = await checkPdf(bytes);
      if (problem) throw new UploadRefused(problem.status, problem.reason);
      stored = { sha256, size };
    } else {
      const normalised = await normaliseImage(bytes, kind);
      if ("status" in normalised) throw new UploadRefused(normalised.status, normalised.reason);
      stored = { sha256: createHash("sha256").update(normalised.bytes).digest("hex"), size: normalised.bytes.length, bytes: normalised.bytes };
    }
    // The row first, then the blob: cleanup deletes only blobs no row refers to, so it never races us.
    const inserted = await recordUpload({ ownerId, sha256: stored.sha256, size: stored.size, mime, name });
    try {
      if (stored.bytes) await store.putStream(Readable.from([stored.bytes]));
      else await store.putFile(file.path, sha256);
    } catch (e) {
      if (inserted) await db("uploads").where({ owner_id: ownerId, sha256: stored.sha256 }).delete();
      throw e;
    }
    if (stored.bytes) await file.discard();
    temp = null;
    return { ref: `file:${stored.sha256}`, name, size: stored.size, mime };
  } finally {
    const t = temp as TempFile | null;
    if (t) await t.discard();
  }
}

/**
 * pdfProblem in the document worker pool: parsing a large PDF takes seconds of synchronous work. The
 * bytes are moved to the worker (up to 10 MB not copied on the request thread): unusable afterwards.
 */
export async function checkPdf(bytes: Buffer): Promise<ContentRefusal | null> {
  try {
    return await documentWorkers().run(PDF_PROBLEM_TASK, bytes);
  } catch (e) {
    if (!(e instanceof WorkerLimitError)) throw e;
    if (e.limit === "busy") throw new UploadRefused(503, "服务器繁忙，请稍后重新上传");
    return { status: 422, reason: `PDF 文件过于复杂，无法打开（${e.message}），请压缩或拆分为较小的文件后重新上传` };
  }
}

/** Inserts the owner's row for these bytes, or refreshes its date when they uploaded them before; true if new. */
async function recordUpload(u: { ownerId: number; sha256: string; size: number; mime: Mime; name: string }): Promise<boolean> {
  const t = now();
  // A repeat upload restarts the orphan clock, so cleanup cannot take the blob from under it.
  const touched = await db("uploads").where({ owner_id: u.ownerId, sha256: u.sha256 }).update({ created_at: t });
  if (touched) return false;
  const row = { owner_id: u.ownerId, sha256: u.sha256, size: u.size, mime: u.mime, original_name: u.name, created_at: t };
  const r = await db("uploads").insert(row).onConflict(["owner_id", "sha256"]).ignore().returning("id");
  return r.length > 0;
}

/** Uploads by this user in the last 10 minutes, for the rate limit. */
export async function recentUploadCount(ownerId: number): Promise<number> {
  const [{ n }] = await db("uploads").where({ owner_id: ownerId }).where("created_at", ">", now() - 10 * MINUTE).count<{ n: number | string }[]>({ n: "*" });
  return Number(n);
}

/**
 * The row to serve `sha256` to this user under: their own upload of it, a batch's 收款二维码 they may see,
 * or else any upload of it that a submission they may read refers to (that submission's owner's row).
 * Null means 404.
 */
export async function findServableUpload(sha256: string, userId: number, ability: AppAbility): Promise<UploadRow | null> {
  if (!isSha256(sha256)) return null;
  const own = await db<UploadRow>("uploads").where({ owner_id: userId, sha256 }).first();
  if (own) return own;
  if (await paymentQrReadable(sha256, userId, ability)) return (await db<UploadRow>("uploads").where({ sha256 }).orderBy("id").first()) ?? null;
  const readable = whereAccessible(
    db("form_submissions as s").join("submission_files as f", "f.submission_id", "s.id").where("f.sha256", sha256).select("s.owner_id"),
    ability, "read", "Submission", (f) => `s.${f}`,
  );
  const row = await db<UploadRow>("uploads").where({ sha256 }).whereIn("owner_id", readable).orderBy("id").first();
  if (row) return row;
  // A submission inside an application (scope application:<id> or application:<id>:<document>) is
  // readable with the application: a reviewer sees the files of the applications in their scope only.
  const linked: { owner_id: number; scope: string }[] = await db("form_submissions as s")
    .join("submission_files as f", "f.submission_id", "s.id").where("f.sha256", sha256).where("s.scope", "like", "application:%")
    .select("s.owner_id", "s.scope");
  const owners = new Map<number, number>();
  for (const l of linked) {
    const m = /^application:(\d{1,12})(?::|$)/.exec(l.scope);
    if (m) owners.set(Number(m[1]), l.owner_id);
  }
  if (!owners.size) return null;
  // Read, or followed (a transfer the reader forwarded to another region: its 证明材料 too).
  const apps: { id: number; owner_id: number }[] = await db("workflow_instances as w").whereIn("w.id", [...owners.keys()]).select("w.id", "w.owner_id")
    .where((either) => either
      .where((q) => { whereAccessible(q, ability, "read", "Application", (f) => `w.${f}`); })
      .orWhere((q) => { whereAccessible(q, ability, "follow", "Application", (f) => `w.${f}`); }));
  const owner = apps.find((a) => owners.get(a.id) === a.owner_id)?.owner_id;
  if (owner === undefined) return null;
  return (await db<UploadRow>("uploads").where({ sha256, owner_id: owner }).first()) ?? null;
}

export function openUpload(sha256: string): Readable {
  return fileStorage().open(sha256);
}

/**
 * Deletes uploads rows older than `olderThanMs` that no submission of the same owner, no batch (its
 * 收款二维码) and no lesson (课程内容) refers to, then the blobs no row refers to, then temp files left by interrupted uploads.
 * Returns what it removed.
 */
export async function cleanupOrphanUploads(olderThanMs = 24 * HOUR): Promise<{ rows: number; blobs: number; temps: number }> {
  const t = now();
  const referenced = db("submission_files as f")
    .join("form_submissions as s", "s.id", "f.submission_id")
    .whereRaw("f.sha256 = uploads.sha256")
    .whereRaw("s.owner_id = uploads.owner_id")
    .select(db.raw("1"));
  const qr = db("batches").whereRaw("batches.payment_qr_sha = uploads.sha256").select(db.raw("1"));
  const lesson = db("training_lessons").whereRaw("training_lessons.sha256 = uploads.sha256").select(db.raw("1"));
  const rows = Number(await db("uploads").where("created_at", "<", t - olderThanMs).whereNotExists(referenced).whereNotExists(qr).whereNotExists(lesson).delete());
  const store = fileStorage();
  let blobs = 0;
  for await (const blob of store.list()) {
    // Recent blobs are left alone: cheap insurance against an upload that is racing this loop.
    if (blob.mtimeMs > t - HOUR) continue;
    const used = await db("uploads").where({ sha256: blob.sha256 }).first("id");
    if (!used) {
      await store.delete(blob.sha256);
      blobs += 1;
    }
  }
  const temps = await store.removeStaleTemp(HOUR, t);
  return { rows, blobs, temps };
}
