// The centered card of the pages a signed-out visitor sees (登录, 注册, 忘记密码): plain HTML and base.css,
// so these pages load no antd and look right before (and without) their scripts.
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>评标专家管理系统</h1>
        <div className="subtitle">{title}</div>
        {children}
      </div>
    </main>
  );
}
