// How much of a request body the server reads whole (browser-safe, so pages can check a file before
// sending it and say the limit instead of meeting a 413). File uploads that stream have their own
// limits (server/uploads.ts).

/** Largest body read whole (bytes): multipart posts of small files, e.g. a question bank (题库) XLSX. */
export const BODY_MAX_BYTES = 1024 * 1024;

/**
 * Largest urlencoded form an action reads (bytes). A Chinese character is 9 bytes once percent-encoded,
 * so the longest text field (承诺书正文, 10,000 characters ≈ 90 KB) fits with room for the rest of its
 * form; at 64 KB it did not, and the administrator's edits were lost to a 413 page.
 */
export const FORM_MAX_BYTES = 256 * 1024;

/** "1 MB", "256 KB": a byte limit as people read it. */
export const limitText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);
