// 下一条: the next task of the list the reviewer came from (same tab, filters and page), so working
// through 5,000 applications is not 返回列表 → find the next row → open it, each time. A link to
// /review/next, which finds it on the server and redirects (routes/_app.review.next.tsx).
import { Link, useNavigation } from "@remix-run/react";
import ArrowRightOutlined from "@ant-design/icons/es/icons/ArrowRightOutlined";
import LoadingOutlined from "@ant-design/icons/es/icons/LoadingOutlined";
import { nextTaskUrl } from "./inbox-link";

/** `none`: the last 下一条 found no other open task in the list (said beside the link). */
export function NextTask({ current, from, none }: { current: number; from: string | undefined; none: boolean }) {
  const to = nextTaskUrl(current, from);
  const going = useNavigation().location?.pathname === "/review/next";
  return (
    <span className="task-next">
      {none ? <span className="muted" role="status">列表中没有其他待办</span> : null}
      <Link to={to} className="task-next-link" aria-busy={going || undefined}>
        下一条 {going ? <LoadingOutlined aria-hidden="true" /> : <ArrowRightOutlined aria-hidden="true" />}
      </Link>
    </span>
  );
}
