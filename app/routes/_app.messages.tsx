// 消息: the signed-in user's own notifications (审核通过, 退回修改, 缴费 results …), newest first, paged in SQL
// and filtered by the CASL rule; 标为已读 one or 全部标为已读. The header's 消息 badge counts the unread ones.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Empty from "antd/es/empty/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { whereAccessible } from "~/engine/permissions/sql.server";
import type { AppAbility } from "~/engine/permissions/ability";
import { listNotifications, markNotificationsRead, type NotificationScope } from "~/models/notifications.server";
import { NOTIFICATION_SMS_LABEL } from "~/models/constants";
import { parsePaging } from "~/utils/paging";
import { field, httpError, readForm } from "~/utils/request.server";
import { formatTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "消息 - 评标专家管理系统" }];

const scoped = (ability: AppAbility, action: "read" | "update"): NotificationScope => (q) => whereAccessible(q, ability, action, "Notification");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "Notification");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const unread = url.searchParams.get("unread") === "1";
  const { total, rows, paging: shown } = await listNotifications(scoped(ability, "read"), { ...paging, unread });
  return json({ total, rows, unread, ...shown });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "update", "Notification");
  const form = await readForm(request);
  const intent = field(form, "intent", 10);
  if (intent === "readAll") {
    await markNotificationsRead(scoped(ability, "update"), "all");
    return json({ ok: true });
  }
  if (intent !== "read") throw httpError(400, "未知的操作");
  const id = Number(field(form, "id", 12));
  if (!Number.isSafeInteger(id) || id <= 0) throw httpError(400, "消息编号不正确");
  // Someone else's (or no) message changes nothing: the scope leaves it out, and the answer is the same.
  await markNotificationsRead(scoped(ability, "update"), [id]);
  return json({ ok: true });
}

type Row = { id: number; message: string; created_at: number; read_at: number | null; sms_status: string };

export default function Messages() {
  const { total, rows, unread, page, pageSize } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const filtered = (on: boolean) => {
    const next = new URLSearchParams(params);
    next.delete("page");
    if (on) next.set("unread", "1");
    else next.delete("unread");
    return `?${next}`;
  };
  return (
    <>
      <Space style={{ justifyContent: "space-between", width: "100%", marginBottom: 16 }} wrap>
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>消息</Typography.Title>
        <Form method="post">
          <CsrfInput />
          <Button htmlType="submit" name="intent" value="readAll" disabled={busy || !rows.some((r: Row) => !r.read_at)}>全部标为已读</Button>
        </Form>
      </Space>
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <Link to={filtered(false)} aria-current={!unread ? "page" : undefined}><Button type={unread ? "default" : "primary"} tabIndex={-1}>全部消息</Button></Link>
          <Link to={filtered(true)} aria-current={unread ? "page" : undefined}><Button type={unread ? "primary" : "default"} tabIndex={-1}>未读消息</Button></Link>
        </Space>
        {/* On a phone only 内容 and 操作 show, so the message wraps beside its 标为已读. */}
        <TableRegion label="消息列表" fitWidth>
          <Table<Row>
            rowKey="id"
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: <Empty description={unread ? "没有未读消息" : "暂无消息"} /> }}
            rowClassName={(r) => (r.read_at ? "" : "message-unread")}
            columns={[
              { title: "状态", key: "state", width: 80, responsive: ["md"], render: (_v, r) => (r.read_at ? <Tag>已读</Tag> : <Tag color="red">未读</Tag>) },
              {
                title: "内容", dataIndex: "message", render: (v: string, r) => (
                  <>
                    {r.read_at ? v : <strong>{v}</strong>}
                    {/* On a phone the time sits under the text (its column is hidden there). */}
                    <div className="message-meta">{r.read_at ? "已读" : "未读"} · {formatTime(r.created_at)}</div>
                  </>
                ),
              },
              { title: "时间", dataIndex: "created_at", width: 170, responsive: ["md"], render: (v: number) => formatTime(v) },
              { title: "短信通知", dataIndex: "sms_status", width: 110, responsive: ["lg"], render: (v: string) => NOTIFICATION_SMS_LABEL[v] ?? "—" },
              {
                title: "操作", key: "op", width: 96, render: (_v, r) =>
                  r.read_at ? null : (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="id" value={r.id} />
                      <Button type="link" size="small" htmlType="submit" name="intent" value="read" disabled={busy}>标为已读</Button>
                    </Form>
                  ),
              },
            ]}
          />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
