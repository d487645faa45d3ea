// The document: antd (static CSS, zero-runtime mode, zh_CN), the CSRF token, and the error page.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import antdReset from "antd/dist/reset.css";
import antdCss from "antd/dist/antd.css";
import appCss from "~/styles/app.css";
import { ErrorPage, useDocumentReady } from "~/components/error-page";
import { csrfToken } from "~/utils/csrf.server";

// The manual's words where antd's differ: its lists say 前往 (antd: 跳至) before the page box.
const LOCALE = { ...zhCN, Pagination: { ...zhCN.Pagination, jump_to: "前往" } };

dayjs.locale("zh-cn");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: antdReset },
  { rel: "stylesheet", href: antdCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "评标专家管理系统" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { token, setCookie } = await csrfToken(request);
  const nonce = (context as { cspNonce?: string }).cspNonce ?? "";
  return json({ csrf: token, nonce }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

const theme = { zeroRuntime: true, token: { colorPrimary: "#0d4c8b", borderRadius: 4 } };

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
        {ready ? (
          <ConfigProvider locale={LOCALE} theme={theme}>
            {children}
          </ConfigProvider>
        ) : null}
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
