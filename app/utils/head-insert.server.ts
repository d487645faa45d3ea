// Server-rendered HTML is streamed, so markup known only once the shell has rendered (antd's generated
// <style> elements, see components/antd-server-styles.server.tsx) cannot be part of the React tree's
// <head>, which React writes before the <body> that produces it. It is spliced into the byte stream
// instead, just before the document's first </head>: at the tail of <head>, where React 18's
// hydration leaves nodes it did not render alone (it neither deletes them nor reports a mismatch).
import { Transform } from "node:stream";

const HEAD_END = Buffer.from("</head>", "latin1");

/**
 * A pass-through for a streamed HTML document that inserts `markup()` (UTF-8) once, right before the
 * first `</head>`. Bytes are held back only until that tag has been seen (it may straddle two chunks);
 * everything after it passes unchanged. `markup` is called when the tag arrives, i.e. after React has
 * rendered the shell, and an empty string inserts nothing. A document without `</head>` passes
 * unchanged. Errors thrown by `markup` fail the stream.
 */
export function insertBeforeHeadEnd(markup: () => string): Transform {
  let held: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!held) return callback(null, chunk);
      const data = held.length ? Buffer.concat([held, chunk]) : chunk;
      const at = data.indexOf(HEAD_END);
      if (at < 0) {
        held = data;
        return callback();
      }
      held = null;
      try {
        const inserted = markup();
        callback(null, inserted ? Buffer.concat([data.subarray(0, at), Buffer.from(inserted, "utf8"), data.subarray(at)]) : data);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      callback(null, held?.length ? held : undefined);
    },
  });
}
