// The signed-in layout: header with brand and the user menu (个人中心, 退出登录); experts' few entries in
// the header bar (a 菜单 dropdown on a phone), staff's in a grouped side menu (工作台 / 业务配置 / 系统管理) that folds away on a phone
// (a trigger opens it). The side menu never overflows, whatever the fonts' widths.
import { Form, Link, useLocation, useMatches } from "@remix-run/react";
import Avatar from "antd/es/avatar/index.js";
import Badge from "antd/es/badge/index.js";
import Button from "antd/es/button/index.js";
import Dropdown from "antd/es/dropdown/index.js";
import Layout from "antd/es/layout/index.js";
import Menu from "antd/es/menu/index.js";
import BellOutlined from "@ant-design/icons/es/icons/BellOutlined";
import DownOutlined from "@ant-design/icons/es/icons/DownOutlined";
import MenuOutlined from "@ant-design/icons/es/icons/MenuOutlined";
import UserOutlined from "@ant-design/icons/es/icons/UserOutlined";
import { useMemo, useRef, useState } from "react";
import { CsrfInput } from "./csrf-input";
import { NAV_GROUPS, navFor } from "./nav";
import { defineAbilityFor } from "~/engine/permissions/ability";
import { ROLE, type Role } from "~/engine/constants";
import { ROLE_LABEL } from "~/models/constants";

type ShellUser = { id: number; name: string; role: Role };

/** `unread`: the user's unread notifications, shown on the header's 消息 entry. */
export function AppShell({ user, unread = 0, children }: { user: ShellUser; unread?: number; children: React.ReactNode }) {
  const location = useLocation();
  const logoutRef = useRef<HTMLFormElement>(null);
  // Below 768 px the side menu is hidden by the stylesheet (so a phone's first paint is already right)
  // and opens over the page from 展开菜单; choosing an entry closes it again.
  const [open, setOpen] = useState(false);
  const items = useMemo(() => navFor(defineAbilityFor(user)), [user]);
  // A page under one address may belong to another entry (a change request opens at /apply/:id but is a
  // 个人信息变更): its loader data says so as `navTo`.
  const navTo = useMatches().map((m) => (m.data as { navTo?: unknown } | undefined)?.navTo).filter((v): v is string => typeof v === "string").pop();
  const selected = navTo ? [navTo] : items
    .filter((i) => (i.to === "/" ? location.pathname === "/" : location.pathname.startsWith(i.to)))
    .map((i) => i.to);
  const userMenu = (
    <>
      <Link to="/messages" className="header-messages">
        <Badge count={unread} size="small" overflowCount={99} aria-hidden="true">
          <BellOutlined className="header-messages-icon" />
        </Badge>
        <span className="header-messages-label">消息</span>
        {unread ? <span className="visually-hidden">{`（${unread} 条未读）`}</span> : null}
      </Link>
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
    </>
  );
  const content = (
    <>
      {/* antd's Layout.Content is the page's one <main>: a second one inside it made two main landmarks. */}
      <Layout.Content>
        <div className="app-content">{children}</div>
      </Layout.Content>
      <Layout.Footer className="app-footer">新疆维吾尔自治区房屋建筑和市政基础设施项目评标专家管理系统</Layout.Footer>
    </>
  );
  const link = (i: { to: string; label: string }) => ({ key: i.to, label: <Link to={i.to}>{i.label}</Link> });

  if (user.role === ROLE.expert) {
    return (
      <Layout style={{ minHeight: "100vh" }}>
        <Layout.Header className="app-header">
          <Link to="/" className="brand">评标专家管理系统</Link>
          <nav aria-label="主导航" style={{ flex: 1, minWidth: 0 }}>
            <Menu className="nav" theme="dark" disabledOverflow mode="horizontal" selectedKeys={selected} items={items.map(link)} />
            {/* Below 768 px the bar's entries do not fit: the stylesheet shows this 菜单 instead (first paint right). */}
            <Dropdown trigger={["click"]} menu={{ items: items.map(link), selectedKeys: selected }}>
              <Button className="nav-toggle" type="text" icon={<MenuOutlined />} aria-label="菜单">菜单</Button>
            </Dropdown>
          </nav>
          {userMenu}
        </Layout.Header>
        {content}
      </Layout>
    );
  }
  const groups = NAV_GROUPS.map((g) => ({ type: "group" as const, key: g, label: g, children: items.filter((i) => i.group === g).map(link) })).filter((g) => g.children.length);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="app-header">
        <Link to="/" className="brand">评标专家管理系统</Link>
        <span style={{ flex: 1 }} />
        {userMenu}
      </Layout.Header>
      <Layout hasSider className="staff-layout">
        <Layout.Sider className={open ? "app-sider open" : "app-sider"} theme="light" width={184} trigger={null}>
          <nav aria-label="主导航">
            <Menu className="side-nav" mode="inline" selectedKeys={selected} items={groups} onClick={() => setOpen(false)} />
          </nav>
        </Layout.Sider>
        <Layout>
          <Button className="sider-toggle" type="text" icon={<MenuOutlined />} aria-expanded={open} aria-label={open ? "收起菜单" : "展开菜单"} onClick={() => setOpen(!open)} />
          {content}
        </Layout>
      </Layout>
    </Layout>
  );
}
