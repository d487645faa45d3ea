// 个人信息变更 (manual 五): the expert's current pool record with 【下载】 (个人信息表), 【异动申请】 (评标地州)
// and 【修改】 (工作单位 / 申报专业 / 回避单位), each starting its change request on the record; and the
// expert's requests with their state. Until training and exam are passed the page says what is missing
// (the workflows' start guard refuses too).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Empty from "antd/es/empty/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { requireAuth } from "~/features/accounts/auth.server";
import { changesPage, startChange } from "~/features/changes/page.server";
import { isChangeGroup } from "~/features/changes/groups";
import { field, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "个人信息变更 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await changesPage(await requireAuth(request)));
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  const group = field(form, "group", 20);
  if (field(form, "intent", 20) !== "start" || !isChangeGroup(group)) {
    await changesPage(auth); // authorizes (403) before saying the post is malformed
    return json({ error: "未知的变更项目" }, { status: 400 });
  }
  const r = await startChange(auth, group);
  if (!r.ok) return json({ error: r.message, openId: r.openId ?? null }, { status: r.status });
  return redirect(`/apply/${r.id}`);
}

const STATE_COLOR = (r: { stale: boolean; final: boolean; editable: boolean }) => (r.stale ? "red" : r.final ? "green" : r.editable ? "orange" : "blue");

export default function ChangesRoute() {
  const p = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!p.record) {
    return (
      <>
        <Typography.Title level={3} className="page-title">个人信息变更</Typography.Title>
        <Alert type="info" showIcon title="您尚未进入专家库，入库申请审核通过并完成岗前培训和考试后可办理个人信息变更。" />
      </>
    );
  }
  const { record: r, qualification: q, groups, requests } = p;
  const open = (g: string) => groups.find((x) => x.group === g)?.openId ?? null;
  // 【异动申请】 beside the 评标地州, 【修改】 beside each field it changes; an open request is continued instead.
  const startButton = (g: string, label: string, what: string) => {
    const id = open(g);
    if (id) return <Link to={`/apply/${id}`} className="changes-open" aria-label={`继续办理${what}变更`}>办理中，查看</Link>;
    return (
      <Form method="post" className="changes-start">
        <CsrfInput />
        <input type="hidden" name="group" value={g} />
        <Button size="small" autoInsertSpace={false} type={g === "region" ? "primary" : "default"} htmlType="submit" name="intent" value="start" loading={busy} disabled={!q.passed} aria-label={`${label}${what}`}>{label}</Button>
      </Form>
    );
  };
  const value = (cls: string, v: React.ReactNode, button: React.ReactNode) => (
    <span className="changes-field"><span className={cls}>{v}</span>{button}</span>
  );
  return (
    <>
      <Typography.Title level={3} className="page-title">个人信息变更</Typography.Title>
      {answer && "error" in answer ? (
        <Alert type="error" showIcon role="alert" title={answer.error} style={{ marginBottom: 16 }} className="changes-refused"
          description={"openId" in answer && answer.openId ? <Link to={`/apply/${answer.openId}`}>继续办理该申请</Link> : undefined} />
      ) : null}
      {!q.passed ? (
        <Alert type="warning" showIcon role="status" style={{ marginBottom: 16 }} className="changes-not-ready"
          title={`完成岗前培训和考试后才能办理个人信息变更（尚未完成：${q.missing.join("、")}）`}
          description={<Link to="/training">进入我的培训</Link>} />
      ) : null}
      <Card title="专家库记录" className="changes-record" style={{ marginBottom: 16 }}
        extra={p.canDownload ? <Button href="/certificate/personal-info" download autoInsertSpace={false} aria-label="下载个人信息表">下载</Button> : null}>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered styles={{ label: { whiteSpace: "nowrap" } }}>
          <Descriptions.Item label="专家编号">{r.number}</Descriptions.Item>
          <Descriptions.Item label="姓名">{r.name}</Descriptions.Item>
          <Descriptions.Item label="评标地州">{value("changes-region", r.region, startButton("region", "异动申请", "评标地州"))}</Descriptions.Item>
          <Descriptions.Item label="工作单位">{value("changes-work-unit", r.workUnit, startButton("work-unit", "修改", "工作单位"))}</Descriptions.Item>
          <Descriptions.Item label="专业" span={2}>
            {value("changes-specialties",
              r.specialties.length ? r.specialties.map((s) => <Tag key={s.code} color={s.main ? "blue" : undefined}>{s.name}{s.main ? "（主专业）" : ""}</Tag>) : "—",
              startButton("specialties", "修改", "专业"))}
          </Descriptions.Item>
          <Descriptions.Item label="回避单位" span={2}>
            {value("changes-avoidance", r.avoidanceUnits.length ? r.avoidanceUnits.map((u) => `${u.name}${u.uscc ? `（${u.uscc}）` : ""}`).join("、") : "无",
              startButton("avoidance", "修改", "回避单位"))}
          </Descriptions.Item>
        </Descriptions>
        <p style={{ margin: "12px 0 0" }}><Link to={`/pool/${r.id}/history`}>查看变更历史</Link></p>
        <p className="muted" style={{ margin: "8px 0 0" }}>【异动申请】变更评标地州；【修改】工作单位、增加或减少专业、回避单位。每项同时只能有一份未办结的申请，审核通过后专家库记录随即更新。</p>
      </Card>
      <Card title="我的变更申请">
        {requests.length === 0 ? (
          <Empty description="还没有变更申请" />
        ) : (
          <ul className="plain-list changes-requests">
            {requests.map((x) => (
              <li key={x.id} className="plain-list-item">
                <div>
                  <Space wrap>
                    <Typography.Text strong>{x.title}</Typography.Text>
                    <Tag color={STATE_COLOR(x)}>{x.stale ? "已过期，需重新提交" : x.stateTitle}</Tag>
                  </Space>
                  {x.summary ? <div className="changes-summary">{x.summary}</div> : null}
                  <div className="muted">{x.submittedAt ? `提交时间：${x.submittedAt}` : `创建时间：${x.createdAt}`}</div>
                </div>
                <Link to={`/apply/${x.id}`}>{x.editable || x.stale ? "继续办理" : "查看"}</Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
