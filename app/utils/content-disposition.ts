// Content-Disposition with a safe file name: an ASCII fallback for old clients plus the exact UTF-8 name
// (RFC 6266 / 5987). Shared by every route that serves a file.

export function contentDisposition(type: "inline" | "attachment", name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, "").trim() || "file";
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_");
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The file name a Content-Disposition header carries: the exact UTF-8 `filename*` when present, else the
 * plain `filename`; null without one or when it cannot be decoded. Browser-safe (FilePreview reads it
 * from the HEAD answer of /uploads/:sha).
 */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (exact) {
    try {
      return decodeURIComponent(exact[1].trim());
    } catch {
      /* malformed: try the plain name */
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] || null;
}
