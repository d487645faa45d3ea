// 批次管理: every batch with its window and state; 新建批次, 编辑, and one-click 复制. The workflow reads as its
// title and version, the eligibility rules as their sentences (the JSON Logic stays in the editor).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { QR_MISSING } from "~/components/payment-qr-editor";
import { TableRegion } from "~/components/table-region";
import { cloneBatch } from "~/models/batch-admin.server";
import { batchesWithCounts } from "~/models/batches.server";
import { workflowTitles } from "~/models/definitions.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { now } from "~/utils/clock.server";
import { formatTime } from "~/utils/format";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "批次管理 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Batch");
  const t = now();
  const [rows, titles] = await Promise.all([batchesWithCounts(), workflowTitles()]);
  return json({
    rows: rows.map((r) => ({
      id: r.id, name: r.name, window: `${formatTime(r.opens_at)} 至 ${formatTime(r.closes_at)}`,
      workflow: `${titles.get(r.workflow_key) ?? "未发布的流程"}（第 ${r.workflow_version} 版）`, rules: ruleSentences(r.eligibility_rules),
      status: t < Number(r.opens_at) ? "未开始" : t < Number(r.closes_at) ? "报名中" : "已截止", applications: r.applications,
      qrMissing: r.fee_fen > 0 && !r.has_payment_qr,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Batch");
  const form = await readForm(request);
  if (field(form, "intent", 10) !== "clone") throw httpError(400, "未知的操作");
  const id = Number(field(form, "batchId", 12));
  const newId = Number.isSafeInteger(id) && id > 0 ? await cloneBatch({ id: user.id, name: user.name }, id, clientIp(context)) : null;
  if (!newId) throw httpError(404, "批次不存在");
  return redirect(`/admin/batches/${newId}?cloned=1`);
}

/** Each eligibility rule as its own sentence (the rule's message, which the applicant sees too). */
function ruleSentences(stored: string): string[] {
  try {
    const rules = JSON.parse(stored) as { message?: unknown }[];
    return Array.isArray(rules) ? rules.map((r) => (typeof r?.message === "string" && r.message ? r.message : "（未写说明的规则）")) : [];
  } catch {
    return [];
  }
}

const STATUS_COLOR: Record<string, string> = { 报名中: "green", 未开始: "blue", 已截止: "default" };

export default function Batches() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <Space style={{ justifyContent: "space-between", width: "100%", marginBottom: 16 }} wrap>
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>批次管理</Typography.Title>
        <Link to="/admin/batches/new"><Button type="primary">新建批次</Button></Link>
      </Space>
      <Card>
        <TableRegion label="批次列表">
          <Table
            rowKey="id"
            dataSource={rows}
            pagination={false}
            columns={[
              { title: "序号", key: "i", width: 70, render: (_v, _r, i) => i + 1 },
              { title: "批次名称", dataIndex: "name" },
              { title: "报名时间", dataIndex: "window" },
              { title: "流程版本", dataIndex: "workflow" },
              {
                title: "资格条件", dataIndex: "rules", render: (v: string[]) => (v.length ? (
                  <ul className="rule-list">{v.map((m, i) => <li key={i}>{m}</li>)}</ul>
                ) : "不限"),
              },
              {
                title: "状态", dataIndex: "status", width: 110, render: (v: string, r) => (
                  <>
                    <Tag color={STATUS_COLOR[v]}>{v}</Tag>
                    {r.qrMissing ? <Tag color="warning" className="qr-missing" title={QR_MISSING}>未上传收款二维码</Tag> : null}
                  </>
                ),
              },
              { title: "申请数", dataIndex: "applications", width: 80 },
              {
                title: "操作", key: "op", width: 150, render: (_v, r) => (
                  <Space>
                    <Link to={`/admin/batches/${r.id}`}>编辑</Link>
                    <Form method="post" style={{ display: "inline" }}>
                      <CsrfInput />
                      <input type="hidden" name="batchId" value={r.id} />
                      <Button type="link" size="small" htmlType="submit" name="intent" value="clone" autoInsertSpace={false} aria-label={`复制${r.name}`}>复制</Button>
                    </Form>
                  </Space>
                ),
              },
            ]}
          />
        </TableRegion>
      </Card>
    </>
  );
}
