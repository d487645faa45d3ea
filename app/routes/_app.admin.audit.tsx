// 审计日志: the append-only trail, filterable by action and actor; read-only for administrators.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { parsePaging } from "~/utils/paging";
import { queryParam } from "~/utils/request.server";
import { formatTime } from "~/utils/format";
import { UrlPagination } from "~/components/url-pagination";
import { TableRegion } from "~/components/table-region";
import { listAudit } from "~/models/audit.server";
import { AUDIT_ACTION } from "~/models/constants";

export const meta: MetaFunction = () => [{ title: "审计日志 - 评标专家管理系统" }];

const ACTION_LABEL: Record<string, string> = {
  [AUDIT_ACTION.loginSuccess]: "登录成功", [AUDIT_ACTION.loginFailure]: "登录失败", [AUDIT_ACTION.lockout]: "账户锁定",
  [AUDIT_ACTION.logout]: "退出登录", [AUDIT_ACTION.register]: "注册", [AUDIT_ACTION.passwordChange]: "修改密码",
  [AUDIT_ACTION.passwordReset]: "重置密码", [AUDIT_ACTION.profileUpdate]: "修改基本资料", [AUDIT_ACTION.phoneChange]: "更换手机号",
  [AUDIT_ACTION.userCreate]: "创建用户", [AUDIT_ACTION.roleChange]: "变更角色", [AUDIT_ACTION.userDisable]: "停用用户",
  [AUDIT_ACTION.userEnable]: "启用用户", [AUDIT_ACTION.formPublish]: "发布表单版本", [AUDIT_ACTION.workflowPublish]: "发布流程版本",
  [AUDIT_ACTION.definitionDraftSave]: "保存定义草稿", [AUDIT_ACTION.definitionCreate]: "新建定义", [AUDIT_ACTION.definitionRestore]: "以旧版本为草稿",
  [AUDIT_ACTION.batchPaymentQr]: "设置收款二维码", [AUDIT_ACTION.catalogChange]: "修改目录",
  [AUDIT_ACTION.calendarChange]: "修改节假日日历",
  [AUDIT_ACTION.paymentImport]: "导入缴费账单", [AUDIT_ACTION.paymentImportCommit]: "提交缴费账单", [AUDIT_ACTION.paymentManualConfirm]: "手工确认缴费",
};
const OUTCOME_LABEL: Record<string, [string, string]> = { ok: ["成功", "green"], failed: ["失败", "red"], denied: ["拒绝", "orange"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "AuditLog");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const actionParam = url.searchParams.get("action") ?? "";
  const action = actionParam in ACTION_LABEL ? actionParam : "";
  const actor = queryParam(url, "actor", 50);
  const { total, rows } = await listAudit({ action, actor, offset: paging.offset, limit: paging.pageSize });
  return json({ total, rows, action, actor, ...paging });
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
              options={[{ value: "", label: "全部" }, ...Object.entries(ACTION_LABEL).map(([value, label]) => ({ value, label }))]} />
            <input type="hidden" name="action" value={act} />
            <label htmlFor="q-actor">操作人</label>
            <Input id="q-actor" name="actor" defaultValue={actor} placeholder="请输入姓名" maxLength={50} style={{ width: 180 }} />
            <Button type="primary" htmlType="submit">查询</Button>
            <Button href="/admin/audit">重置</Button>
          </Space>
        </Form>
        <TableRegion label="审计日志列表">
        <Table
          rowKey="id"
          dataSource={rows}
          pagination={false}
          columns={[
            { title: "时间", dataIndex: "at", width: 180, render: (v: number) => formatTime(v) },
            { title: "操作人", dataIndex: "actor_name", width: 120, render: (v: string | null) => v ?? "-" },
            { title: "操作", dataIndex: "action", width: 120, render: (v: string) => ACTION_LABEL[v] ?? v },
            { title: "对象", key: "target", width: 110, render: (_v, r) => (r.target_type ? `${r.target_type} #${r.target_id}` : "-") },
            { title: "IP", dataIndex: "ip", width: 130 },
            { title: "结果", dataIndex: "outcome", width: 80, render: (v: string) => <Tag color={OUTCOME_LABEL[v]?.[1]}>{OUTCOME_LABEL[v]?.[0] ?? v}</Tag> },
            { title: "详情", dataIndex: "detail", render: (v: string | null) => <code style={{ wordBreak: "break-all" }}>{v ?? ""}</code> },
          ]}
        />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
