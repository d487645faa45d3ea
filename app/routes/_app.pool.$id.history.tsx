// 专家库记录变更历史: every version of an expert's pool record with what changed (old → new), when, who
// approved it and from which request; and the record as it stood on a chosen date (?date=YYYY-MM-DD).
// For the expert (own record), the reviewers whose scope holds the record now, and administrators.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Empty from "antd/es/empty/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { DateInput } from "~/components/date-input";
import { requireAuth } from "~/features/accounts/auth.server";
import { recordHistoryPage } from "~/features/changes/history.server";

export const meta: MetaFunction = () => [{ title: "专家库记录变更历史 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const date = new URL(request.url).searchParams.get("date")?.slice(0, 20) ?? null;
  return json(await recordHistoryPage(auth, params.id, date || null));
}

export default function RecordHistoryRoute() {
  const { record, rows, asOf, dateError, own } = useLoaderData<typeof loader>();
  // A date refused (dateError) stays in the box as typed, so it can be corrected rather than retyped.
  const typed = useSearchParams()[0].get("date")?.slice(0, 20) ?? "";
  return (
    <>
      <Typography.Title level={3} className="page-title">专家库记录变更历史</Typography.Title>
      <p>{own ? <Link to="/changes">返回个人信息变更</Link> : <Link to="/pool">返回专家库</Link>}</p>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 3 }} size="small">
          <Descriptions.Item label="专家编号">{record.number}</Descriptions.Item>
          <Descriptions.Item label="姓名">{record.name}</Descriptions.Item>
          <Descriptions.Item label="现评标地州">{record.region}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="按日期查询" style={{ marginBottom: 16 }}>
        <Form method="get" className="history-asof">
          <Space wrap>
            <label htmlFor="asof-date">日期</label>
            <DateInput id="asof-date" name="date" defaultValue={asOf?.date ?? typed} style={{ width: 180 }} placeholder="如 2026-03-01" />
            <Button htmlType="submit">查询</Button>
          </Space>
        </Form>
        {dateError ? <Alert type="error" showIcon role="alert" title={dateError} style={{ marginTop: 8 }} /> : null}
        {asOf ? (
          asOf.found ? (
            <Descriptions className="history-asof-result" column={1} size="small" style={{ marginTop: 8 }} title={`${asOf.date} 当日的专家库记录`}>
              <Descriptions.Item label="评标地州"><span className="asof-region">{asOf.region}</span></Descriptions.Item>
              <Descriptions.Item label="工作单位">{asOf.workUnit}</Descriptions.Item>
              <Descriptions.Item label="专业">{asOf.specialties}</Descriptions.Item>
              <Descriptions.Item label="回避单位">{asOf.avoidanceUnits}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="info" showIcon title={`${asOf.date} 时该专家尚未入库`} style={{ marginTop: 8 }} />
          )
        ) : null}
      </Card>
      {rows.length === 0 ? <Empty description="暂无记录" /> : (
        <ol className="history-versions" aria-label="记录版本">
          {rows.map((v) => (
            <li key={v.version}>
              <Card size="small" title={<Space wrap><span>第 {v.version} 版</span><Tag>{v.event}</Tag>{v.validTo === "至今" ? <Tag color="green">当前</Tag> : null}</Space>}>
                <p className="muted history-when">生效时间：<span className="history-from">{v.validFrom}</span>　失效时间：{v.validTo}</p>
                <p className="muted">审核人：{v.by}　来源申请：{v.source}{v.reason ? `　说明：${v.reason}` : ""}</p>
                {v.changes.length ? (
                  <table className="step-panel-table history-changes">
                    <thead><tr><th scope="col">变更项目</th><th scope="col">原内容</th><th scope="col">变更后</th></tr></thead>
                    <tbody>
                      {v.changes.map((c) => (
                        <tr key={c.label}><td data-label="变更项目">{c.label}</td><td data-label="原内容">{c.before}</td><td data-label="变更后">{c.after}</td></tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </Card>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
