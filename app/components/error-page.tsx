// The error page (404, 403, 500 …) in Chinese, shown by the root and by the signed-in layout (inside its
// <main>). Plain HTML (base.css `.result`): it must draw even when antd is not loaded (the root's pages).
import { useEffect, useState } from "react";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { FRAMEWORK_REFUSALS } from "~/utils/framework-refusals";

/**
 * Whether `error` is the browser's own failure to reach the server (a fetch that never got an answer:
 * the connection dropped, the phone went offline), which Remix hands to the boundary like any error.
 * The messages are Chromium's, Firefox's and Safari's for a failed fetch.
 */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && /Failed to fetch|NetworkError|Load failed|network/i.test(error.message);
}

export function ErrorPage() {
  const error = useRouteError();
  if (isNetworkFailure(error)) {
    // Nothing reached the server (or its answer never arrived): say so, and offer the same page again.
    return (
      <div className="result" role="alert">
        <p className="result-status">网络异常</p>
        <p className="result-message">网络连接中断，操作可能未完成。请检查网络后重新加载本页，确认结果后再操作。</p>
        <a className="btn btn-primary" href={typeof window === "undefined" ? "/" : window.location.href}>重新加载</a>
      </div>
    );
  }
  let status = 500;
  let message = "系统繁忙，请稍后再试";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    // Remix's own refusals carry no message of ours (a post to a page without one: 405).
    message = (error.data as { error?: string } | null)?.error ?? FRAMEWORK_REFUSALS[status] ?? (status < 500 ? "请求无法处理，请返回首页后重试" : message);
  }
  return (
    <div className="result">
      <p className="result-status">{status}</p>
      <p className="result-message">{message}</p>
      {/* A full load, not a client navigation: the root may be showing this page in a rebuilt document. */}
      <a className="btn btn-primary" href="/">返回首页</a>
    </div>
  );
}

// Whether a document has been mounted in this browser already (set once the root's layout has mounted).
let mounted = false;

/**
 * For the root's layout: false during the first render of a document that React builds afresh in the
 * browser, true otherwise (the server's render, its hydration, and every render after the first).
 *
 * Why: when a page's error reaches the root's boundary (or the user leaves that error page), Remix swaps
 * the root's element for its error element (or back), so React replaces the whole <html>. antd (in the
 * signed-in layout, which the swap back may bring) registers its styles while that happens (insertion effects), finds no <head> between the old document and the
 * new, and throws "Cannot set properties of null (setting '__cssinjs_instance__')" — which the same
 * boundary catches again: a blank page in a loop (issue 14 §6). So such a document's first render leaves
 * antd out (an empty <body> for one frame), and it comes one render later, once the new <head> is there.
 */
export function useDocumentReady(): boolean {
  const [ready, setReady] = useState(!mounted);
  useEffect(() => {
    mounted = true;
    setReady(true);
  }, []);
  return ready;
}
