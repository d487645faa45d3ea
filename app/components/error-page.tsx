// The error page (404, 403, 500 …) in Chinese, shown by the root and by the signed-in layout (inside its <main>).
import { useEffect, useState } from "react";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { Button, Result } from "antd";

export function ErrorPage() {
  const error = useRouteError();
  let status = 500;
  let message = "系统繁忙，请稍后再试";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message = (error.data as { error?: string } | null)?.error ?? (status === 404 ? "您访问的页面不存在" : message);
  }
  return (
    <Result
      status={status === 403 ? "403" : status === 404 ? "404" : status >= 500 ? "500" : "warning"}
      title={String(status)}
      subTitle={message}
      extra={<Link to="/"><Button type="primary">返回首页</Button></Link>}
    />
  );
}

// Whether a document has been mounted in this browser already (set once the root's layout has mounted).
let mounted = false;

/**
 * For the root's layout: false during the first render of a document that React builds afresh in the
 * browser, true otherwise (the server's render, its hydration, and every render after the first).
 *
 * Why: when a page's error reaches the root's boundary (or the user leaves that error page), Remix swaps
 * the root's element for its error element (or back), so React replaces the whole <html>. antd registers
 * its styles while that happens (insertion effects), finds no <head> between the old document and the
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
