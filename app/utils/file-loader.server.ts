// Loaders of file routes (a PDF, an export, an upload, a template) answer a refusal with `{ error }` JSON,
// which is right for the page's own requests but is all a person sees who opens the address itself (a
// bookmark, a link pasted into a chat, a download from a stale tab): `{"error":"文件不存在或您无权查看"}`.
// Wrapped in `pageOnRefusal`, such a request gets the same status with a short Chinese page instead.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { escapeHtml, plainPage } from "./plain-page";

/** Whether the browser will show the answer as a page: a navigation, not a fetch, an <img> or a <video>. */
export function opensAsPage(request: Request): boolean {
  const dest = request.headers.get("Sec-Fetch-Dest");
  if (dest) return dest === "document";
  return /\btext\/html\b/.test(request.headers.get("Accept") ?? "");
}

const HEADINGS: Record<number, string> = { 401: "请先登录", 403: "无权查看此文件", 404: "文件不存在", 429: "操作过于频繁" };

/** The `{ error }` message of a refusal, or a generic one for its status. */
async function refusalText(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { error?: unknown };
    if (typeof body.error === "string" && body.error) return body.error;
  } catch {
    /* not JSON: the generic text */
  }
  return res.status >= 500 ? "服务器暂时无法处理，请稍后重试" : "无法打开此文件";
}

/**
 * `loader` with its refusals (a thrown Response with status 400–599) turned into a page for a request that
 * opensAsPage; same status and headers (Retry-After, say), `Cache-Control: no-store`. Redirects (the login
 * page for a signed-out visit) and successful answers pass through unchanged, as does everything for other
 * requests. Throws what `loader` throws.
 */
export function pageOnRefusal<A extends LoaderFunctionArgs>(loader: (args: A) => Promise<Response>): (args: A) => Promise<Response> {
  return async (args) => {
    try {
      return await loader(args);
    } catch (e) {
      if (!(e instanceof Response) || e.status < 400 || !opensAsPage(args.request)) throw e;
      const text = await refusalText(e);
      const heading = HEADINGS[e.status] ?? (e.status >= 500 ? "服务器繁忙" : "无法打开此文件");
      const html = plainPage({
        title: `${heading} - 评标专家管理系统`,
        heading,
        body: `<p role="alert">${escapeHtml(text)}</p><p><a href="/">返回首页</a></p>`,
      });
      const headers = new Headers(e.headers);
      headers.set("Content-Type", "text/html; charset=utf-8");
      headers.set("Cache-Control", "no-store");
      headers.delete("Content-Length");
      throw new Response(html, { status: e.status, headers });
    }
  };
}
