// Page and page-size from the query string, clamped: a hand-edited URL never breaks a list.
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export function parsePaging(url: URL): { page: number; pageSize: number; offset: number } {
  const page = Math.min(Math.max(Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1, 1), 100_000);
  const raw = Number.parseInt(url.searchParams.get("size") ?? "10", 10);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(raw) ? raw : 10;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
