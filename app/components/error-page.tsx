// The error page (404, 403, 500 …) in Chinese, shown by the root and by the signed-in layout (inside its <main>).
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
