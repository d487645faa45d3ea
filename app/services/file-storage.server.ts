// Where uploaded bytes live: content-addressed blobs (named by their sha256) behind a small interface,
// with a local-disk default under UPLOAD_DIR. Object storage can implement the same interface later.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { env } from "~/utils/env.server";

export type BlobInfo = { sha256: string; size: number; mtimeMs: number };

export interface FileStorage {
  /** A temp file inside the store (same file system, so `putFile` can rename it), hashed as it is written. */
  createTemp(): TempFile;
  /** Moves a finished temp file in under its sha256; if that blob already exists the temp file is dropped. */
  putFile(tempPath: string, sha256: string): Promise<void>;
  /** Writes a whole stream in (temp file, then rename); returns its sha256 and size. */
  putStream(source: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }>;
  /** The blob's bytes, or only bytes start..end (inclusive, as in an HTTP Range). */
  open(sha256: string, range?: { start: number; end: number }): Readable;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number | null>;
  delete(sha256: string): Promise<void>;
  /** Every stored blob, for orphan cleanup. */
  list(): AsyncIterable<BlobInfo>;
  /** Removes temp files older than `olderThanMs` (left by a crash mid-upload). */
  removeStaleTemp(olderThanMs: number, nowMs: number): Promise<number>;
}

export const isSha256 = (s: string) => /^[0-9a-f]{64}$/.test(s);

const TMP = "tmp";

export function localDiskStorage(dir: string): FileStorage {
  const blobPath = (sha: string) => {
    if (!isSha256(sha)) throw new Error("not a sha256");
    return path.join(dir, sha.slice(0, 2), sha);
  };
  return {
    createTemp() {
      fs.mkdirSync(path.join(dir, TMP), { recursive: true });
      return new TempFile(path.join(dir, TMP, `${crypto.randomBytes(12).toString("hex")}.part`));
    },
    async putFile(tempPath, sha256) {
      const target = blobPath(sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Same bytes, same name: an existing blob is already right, so the new copy is simply dropped.
      if (await exists(target)) return void (await fsp.rm(tempPath, { force: true }));
      await fsp.rename(tempPath, target); // atomic within one file system: readers never see half a file
    },
    async putStream(source) {
      const t = this.createTemp();
      try {
        for await (const chunk of source) await t.write(chunk);
        const r = await t.finish();
        await this.putFile(t.path, r.sha256);
        return r;
      } catch (e) {
        await t.discard();
        throw e;
      }
    },
    open(sha256, range) {
      return fs.createReadStream(blobPath(sha256), range ? { start: range.start, end: range.end } : undefined);
    },
    has(sha256) {
      return exists(blobPath(sha256));
    },
    async size(sha256) {
      try {
        return (await fsp.stat(blobPath(sha256))).size;
      } catch {
        return null;
      }
    },
    async delete(sha256) {
      await fsp.rm(blobPath(sha256), { force: true });
    },
    async *list() {
      for (const sub of await readdir(dir)) {
        if (!/^[0-9a-f]{2}$/.test(sub)) continue;
        for (const name of await readdir(path.join(dir, sub))) {
          if (!isSha256(name) || name.slice(0, 2) !== sub) continue;
          const st = await fsp.stat(path.join(dir, sub, name)).catch(() => null);
          if (st?.isFile()) yield { sha256: name, size: st.size, mtimeMs: st.mtimeMs };
        }
      }
    },
    async removeStaleTemp(olderThanMs, nowMs) {
      let n = 0;
      for (const name of await readdir(path.join(dir, TMP))) {
        const p = path.join(dir, TMP, name);
        const st = await fsp.stat(p).catch(() => null);
        if (st && st.mtimeMs < nowMs - olderThanMs) {
          await fsp.rm(p, { force: true });
          n += 1;
        }
      }
      return n;
    },
  };
}

/** A file being written: sha256 and size are computed on the way, with backpressure from the disk. */
export class TempFile {
  private out: fs.WriteStream;
  private hash = crypto.createHash("sha256");
  private failed: Error | null = null;
  size = 0;

  constructor(readonly path: string) {
    this.out = fs.createWriteStream(path, { flags: "wx" });
    this.out.on("error", (e) => (this.failed = e));
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    this.size += chunk.byteLength;
    this.hash.update(chunk);
    if (!this.out.write(chunk)) await once(this.out, "drain"); // rejects on a write error

  }

  async finish(): Promise<{ sha256: string; size: number }> {
    await new Promise<void>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.out.once("error", reject);
      this.out.end(() => resolve());
    });
    return { sha256: this.hash.digest("hex"), size: this.size };
  }

  /** Closes and deletes the file; safe to call at any point, and more than once. */
  async discard(): Promise<void> {
    if (!this.out.closed) await new Promise<void>((resolve) => this.out.destroy() && this.out.once("close", () => resolve()));
    await fsp.rm(this.path, { force: true });
  }
}

const exists = (p: string) => fsp.access(p).then(() => true, () => false);
const readdir = (p: string) => fsp.readdir(p).catch(() => [] as string[]);

let storage: FileStorage | undefined;

/** The configured store (local disk under UPLOAD_DIR; never under public/, so nothing is served unchecked). */
export function fileStorage(): FileStorage {
  return (storage ??= localDiskStorage(env.uploadDir));
}
