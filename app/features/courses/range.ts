// HTTP Range requests (RFC 9110 §14.1.2) for lesson media: one byte range at a time. Pure.

/**
 * One `bytes=` range of a resource of `size` bytes: `{ start, end }` (inclusive), null when there is no
 * Range header or it names several ranges (served whole, as RFC 9110 allows), or "unsatisfiable" for a
 * malformed one or one outside the resource (416).
 */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m) return header.includes(",") && /^bytes=/.test(header.trim()) ? null : "unsatisfiable";
  const [, a, b] = m;
  if (a === "" && b === "") return "unsatisfiable";
  let start: number;
  let end: number;
  if (a === "") {
    const n = Number(b); // the last n bytes
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
