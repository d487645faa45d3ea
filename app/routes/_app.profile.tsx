// 个人中心: tabs 基本资料 and 修改密码.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLocation } from "@remix-run/react";
import Card from "antd/es/card/index.js";
import Menu from "antd/es/menu/index.js";
import Typography from "antd/es/typography/index.js";
import { requireAuth } from "~/features/accounts/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuth(request);
  return null;
}

export default function ProfileLayout() {
  const { pathname } = useLocation();
  const key = pathname.endsWith("/password") ? "password" : "basic";
  return (
    <>
      <Typography.Title level={3} className="page-title">个人中心</Typography.Title>
      <Card>
        <nav aria-label="个人中心">
          <Menu
            mode="horizontal"
            selectedKeys={[key]}
            items={[
              { key: "basic", label: <Link to="/profile">基本资料</Link> },
              { key: "password", label: <Link to="/profile/password">修改密码</Link> },
            ]}
            style={{ marginBottom: 24 }}
          />
        </nav>
        <Outlet />
      </Card>
    </>
  );
}
