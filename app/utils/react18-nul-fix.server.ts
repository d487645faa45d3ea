// React 18.3's streaming renderer encodes HTML into a reused 2,048-byte buffer and, when a multi-byte
// character (any Chinese character: 3 bytes in UTF-8) would straddle its end, flushes the whole buffer
// anyway: the 1–3 bytes it did not write reach the browser as NUL characters in the middle of the text
// (seen: 「（1 条未读\0）」 in the header once the header grew). Fixed upstream in React 19
// (facebook/react#26228), not in 18; our stack stays on 18, so the chunks are trimmed here.
import { Transform } from "node:stream";

/**
 * A pass-through for React's HTML chunks that drops the trailing NUL bytes (at most 3, the unwritten tail
 * of a multi-byte character) from each chunk. A page never holds a NUL of its own: typed text is cleaned
 * of control characters before it is stored, and HTML treats NUL as a parse error.
 */
export function withoutTrailingNuls(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
