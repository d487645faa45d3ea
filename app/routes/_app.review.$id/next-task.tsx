// 下一条: the next task of the list the reviewer came from (same tab, filters and page), so working
// through 5,000 applications is not 返回列表 → find the next row → open it, each time. Reads the inbox's
// own loader (the list as the reviewer's permissions scope it) and opens its first open task other than
// this one; says so when there is none. Acts once per click: the component outlives the navigation (same
// route), and reacting to the kept list on every new `current` bounced between two tasks for ever.
import { useEffect, useRef, useState } from "react";
import { useFetcher, useNavigate } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import ArrowRightOutlined from "@ant-design/icons/es/icons/ArrowRightOutlined";

type InboxData = { items: { id: number; open: boolean }[] };

export function NextTask({ current, from }: { current: number; from: string | undefined }) {
  const list = useFetcher<InboxData>();
  const navigate = useNavigate();
  const [none, setNone] = useState(false);
  const asked = useRef(false);
  useEffect(() => {
    if (!asked.current || list.state !== "idle" || !list.data) return;
    asked.current = false;
    const next = list.data.items.find((i) => i.open && i.id !== current);
    if (next) navigate(`/review/${next.id}`, { state: { inbox: from } });
    else setNone(true);
  }, [list.state, list.data, current, from, navigate]);
  // The index route's data (the inbox), with the list's own query.
  const load = () => {
    asked.current = true;
    setNone(false);
    list.load(`/review${from ? `${from}&index` : "?index"}`);
  };
  return (
    <span className="task-next">
      {none ? <span className="muted" role="status">列表中没有其他待办</span> : null}
      <Button type="link" onClick={load} loading={list.state !== "idle"} icon={<ArrowRightOutlined aria-hidden="true" />} iconPlacement="end">
        下一条
      </Button>
    </span>
  );
}
