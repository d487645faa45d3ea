// Copying the content-addressed upload folder (`<2 hex>/<sha256>`, app/services/file-storage.server.ts)
// into a backup and back. Every copy is hashed on the way and written under a temp name then renamed, so
// a damaged source blob fails the backup and a restore never leaves half a file under a real name.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { BackupError, uploadPath } from "./manifest";

const BLOB = /^[0-9a-f]{64}$/;

/** Every blob in an upload folder: its sha256 and path (temp files and anything else are skipped). */
export async function* blobsIn(uploadDir: string): AsyncIterable<{ sha256: string; file: string }> {
  const shards = await fsp.readdir(uploadDir).catch(() => [] as string[]);
  for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s)).sort()) {
    for (const name of (await fsp.readdir(path.join(uploadDir, shard))).sort()) {
      if (BLOB.test(name) && name.startsWith(shard)) yield { sha256: name, file: path.join(uploadDir, shard, name) };
    }
  }
}

/** Copies `from` to `to` (temp + rename), checking the bytes hash to `sha256`; returns the size in bytes. Throws BackupError on a mismatch. */
export async function copyBlob(from: string, to: string, sha256: string): Promise<number> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const temp = `${to}.${crypto.randomBytes(6).toString("hex")}.part`;
  const h = crypto.createHash("sha256");
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(fs.createReadStream(from), hashing, fs.createWriteStream(temp));
    if (h.digest("hex") !== sha256) throw new BackupError(`附件 ${sha256} 的内容与文件名不符（已损坏），未复制`);
    await fsp.rename(temp, to);
    return bytes;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** Copies every blob of `uploadDir` into the backup directory; returns the manifest's uploads list. */
export async function backUpUploads(uploadDir: string, backupDir: string): Promise<{ sha256: string; bytes: number }[]> {
  const out: { sha256: string; bytes: number }[] = [];
  for await (const b of blobsIn(uploadDir)) out.push({ sha256: b.sha256, bytes: await copyBlob(b.file, uploadPath(backupDir, b.sha256), b.sha256) });
  return out;
}

/** Copies the backup's blobs into `uploadDir` (blobs already there are the same bytes by their name and are kept). */
export async function restoreUploads(backupDir: string, list: { sha256: string }[], uploadDir: string): Promise<void> {
  for (const { sha256 } of list) {
    const target = path.join(uploadDir, sha256.slice(0, 2), sha256);
    if (fs.existsSync(target)) continue;
    await copyBlob(uploadPath(backupDir, sha256), target, sha256);
  }
}
