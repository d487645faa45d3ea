// The error page (404, 403, 500 …) in Chinese, shown by the root and by the signed-in layout (inside its
// <main>). Plain HTML (base.css `.result`): it must draw even when antd is not loaded (the root's pages).
import { useEffect, useState } from "react";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

export function ErrorPage() {
  const error = useRouteError();
  let status = 500;
  let message = "系统繁忙，请稍后再试";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message = (error.data as { error?: string } | null)?.error ?? (status === 404 ? "您访问的页面不存在" : message);
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
