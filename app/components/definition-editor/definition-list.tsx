// The list page of 表单管理 / 流程管理: one row per key, linking to its editor.
import { Link } from "@remix-run/react";
import { Card, Table, Tag, Typography } from "antd";
import { TableRegion } from "~/components/table-region";
import { formatTime } from "~/utils/format";

type Row = { key: string; version: number; title: string; published_at: number; versions: number; draft_at: number | null };

export function DefinitionList({ heading, noun, base, rows }: { heading: string; noun: string; base: string; rows: Row[] }) {
  return (
    <>
      <Typography.Title level={3} className="page-title">{heading}</Typography.Title>
      <Card>
        <TableRegion label={`${noun}列表`}>
          <Table rowKey="key" dataSource={rows} pagination={false}
            columns={[
              { title: "标识（key）", dataIndex: "key", render: (k: string) => <Link to={`${base}/${k}`}>{k}</Link> },
              { title: "标题", dataIndex: "title" },
              { title: "最新版本", dataIndex: "version", width: 100, render: (v: number) => `v${v}` },
              { title: "版本数", dataIndex: "versions", width: 90 },
              { title: "发布时间", dataIndex: "published_at", width: 180, render: (v: number) => formatTime(v) },
              { title: "草稿", dataIndex: "draft_at", width: 200, render: (v: number | null) => (v ? <Tag color="gold">{formatTime(v)}</Tag> : "-") },
              { title: "操作", key: "op", width: 100, render: (_v, r) => <Link to={`${base}/${r.key}`} aria-label={`编辑 ${r.key}`}>编辑</Link> },
            ]} />
        </TableRegion>
      </Card>
    </>
  );
}
