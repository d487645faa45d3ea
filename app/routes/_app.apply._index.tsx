// 入库申请: the open batches and the applicant's applications; 开始申请 starts one in a batch.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Empty from "antd/es/empty/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { ownApplicationSummaries, startApplication, startFromRecord } from "~/models/applications.server";
import { getBatch, openBatches } from "~/models/batches.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { formatTime } from "~/utils/format";
import { field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "入库申请 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "create", "Application");
  const [batches, applications] = await Promise.all([openBatches(), ownApplicationSummaries(user.id)]);
  return json({
    batches: batches.map((b) => ({ id: b.id, name: b.name, closesAt: formatTime(b.closesAt), applicationId: applications.find((a) => a.batchId === b.id)?.id ?? null })),
    applications,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "create", "Application");
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  if (intent === "start-record") {
    // A process on the applicant's own record (e.g. a change request on their pool record): no batch.
    const r = await startFromRecord({ id: user.id, role: user.role }, field(form, "workflow", 80));
    if (!r.ok) return json({ error: r.message }, { status: r.status });
    return redirect(`/apply/${r.id}`);
  }
  if (intent !== "start") throw httpError(400, "未知的操作");
  const batchId = Number(field(form, "batchId", 12));
  const batch = Number.isSafeInteger(batchId) && batchId > 0 ? await getBatch(batchId) : undefined;
  if (!batch) return json({ error: "批次不存在" }, { status: 404 });
  const r = await startApplication({ id: user.id, role: user.role }, batch);
  if (!r.ok) return json({ error: r.message }, { status: r.status });
  return redirect(`/apply/${r.id}`);
}

export default function ApplyIndex() {
  const { batches, applications } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <Typography.Title level={3} className="page-title">入库申请</Typography.Title>
      {answer && "error" in answer ? <Alert type="error" showIcon role="alert" title={answer.error} style={{ marginBottom: 16 }} /> : null}
      <Card title="正在报名的批次" style={{ marginBottom: 16 }}>
        {batches.length === 0 ? (
          <Empty description="当前没有正在报名的批次" />
        ) : (
          <ul className="plain-list">
            {batches.map((b) => (
              <li key={b.id} className="plain-list-item">
                <div>
                  <Typography.Text strong>{b.name}</Typography.Text>
                  <div className="muted">报名截止：{b.closesAt}</div>
                </div>
                {b.applicationId ? (
                  <Link to={`/apply/${b.applicationId}`}>查看申请</Link>
                ) : (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="batchId" value={b.id} />
                    <Button type="primary" htmlType="submit" name="intent" value="start" loading={busy}>开始申请</Button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="我的申请">
        {applications.length === 0 ? (
          <Empty description="还没有申请" />
        ) : (
          <ul className="plain-list">
            {applications.map((a) => (
              <li key={a.id} className="plain-list-item">
                <div>
                  <Space wrap><Typography.Text strong>{a.batchName}</Typography.Text><Tag>{a.stateTitle}</Tag></Space>
                  <div className="muted">{a.number ? `专家编号：${a.number}` : `创建时间：${a.createdAt}`}</div>
                </div>
                <Link to={`/apply/${a.id}`}>{a.editable ? "继续填写" : "查看"}</Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
