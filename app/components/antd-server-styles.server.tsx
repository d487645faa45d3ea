// antd's generated styles in the server's HTML. In zero-runtime mode (antd-provider.tsx) the static
// antd.css reads CSS variables (--ant-color-primary, --ant-menu-item-padding-inline …) that antd's
// cssinjs defines for the ConfigProvider's `css-var-…` class while it renders; in the browser it inserts
// those rules into <head> after hydration. Written by the server too, the first paint (seconds before the
// scripts on a slow phone, or without them) is the hydrated page's: cssinjs finds its <style> elements
// in <head> by their data-css-hash and reuses them instead of adding copies.
//
// Computing those styles is most of the cost (a fresh cache per request took /review from 29 to 52 ms),
// and with one fixed theme they are the same for every request. So the computed entries live in one
// cache shared by all requests, and each request sees it through a view that records which entries its
// own render used: its page gets exactly those styles, never another page's, and the extracted text is
// memoised per set of entries (the pages of this app use a few dozen sets).
import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";

type Entity = ReturnType<typeof createCache>;

/** Bounds (entries) after which the shared cache or the memo starts again: a fixed theme never reaches
 * them (a full walk of every page registers ~300 entries); they only keep a surprise from growing. */
const MAX_SHARED_ENTRIES = 5_000;
const MAX_MEMO = 200;

let shared: Entity = createCache();
const memo = new Map<string, string>();

/**
 * A per-request view of the shared cache: reads and writes go to the shared one, and the paths used
 * are recorded. cssinjs reaches its cache only through opGet/opUpdate (get/update call them), and on
 * the server no insertion effect runs, so nothing is ever removed while requests share it.
 */
function requestView(base: Entity): { cache: Entity; used: Set<string> } {
  const used = new Set<string>();
  const cache = createCache();
  cache.opGet = (key) => {
    used.add(key);
    return base.opGet(key);
  };
  cache.opUpdate = (key, valueFn) => {
    used.add(key);
    base.opUpdate(key, valueFn);
  };
  return { cache, used };
}

/** extractStyle over just `keys` of `base`, in cssinjs's own order (it sorts by update id). */
function extractUsed(base: Entity, keys: Set<string>): string {
  const sorted = [...keys].sort();
  const id = sorted.join("\n");
  const hit = memo.get(id);
  if (hit !== undefined) return hit;
  const subset = createCache();
  for (const key of sorted) {
    const value = base.cache.get(key);
    if (value === undefined) continue;
    subset.cache.set(key, value);
    subset.updateTimes.set(key, base.updateTimes.get(key) ?? 0);
  }
  const text = subset.cache.size ? extractStyle(subset) : "";
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(id, text);
  return text;
}

/** The styles antd registers while one document renders on the server. */
export type AntdServerStyles = {
  /** `element` rendering through this document's view of the shared cache. */
  wrap(element: React.ReactElement): React.ReactElement;
  /**
   * The <style> elements for everything this document's render registered or reused (call it once the
   * shell has rendered), or "" when antd rendered nothing: the signed-out pages load no antd and get no
   * cssinjs markup either.
   */
  styleTags(): string;
};

/**
 * A collector for one request. No nonce on the <style> elements: the CSP (server/app.ts) allows inline
 * styles ('unsafe-inline'), as antd's own runtime insertions need, and a nonce would only matter if
 * style-src listed one.
 */
export function collectAntdStyles(): AntdServerStyles {
  if (shared.cache.size > MAX_SHARED_ENTRIES) {
    shared = createCache();
    memo.clear();
  }
  const base = shared;
  const { cache, used } = requestView(base);
  return {
    wrap: (element) => <StyleProvider cache={cache}>{element}</StyleProvider>,
    styleTags: () => (used.size ? extractUsed(base, used) : ""),
  };
}
