// The signed-in layout: header with brand, role navigation and the user menu (个人中心, 退出登录).
import { Form, Link, useLocation } from "@remix-run/react";
import { Dropdown, Layout, Menu, Avatar } from "antd";
import { UserOutlined, DownOutlined } from "@ant-design/icons";
import { useMemo, useRef } from "react";
import { CsrfInput } from "./csrf-input";
import { navFor } from "./nav";
import { defineAbilityFor } from "~/engine/permissions/ability";
import { ROLE_LABEL, type Role } from "~/engine/constants";

type ShellUser = { id: number; name: string; role: Role };

export function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  const location = useLocation();
  const logoutRef = useRef<HTMLFormElement>(null);
  const items = useMemo(() => navFor(defineAbilityFor(user)), [user]);
  const selected = items
    .filter((i) => (i.to === "/" ? location.pathname === "/" : location.pathname.startsWith(i.to)))
    .map((i) => i.to);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="app-header">
        <Link to="/" className="brand">评标专家管理系统</Link>
        <nav aria-label="主导航" style={{ flex: 1, minWidth: 0 }}>
          <Menu
            className="nav"
            theme="dark"
            disabledOverflow
            mode="horizontal"
            selectedKeys={selected}
            items={items.map((i) => ({ key: i.to, label: <Link to={i.to}>{i.label}</Link> }))}
          />
        </nav>
        <Dropdown
          trigger={["click"]}
          menu={{
            items: [
              { key: "profile", label: <Link to="/profile">个人中心</Link> },
              { type: "divider" },
              { key: "logout", label: "退出登录", onClick: () => logoutRef.current?.requestSubmit() },
            ],
          }}
        >
          <button type="button" className="user-menu" aria-label={`用户菜单：${user.name}（${ROLE_LABEL[user.role]}）`}>
            <Avatar size="small" icon={<UserOutlined />} />
            <span className="user-name">{user.name}（{ROLE_LABEL[user.role]}）</span>
            <DownOutlined />
          </button>
        </Dropdown>
        <Form method="post" action="/logout" ref={logoutRef} hidden>
          <CsrfInput />
        </Form>
      </Layout.Header>
      <Layout.Content>
        <main className="app-content">{children}</main>
      </Layout.Content>
      <Layout.Footer className="app-footer">新疆维吾尔自治区房屋建筑和市政基础设施项目评标专家管理系统</Layout.Footer>
    </Layout>
  );
}
