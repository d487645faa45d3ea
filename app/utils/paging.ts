// Page and page-size from the query string, clamped: a hand-edited URL never breaks a list.
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export type Paging = { page: number; pageSize: number; offset: number };

export function parsePaging(url: URL): Paging {
  const page = Math.min(Math.max(Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1, 1), 100_000);
  const raw = Number.parseInt(url.searchParams.get("size") ?? "10", 10);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(raw) ? raw : 10;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * `paging` within a list of `total` rows: a page past the end (?page=99999 by hand, or the last row of
 * the last page gone meanwhile) is the last page, so the list shows rows and the pager marks the page
 * they are on, instead of 共 N 条 beside an empty table.
 */
export function withinTotal(paging: Paging, total: number): Paging {
  const last = Math.max(1, Math.ceil(total / paging.pageSize));
  return paging.page <= last ? paging : { ...paging, page: last, offset: (last - 1) * paging.pageSize };
}

/**
 * One page of a list that a loader fetches itself (offset/limit) and that reports its `total`: the
 * requested page, or, when it lies past the end, the last page (withinTotal), fetched again. `paging`
 * in the answer is the page the rows are on. The second query happens only for a page past the end.
 */
export async function onExistingPage<R extends { total: number }>(paging: Paging, load: (p: Paging) => Promise<R>): Promise<R & { paging: Paging }> {
  const first = await load(paging);
  const within = withinTotal(paging, first.total);
  return within.page === paging.page ? { ...first, paging } : { ...(await load(within)), paging: within };
}
