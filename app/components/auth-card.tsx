// The centered card used by the pages a signed-out visitor sees (登录, 注册).
import { Card } from "antd";

export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <Card className="auth-card">
        <h1>评标专家管理系统</h1>
        <div className="subtitle">{title}</div>
        {children}
      </Card>
    </main>
  );
}
