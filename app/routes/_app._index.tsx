// 首页: who is signed in, and the entries their role has.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import Card from "antd/es/card/index.js";
import Typography from "antd/es/typography/index.js";
import Row from "antd/es/row/index.js";
import Col from "antd/es/col/index.js";
import Tag from "antd/es/tag/index.js";
import { ownApplicationSummaries } from "~/models/applications.server";
import { latestEnrolmentStep } from "~/features/training/my-training.server";
import { openTaskCount } from "~/models/inbox.server";
import { requireAuth } from "~/features/accounts/auth.server";
import { navFor } from "~/components/nav";
import { defineAbilityFor } from "~/engine/permissions/ability";
import { APPROVED_STATE, ROLE_LABEL } from "~/models/constants";
import { maskPhone } from "~/services/sms.server";

export const meta: MetaFunction = () => [{ title: "首页 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const { user, ability } = auth;
  // Applicants see their latest application at a glance, with what to do next.
  const latest = ability.can("create", "Application") ? (await ownApplicationSummaries(user.id))[0] ?? null : undefined;
  // After approval the next steps (缴费, 学习, 考试) are the enrolment's: its card says which one is due.
  const training = ability.can("read", "Enrolment") ? await latestEnrolmentStep(auth) : null;
  // Staff: how many review tasks of their role wait for them (the inbox may open on another tab).
  const todo = ability.can("read", "Inbox") ? await openTaskCount(ability, auth.taskStates.filter((t) => t.by.includes(user.role))) : null;
  return json({ user: { id: user.id, name: user.name, username: user.username, role: user.role, phone: maskPhone(user.phone) }, latest, training, todo });
}

export default function Home() {
  const { user, latest, training, todo } = useLoaderData<typeof loader>();
  // The application and training cards replace the plain 入库申请 and 我的培训 entries.
  const entries = navFor(defineAbilityFor(user)).filter((n) => n.to !== "/" && !(latest !== undefined && n.to === "/apply") && !(training && n.to === "/training"));
  return (
    <>
      <Typography.Title level={3} className="page-title">您好，{user.name}</Typography.Title>
      <Card title="账号信息" style={{ marginBottom: 16 }}>
        {/* A CSS grid, not antd's Descriptions: its responsive columns come from a script, so a phone saw three
            columns until the page's scripts ran. */}
        <dl className="account-facts">
          <div><dt>用户名</dt><dd>{user.username}</dd></div>
          <div><dt>角色</dt><dd>{ROLE_LABEL[user.role]}</dd></div>
          <div><dt>手机号</dt><dd>{user.phone}</dd></div>
        </dl>
      </Card>
      <Row gutter={[16, 16]}>
        {latest !== undefined ? (
          <Col xs={24} sm={12} md={8}>
            <Card title="入库申请" className="home-application">
              {latest ? (
                <>
                  <p>
                    {latest.batchName} <Tag color={latest.editable ? "orange" : "blue"}>{latest.stateTitle}</Tag>
                  </p>
                  {latest.number ? <p>专家编号：{latest.number}</p> : latest.submittedAt ? <p>提交时间：{latest.submittedAt}</p> : null}
                  {latest.state === APPROVED_STATE && training ? <p>缴费、学习与考试请在“我的培训”中办理。</p> : null}
                  <Link to={`/apply/${latest.id}`}>{latest.editable ? "继续填写" : "查看"}</Link>
                </>
              ) : (
                <>
                  <p>尚未申请入库</p>
                  <Link to="/apply">去申请</Link>
                </>
              )}
            </Card>
          </Col>
        ) : null}
        {training ? (
          <Col xs={24} sm={12} md={8}>
            <Card title="我的培训" className="home-training">
              <p>{training.batchName} <Tag color="blue">{training.stateTitle}</Tag></p>
              <Link to={training.next.to}>{training.next.label}</Link>
            </Card>
          </Col>
        ) : null}
        <Col xs={24} sm={12} md={8}>
          <Card title="个人中心"><Link to="/profile">修改基本资料与密码</Link></Card>
        </Col>
        {entries.map((e) => (
          <Col xs={24} sm={12} md={8} key={e.to}>
            <Card title={e.label} className={e.to === "/review" ? "home-review" : undefined}>
              {e.to === "/review" && todo !== null ? <p>{todo ? `待办 ${todo} 件` : "暂无待办"}</p> : null}
              <Link to={e.to}>进入{e.label}</Link>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
