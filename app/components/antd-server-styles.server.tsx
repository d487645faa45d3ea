// antd's generated styles in the server's HTML. In zero-runtime mode (antd-provider.tsx) the static
// antd.css reads CSS variables (--ant-color-primary, --ant-menu-item-padding-inline …) that antd's
// cssinjs defines for the ConfigProvider's `css-var-…` class while it renders; in the browser it inserts
// those rules into <head> after hydration. Written by the server too, the first paint (seconds before the
// scripts on a slow phone, or without them) is the hydrated page's: cssinjs finds its <style> elements
// in <head> by their data-css-hash and reuses them instead of adding copies.
import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";

/** The styles antd registers while one document renders on the server. */
export type AntdServerStyles = {
  /** `element` rendering into this document's own cache. */
  wrap(element: React.ReactElement): React.ReactElement;
  /**
   * The <style> elements for everything registered so far (call it once the shell has rendered), or ""
   * when antd rendered nothing: the signed-out pages load no antd and get no cssinjs markup either.
   */
  styleTags(): string;
};

/**
 * A collector for one request. The cache is per request, never shared: cssinjs's default cache is a
 * module global that would keep every request's styles (and hand one page's to another). No nonce on
 * the <style> elements: the CSP (server/app.ts) allows inline styles ('unsafe-inline'), as antd's
 * own runtime insertions need, and a nonce would only matter if style-src listed one.
 */
export function collectAntdStyles(): AntdServerStyles {
  const cache = createCache();
  return {
    wrap: (element) => <StyleProvider cache={cache}>{element}</StyleProvider>,
    // extractStyle always adds its (empty) cache-path <style>; an empty cache (cssinjs documents its map
    // as private, but offers no other emptiness check) means antd never rendered.
    styleTags: () => (cache.cache.size ? extractStyle(cache) : ""),
  };
}
