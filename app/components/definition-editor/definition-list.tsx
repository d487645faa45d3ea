// The list page of 表单管理 / 流程管理: one row per key, linking to its editor, and 新建 (a new key
// starting as a draft; the server checks the key and answers with the field's message in place).
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { TableRegion } from "~/components/table-region";
import { formatTime } from "~/utils/format";

type Row = { key: string; version: number; title: string; published_at: number; versions: number; draft_at: number | null };

function CreateForm({ noun }: { noun: string }) {
  const errors = (useActionData() as { errors?: Record<string, string> } | undefined)?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <Card title={`新建${noun}`} style={{ marginTop: 16 }}>
      {Object.keys(errors).length ? <Alert type="error" showIcon role="alert" title="请按提示修改" style={{ marginBottom: 12 }} /> : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <Field name="key" id="new-key" label="标识（key）" required max={80} error={errors.key} placeholder="如 expert-training"
          help="小写字母开头，只含小写字母、数字和连字符；创建后不能修改" />
        <Field name="title" id="new-title" label="标题" required max={100} error={errors.title} />
        <Button type="primary" htmlType="submit" loading={busy}>{`新建${noun}`}</Button>
      </Form>
    </Card>
  );
}

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
              { title: "最新版本", dataIndex: "version", width: 100, render: (v: number) => (v ? `v${v}` : <Tag>未发布</Tag>) },
              { title: "版本数", dataIndex: "versions", width: 90 },
              { title: "发布时间", dataIndex: "published_at", width: 180, render: (v: number) => (v ? formatTime(v) : "-") },
              { title: "草稿", dataIndex: "draft_at", width: 200, render: (v: number | null) => (v ? <Tag color="gold">{formatTime(v)}</Tag> : "-") },
              { title: "操作", key: "op", width: 100, render: (_v, r) => <Link to={`${base}/${r.key}`} aria-label={`编辑 ${r.key}`}>编辑</Link> },
            ]} />
        </TableRegion>
      </Card>
      <CreateForm noun={noun} />
    </>
  );
}
