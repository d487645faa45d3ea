// 审计日志: the append-only trail, filterable by action and actor; read-only for administrators. Rows read
// in Chinese (action, target, a sentence for the detail); the stored values are one click away (详情).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { parsePaging } from "~/utils/paging";
import { queryParam } from "~/utils/request.server";
import { formatTime } from "~/utils/format";
import { UrlPagination } from "~/components/url-pagination";
import { TableRegion } from "~/components/table-region";
import { listAudit } from "~/models/audit.server";
import { AUDIT_ACTION_LABEL } from "~/models/constants";
import { describeAuditRows, type AuditView } from "~/features/accounts/audit-view.server";

export const meta: MetaFunction = () => [{ title: "审计日志 - 评标专家管理系统" }];

const OUTCOME_COLOR: Record<string, string> = { ok: "green", failed: "red", denied: "orange" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "AuditLog");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const actionParam = url.searchParams.get("action") ?? "";
  const action = actionParam in AUDIT_ACTION_LABEL ? actionParam : "";
  const actor = queryParam(url, "actor", 50);
  const { total, rows, paging: shown } = await listAudit({ action, actor, ...paging });
  return json({ total, rows: await describeAuditRows(rows), action, actor, ...shown });
}

export default function AuditLog() {
  const { total, rows, action, actor, page, pageSize } = useLoaderData<typeof loader>();
  const [act, setAct] = useState(action);
  return (
    <>
      <Typography.Title level={3} className="page-title">审计日志</Typography.Title>
      <Card>
        <Form method="get" style={{ marginBottom: 16 }}>
          <Space wrap>
            <label htmlFor="q-action">操作</label>
            <Select id="q-action" value={act} onChange={setAct} style={{ width: 160 }} aria-label="操作"
              options={[{ value: "", label: "全部" }, ...Object.entries(AUDIT_ACTION_LABEL).map(([value, label]) => ({ value, label }))]} />
            <input type="hidden" name="action" value={act} />
            <label htmlFor="q-actor">操作人</label>
            <Input id="q-actor" name="actor" defaultValue={actor} placeholder="请输入姓名" maxLength={50} style={{ width: 180 }} />
            <Button type="primary" htmlType="submit">查询</Button>
            <Button href="/admin/audit">重置</Button>
          </Space>
        </Form>
        <TableRegion label="审计日志列表">
        <Table<AuditView>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          expandable={{
            columnTitle: "详情",
            columnWidth: 64,
            expandedRowRender: (r) => (
              <dl className="audit-raw">
                <dt>对象</dt><dd>{r.target}</dd>
                <dt>说明</dt><dd>{r.summary || "—"}</dd>
                <dt>操作代码</dt><dd><code>{r.raw.action}</code></dd>
                {r.raw.target ? <><dt>对象代码</dt><dd><code>{r.raw.target}</code></dd></> : null}
                {r.raw.ip ? <><dt>原始地址</dt><dd><code>{r.raw.ip}</code></dd></> : null}
                {r.raw.detail ? <><dt>原始记录</dt><dd><pre>{r.raw.detail}</pre></dd></> : null}
              </dl>
            ),
          }}
          columns={[
            { title: "时间", dataIndex: "at", width: 170, render: (v: number) => formatTime(v) },
            { title: "操作人", dataIndex: "actor", width: 110 },
            { title: "操作", dataIndex: "action", width: 130 },
            // On a phone the first columns fit; 对象 and 说明 are in the row's 详情 too.
            { title: "对象", dataIndex: "target", width: 180, responsive: ["sm"] },
            { title: "IP 地址", dataIndex: "ip", width: 130, responsive: ["lg"] },
            { title: "结果", dataIndex: "outcome", width: 80, responsive: ["sm"], render: (v: string, r) => <Tag color={OUTCOME_COLOR[r.outcomeKey]}>{v}</Tag> },
            { title: "说明", dataIndex: "summary", responsive: ["md"], render: (v: string) => v || "—" },
          ]}
        />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
