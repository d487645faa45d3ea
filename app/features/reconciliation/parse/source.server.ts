// Where a bill's bytes come from: a file on disk (an upload's temp file) or a buffer (tests). A source
// can be opened more than once: the kind is sniffed from the first bytes, then the file is read again
// from its start, streaming.
import fs from "node:fs";
import { Readable } from "node:stream";

export type BillSource = { open(): Readable };

/** A file on disk, read in 64 KB chunks. */
export const fileSource = (path: string): BillSource => ({ open: () => fs.createReadStream(path, { highWaterMark: 64 * 1024 }) });

/** Bytes in memory (tests, small files). */
export const bufferSource = (bytes: Uint8Array): BillSource => ({ open: () => Readable.from([Buffer.from(bytes)], { objectMode: false }) });

/** Up to `n` bytes from the start of the source (fewer when it is shorter). */
export async function head(source: BillSource, n: number): Promise<Buffer> {
  const stream = source.open();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}
