// How a task page knows the inbox list it was opened from: the inbox's query ("?status=submitted&page=2")
// travels in the location's state from the list, and in `?from=` once 下一条 (a server redirect, which
// keeps no state) has moved on. Browser-safe.

const MAX_FROM = 500;

/** `raw` as an inbox query ("?…", at most 500 characters), or undefined for the default list or junk. */
export function inboxFrom(raw: string | null | undefined): string | undefined {
  return typeof raw === "string" && raw.startsWith("?") && raw.length <= MAX_FROM && !/[\u0000-\u001f#]/.test(raw) ? raw : undefined;
}

/** The address of task `id` opened from the list `from`; `none`: 下一条 found no other open task. */
export function taskUrl(id: number, from: string | undefined, opts: { none?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (from) q.set("from", from);
  if (opts.none) q.set("none", "1");
  const s = q.toString();
  return `/review/${id}${s ? `?${s}` : ""}`;
}

/** The address of 下一条 from task `current` of the list `from`. */
export function nextTaskUrl(current: number, from: string | undefined): string {
  return `/review/next?after=${current}${from ? `&from=${encodeURIComponent(from)}` : ""}`;
}
