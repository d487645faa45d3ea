// 首页: who is signed in, and the entries their role has.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, Descriptions, Typography, Row, Col } from "antd";
import { requireAuth } from "~/utils/auth.server";
import { navFor } from "~/components/nav";
import { defineAbilityFor } from "~/engine/permissions/ability";
import { ROLE_LABEL } from "~/engine/constants";
import { maskPhone } from "~/services/sms.server";

export const meta: MetaFunction = () => [{ title: "首页 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return json({ user: { id: user.id, name: user.name, username: user.username, role: user.role, phone: maskPhone(user.phone) } });
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>();
  const entries = navFor(defineAbilityFor(user)).filter((n) => n.to !== "/");
  return (
    <>
      <Typography.Title level={3} className="page-title">您好，{user.name}</Typography.Title>
      <Card title="账号信息" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
          <Descriptions.Item label="角色">{ROLE_LABEL[user.role]}</Descriptions.Item>
          <Descriptions.Item label="手机号">{user.phone}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} md={8}>
          <Card title="个人中心"><Link to="/profile">修改基本资料与密码</Link></Card>
        </Col>
        {entries.map((e) => (
          <Col xs={24} sm={12} md={8} key={e.to}>
            <Card title={e.label}><Link to={e.to}>进入{e.label}</Link></Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
