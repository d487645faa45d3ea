// A small streaming multipart/form-data reader. Our own rather than Remix's unstable_parseMultipartFormData:
// that one keeps only the basename of a file name (so "../x.png" could not be refused, only silently
// renamed) and its header parser splits parameters on every "=". Parts are handed on chunk by chunk;
// nothing but the part headers is held in memory.

export class MultipartError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type PartHead = { name: string; filename: string | null; contentType: string };
export type PartSink = { write(chunk: Uint8Array): Promise<void> | void; end(): Promise<void> | void };

const MAX_HEADER_BYTES = 8 * 1024;
const MAX_PARTS = 10;

export function boundaryOf(contentType: string): string | null {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^";\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/**
 * Parameters of a Content-Disposition value; `filename*` (RFC 5987) wins. Quoted values are taken as they
 * are: browsers percent-encode `"` and line breaks in file names and send a backslash as itself.
 */
function parseDisposition(value: string): { type: string; params: Record<string, string> } {
  const type = value.split(";", 1)[0].trim().toLowerCase();
  const params: Record<string, string> = {};
  const re = /;\s*([^\s=;]+)\s*=\s*("[^"]*"|[^;]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1].toLowerCase();
    let v = m[2].trim();
    if (v.startsWith('"')) v = v.slice(1, -1);
    if (key === "filename*") {
      const ext = /^utf-8''(.*)$/i.exec(v);
      if (!ext) continue;
      try {
        params.filename = decodeURIComponent(ext[1]);
      } catch {
        throw new MultipartError(400, "文件名编码不正确");
      }
    } else if (!(key === "filename" && "filename" in params)) {
      params[key] = v;
    }
  }
  return { type, params };
}

function parseHead(raw: string): PartHead {
  let disposition: ReturnType<typeof parseDisposition> | null = null;
  let contentType = "";
  for (const line of raw.split("\r\n")) {
    const i = line.indexOf(":");
    if (i <= 0) throw new MultipartError(400, "上传内容格式不正确");
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (key === "content-disposition") disposition = parseDisposition(value);
    else if (key === "content-type") contentType = value;
  }
  if (!disposition || disposition.type !== "form-data" || !disposition.params.name) {
    throw new MultipartError(400, "上传内容格式不正确");
  }
  const { name, filename } = disposition.params;
  return { name, filename: filename ?? null, contentType };
}

/**
 * Reads a multipart body to its closing delimiter, calling `onPart` for each part's headers and writing
 * the part's bytes into the sink it returns. Throws MultipartError (400) on malformed input.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array> | null,
  boundary: string,
  onPart: (head: PartHead) => PartSink | Promise<PartSink>,
): Promise<void> {
  if (!body) throw new MultipartError(400, "上传内容为空");
  // Every delimiter is CRLF "--" boundary; a CRLF is put in front so the first one matches too.
  const delim = Buffer.from(`\r\n--${boundary}`);
  const keep = delim.length - 1;
  let buf: Buffer = Buffer.from("\r\n");
  let state = "preamble" as "preamble" | "after" | "head" | "body" | "done";
  let sink: PartSink | null = null;
  let parts = 0;

  const step = async (): Promise<boolean> => {
    switch (state) {
      case "preamble": {
        const i = buf.indexOf(delim);
        if (i < 0) {
          buf = buf.subarray(Math.max(0, buf.length - keep));
          return false;
        }
        buf = buf.subarray(i + delim.length);
        state = "after";
        return true;
      }
      case "after": {
        if (buf.length < 2) return false;
        const two = buf.subarray(0, 2).toString("latin1");
        if (two === "--") {
          state = "done";
          return false;
        }
        if (two !== "\r\n") throw new MultipartError(400, "上传内容格式不正确");
        buf = buf.subarray(2);
        state = "head";
        return true;
      }
      case "head": {
        const i = buf.indexOf("\r\n\r\n");
        if (i < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw new MultipartError(400, "上传内容格式不正确");
          return false;
        }
        if (++parts > MAX_PARTS) throw new MultipartError(400, "上传内容包含的字段过多");
        const head = parseHead(buf.subarray(0, i).toString("utf8"));
        buf = buf.subarray(i + 4);
        sink = await onPart(head);
        state = "body";
        return true;
      }
      case "body": {
        const i = buf.indexOf(delim);
        if (i < 0) {
          if (buf.length > keep) {
            await sink!.write(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
          }
          return false;
        }
        if (i > 0) await sink!.write(buf.subarray(0, i));
        await sink!.end();
        sink = null;
        buf = buf.subarray(i + delim.length);
        state = "after";
        return true;
      }
      default:
        return false;
    }
  };

  const reader = body.getReader();
  try {
    while (state !== "done") {
      const { done, value } = await reader.read();
      if (done) break;
      buf = buf.length ? Buffer.concat([buf, value]) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      while (await step());
    }
  } finally {
    reader.releaseLock();
  }
  if (state !== "done") throw new MultipartError(400, "上传内容不完整");
}
