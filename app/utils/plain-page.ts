// The small self-contained HTML page the server answers with outside the React app: the public
// certificate check (features/certificates/verify.server.ts) and a refused file opened as a page
// (utils/file-loader.server.ts). Inline styles only and no script, so it shows under the strictest CSP
// (server/http.ts PLAIN_PAGE_HEADERS) and loads at once on a slow phone.

/** `text` with the five HTML-special characters as character references: safe inside text and quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.codePointAt(0)};`);

const BASE_CSS =
  `body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#222}` +
  `main{max-width:560px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.08)}` +
  `h1{font-size:20px;margin:0 0 16px}a{color:#0d4c8b}`;

/**
 * A whole page: `<title>` is `title`, the card's heading `heading`; `body` is HTML the caller has escaped
 * (escapeHtml); `css` adds rules after the base ones. Not indexed by search engines.
 */
export function plainPage(o: { title: string; heading: string; body: string; css?: string }): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(o.title)}</title><style>${BASE_CSS}${o.css ?? ""}</style></head>` +
    `<body><main><h1>${escapeHtml(o.heading)}</h1>${o.body}</main></body></html>`;
}
