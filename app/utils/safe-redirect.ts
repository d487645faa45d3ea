// Where to send a user after signing in, when the target came from the user (a query string or a form).

/**
 * The one check for user-supplied redirect targets (issue 14 §2): `to` is resolved with the WHATWG URL
 * parser — the one browsers use — against the app's own origin `selfOrigin` (e.g. "https://host:3000"),
 * and only a same-origin target is kept, as its path + query + hash. Anything else (another host, a
 * scheme such as `javascript:`, `/\t/evil.example` once the parser drops the tab, backslashes, a value
 * that is not a string) gives `fallback`.
 *
 * The answer is always a serialised path: it starts with a single `/` (never `//` or `/\`, which a
 * browser would read as another host), and is ASCII without spaces or control characters, so it is also
 * safe in a `Location` header (a raw newline there used to make the redirect throw, a 500).
 */
export function safeRedirect(to: unknown, selfOrigin: string, fallback = "/"): string {
  if (typeof to !== "string" || to === "" || to.length > 2048) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(selfOrigin);
    target = new URL(to, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || target.username || target.password) return fallback;
  const path = target.pathname + target.search + target.hash;
  // Dot segments can collapse into a leading "//" ("/.//evil.example" → "//evil.example"): a
  // protocol-relative URL to the browser, so refused rather than repaired.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
