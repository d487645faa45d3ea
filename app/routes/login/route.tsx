// 登录 (for every role: the role follows from the account): 账号密码登录 or 手机号+验证码登录, and the way to
// 忘记密码. Failures never tell whether the account exists. Plain HTML without antd (a light first load on a
// slow phone): the tabs are links (?mode=sms), so the page also works before and without its scripts.
import type { HeadersFunction, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { PlainField } from "~/components/field-frame";
import { AuthCard } from "~/components/auth-card";
import { Notice } from "~/components/notice";
import { SmsCodeButton } from "~/components/sms-code-button";
import { PHONE_INPUT_MAX } from "~/features/accounts/field-limits";
import { SMS_PURPOSE } from "~/models/constants";
import type { ActionData } from "./login.server";

export { action, loader } from "./login.server";

export const meta: MetaFunction = () => [{ title: "登录 - 评标专家管理系统" }];

/** The action's Server-Timing (the slow-down a refused login waited) on the page answer too. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const timing = actionHeaders.get("Server-Timing");
  if (timing) out.set("Server-Timing", timing);
  return out;
};

const TABS = [
  { mode: "password", label: "账号密码登录" },
  { mode: "sms", label: "手机号登录" },
] as const;

export default function Login() {
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  // The tab: the one just submitted (its errors show), else the address's ?mode=.
  const tab = data?.mode ?? (params.get("mode") === "sms" ? "sms" : "password");
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  const busy = useNavigation().state === "submitting";
  const redirectTo = params.get("redirectTo") ?? "/";
  const errors = data?.errors;
  const formError = data?.formError;
  const tabHref = (mode: string) => {
    const next = new URLSearchParams(params);
    next.delete("reset");
    if (mode === "sms") next.set("mode", "sms");
    else next.delete("mode");
    const q = next.toString();
    return q ? `/login?${q}` : "/login";
  };

  return (
    <AuthCard title="登录">
      {params.get("reset") === "1" && !data ? <Notice type="success" className="form-error">密码已重置，请使用新密码登录</Notice> : null}
      {formError ? <Notice type="error" className="form-error">{formError}</Notice> : null}
      <div className="plain-tabs" role="tablist" aria-label="登录方式">
        {TABS.map((t) => (
          <Link key={t.mode} to={tabHref(t.mode)} replace preventScrollReset role="tab" id={`tab-${t.mode}`} aria-controls="login-panel" aria-selected={tab === t.mode}>
            {t.label}
          </Link>
        ))}
      </div>
      <div role="tabpanel" id="login-panel" aria-labelledby={`tab-${tab}`}>
        {tab === "password" ? (
          <Form method="post" noValidate key="password">
            <CsrfInput />
            <input type="hidden" name="mode" value="password" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <PlainField name="username" label="用户名" required autoComplete="username" error={errors?.username} maxLength={64} />
            <PlainField name="password" label="密码" required password autoComplete="current-password" error={errors?.password} maxLength={128} />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy || undefined}>登录</button>
          </Form>
        ) : (
          <Form method="post" noValidate key="sms">
            <CsrfInput />
            <input type="hidden" name="mode" value="sms" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <PlainField name="phone" label="手机号" required inputMode="tel" autoComplete="tel" maxLength={PHONE_INPUT_MAX} error={errors?.phone} />
            <PlainField
              name="code" label="短信验证码" required inputMode="numeric" autoComplete="one-time-code" maxLength={6}
              error={errors?.code}
              addon={<SmsCodeButton purpose={SMS_PURPOSE.login} onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
            />
            {smsNote ? <Notice type={smsNote.ok ? "success" : "error"} className="form-error">{smsNote.text}</Notice> : null}
            <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy || undefined}>登录</button>
          </Form>
        )}
      </div>
      <div className="auth-links">
        <Link to="/forgot-password">忘记密码</Link>
        <span className="link-sep" aria-hidden="true">|</span>
        还没有账号？<Link to="/register">注册专家账号</Link>
      </div>
    </AuthCard>
  );
}
