// The document: base styles, the CSRF token, the CSP nonce, and the error page. No antd here: the
// signed-out pages (登录, 注册, 忘记密码) are plain HTML; antd, its stylesheet, locale and theme come with
// the signed-in layout (routes/_app.tsx, components/antd-provider.tsx).
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import baseCss from "~/styles/base.css";
import { ErrorPage, useDocumentReady } from "~/components/error-page";
import type { loader } from "./root.server";

export { loader } from "./root.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: baseCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "评标专家管理系统" }];

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  // False for one render when React rebuilds the document in the browser (see useDocumentReady).
  const ready = useDocumentReady();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {ready ? children : null}
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors of the document itself; a signed-in page's errors are drawn inside its shell (routes/_app). */
export function ErrorBoundary() {
  return (
    <main className="app-content">
      <ErrorPage />
    </main>
  );
}
