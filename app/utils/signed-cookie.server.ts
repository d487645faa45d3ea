// Reading our signed cookies with the verification remembered. Every request reads two (session and
// CSRF), and Remix's parse checks an HMAC and decodes base64 and JSON each time, for the same header the
// browser sends again and again. The result depends only on the header and the fixed secrets, so a
// bounded map from header to value gives the same answers for less work.
import type { Cookie } from "@remix-run/node";

const MAX_HEADERS = 2000;
/** Our two cookies take ~250 characters; longer headers are parsed each time rather than kept. */
const MAX_HEADER_CHARS = 1024;

export function rememberingParse(cookie: Cookie): (header: string | null) => Promise<unknown> {
  const seen = new Map<string, unknown>();
  return async (header) => {
    if (!header || header.length > MAX_HEADER_CHARS) return cookie.parse(header);
    if (seen.has(header)) return seen.get(header);
    const value = await cookie.parse(header);
    // The oldest header goes first when full (a Map iterates in insertion order).
    if (seen.size >= MAX_HEADERS) seen.delete(seen.keys().next().value as string);
    seen.set(header, value);
    return value;
  };
}
