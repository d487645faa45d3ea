// antd for the signed-in pages: zh_CN (with the manual's words where antd's differ), dayjs in Chinese,
// the theme in zero-runtime mode, the static stylesheets (antd's, then ours on top), and no animation
// for people who ask their system for less motion. Only the signed-in layout uses it, so the signed-out
// pages load neither antd's scripts nor its CSS.
import { useSyncExternalStore } from "react";
import type { LinksFunction } from "@remix-run/node";
import { Provider as MotionProvider } from "@rc-component/motion";
import ConfigProvider from "antd/es/config-provider/index.js";
import zhCN from "antd/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import antdReset from "antd/dist/reset.css";
import antdCss from "antd/dist/antd.css";
import appCss from "~/styles/app.css";

// The manual's words where antd's differ: its lists say 前往 (antd: 跳至) before the page box.
// antd/locale/*.js is CommonJS re-exporting an ES module's `default`: depending on the bundler's interop the
// default import is the locale itself or the module object holding it (the browser bundle gets the
// latter, which made this override a no-op until it unwrapped it).
const ZH_CN = ((zhCN as unknown as { default?: typeof zhCN }).default ?? zhCN) as typeof zhCN;
const LOCALE = { ...ZH_CN, Pagination: { ...ZH_CN.Pagination, jump_to: "前往" } };

dayjs.locale("zh-cn");

const theme = { zeroRuntime: true, token: { colorPrimary: "#0d4c8b", borderRadius: 4 } };

/** The stylesheets, in cascade order, for the route module that renders `AntdProvider`. */
export const antdLinks: LinksFunction = () => [
  { rel: "stylesheet", href: antdReset },
  { rel: "stylesheet", href: antdCss },
  { rel: "stylesheet", href: appCss },
];

const REDUCE = "(prefers-reduced-motion: reduce)";
const subscribe = (onChange: () => void) => {
  const q = window.matchMedia(REDUCE);
  q.addEventListener("change", onChange);
  return () => q.removeEventListener("change", onChange);
};

/**
 * Whether the person's system asks for reduced motion (WCAG 2.3.3). False on the server and while
 * hydrating (the server cannot know), then the browser's answer, kept current.
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(REDUCE).matches, () => false);
}

export function AntdProvider({ children }: { children: React.ReactNode }) {
  // antd's zoom and slide animations (dialogs, popovers, menus, selects) are rc-motion's: its provider
  // turns them off. Always rendered, so switching it after hydration re-renders and never remounts the
  // page (antd's own `token.motion` would wrap the tree anew and remount it). Without the motion, a
  // click can never land on a dialog's button while it is still growing from a point (browser tests
  // run with reduced motion for that reason).
  const reduced = usePrefersReducedMotion();
  return (
    <ConfigProvider locale={LOCALE} theme={theme}>
      <MotionProvider motion={!reduced}>{children}</MotionProvider>
    </ConfigProvider>
  );
}
