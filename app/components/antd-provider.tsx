// antd for the signed-in pages: zh_CN (with the manual's words where antd's differ), dayjs in Chinese,
// the theme in zero-runtime mode, and the static stylesheets (antd's, then ours on top). Only the
// signed-in layout uses it, so the signed-out pages load neither antd's scripts nor its CSS.
import type { LinksFunction } from "@remix-run/node";
import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import antdReset from "antd/dist/reset.css";
import antdCss from "antd/dist/antd.css";
import appCss from "~/styles/app.css";

// The manual's words where antd's differ: its lists say 前往 (antd: 跳至) before the page box.
const LOCALE = { ...zhCN, Pagination: { ...zhCN.Pagination, jump_to: "前往" } };

dayjs.locale("zh-cn");

const theme = { zeroRuntime: true, token: { colorPrimary: "#0d4c8b", borderRadius: 4 } };

/** The stylesheets, in cascade order, for the route module that renders `AntdProvider`. */
export const antdLinks: LinksFunction = () => [
  { rel: "stylesheet", href: antdReset },
  { rel: "stylesheet", href: antdCss },
  { rel: "stylesheet", href: appCss },
];

export function AntdProvider({ children }: { children: React.ReactNode }) {
  return (
    <ConfigProvider locale={LOCALE} theme={theme}>
      {children}
    </ConfigProvider>
  );
}
