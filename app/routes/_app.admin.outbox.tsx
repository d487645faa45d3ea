// 短信发件箱: what the SMS provider sent (or, with the 模拟通道, only recorded) — administrators only. Channel
// and state read in Chinese; the stored codes are one click away (详情).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Typography from "antd/es/typography/index.js";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { parsePaging } from "~/utils/paging";
import { queryParam } from "~/utils/request.server";
import { formatTime } from "~/utils/format";
import { UrlPagination } from "~/components/url-pagination";
import { TableRegion } from "~/components/table-region";
import { listOutbox } from "~/models/outbox.server";
import { SMS_PROVIDER_LABEL, SMS_STATUS_LABEL } from "~/models/constants";

/** A stored delivery state in words: `failed:502` (the gateway's HTTP status) reads 发送失败. */
const statusText = (s: string) => SMS_STATUS_LABEL[s] ?? SMS_STATUS_LABEL[s.split(":")[0]] ?? "未知";

export const meta: MetaFunction = () => [{ title: "短信发件箱 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "read", "SmsOutbox");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  // Part of a number finds it (the last four digits, say); anything but digits is said, not silently ignored.
  const phone = queryParam(url, "phone", 11).trim();
  const phoneError = phone && !/^\d+$/.test(phone) ? "手机号只能输入数字（可只输入部分号码）" : "";
  const { total, rows, paging: shown } = await listOutbox({ phoneDigits: phoneError ? "" : phone, ...paging });
  return json({ total, rows, phone, phoneError, ...shown });
}

export default function Outbox() {
  const { total, rows, phone, phoneError, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <Typography.Title level={3} className="page-title">短信发件箱</Typography.Title>
      <Card>
        <Form method="get" style={{ marginBottom: 16 }}>
          <Space wrap>
            <label htmlFor="q-phone">手机号</label>
            <Input id="q-phone" name="phone" defaultValue={phone} placeholder="手机号或其中几位" maxLength={11} inputMode="numeric" style={{ width: 200 }} status={phoneError ? "error" : undefined} aria-describedby={phoneError ? "q-phone-error" : undefined} />
            <Button type="primary" htmlType="submit">查询</Button>
            <Button href="/admin/outbox">重置</Button>
          </Space>
          {phoneError ? <Alert id="q-phone-error" type="error" showIcon role="alert" title={phoneError} style={{ marginTop: 8 }} /> : null}
        </Form>
        <TableRegion label="短信列表">
        <Table
          rowKey="id"
          dataSource={rows}
          pagination={false}
          expandable={{
            columnTitle: "详情",
            columnWidth: 64,
            expandedRowRender: (r) => (
              <dl className="audit-raw">
                <dt>通道代码</dt><dd><code>{r.provider}</code></dd>
                <dt>状态代码</dt><dd><code>{r.status}</code></dd>
              </dl>
            ),
          }}
          columns={[
            { title: "序号", key: "i", width: 70, render: (_v, _r, i) => (page - 1) * pageSize + i + 1 },
            { title: "手机号", dataIndex: "phone", width: 130 },
            { title: "内容", dataIndex: "message" },
            { title: "通道", dataIndex: "provider", width: 100, render: (v: string) => SMS_PROVIDER_LABEL[v] ?? "其他通道" },
            { title: "状态", dataIndex: "status", width: 130, render: (v: string) => statusText(v) },
            { title: "时间", dataIndex: "created_at", width: 180, render: (v: number) => formatTime(v) },
          ]}
        />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
