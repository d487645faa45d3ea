// 忘记密码: 手机号 + 短信验证码 + 新密码 (the password policy). Every session of the account ends; the user then
// signs in with the new password. The answers are the same whether or not the phone has an account.
// Plain HTML without antd, like 登录.
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { PlainField } from "~/components/field-frame";
import { AuthCard } from "~/components/auth-card";
import { Notice } from "~/components/notice";
import { SmsCodeButton } from "~/components/sms-code-button";
import { PHONE_INPUT_MAX } from "~/features/accounts/field-limits";
import { SMS_PURPOSE } from "~/models/constants";
import type { ActionData } from "./forgot-password.server";

export { action, loader } from "./forgot-password.server";

export const meta: MetaFunction = () => [{ title: "忘记密码 - 评标专家管理系统" }];

export default function ForgotPassword() {
  const data = useActionData<ActionData>();
  const e = data?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  return (
    <AuthCard title="忘记密码">
      <Notice type="info" className="form-error">验证码将发送到账号绑定的手机号，验证后设置新密码。</Notice>
      <Form method="post" noValidate>
        <CsrfInput />
        <PlainField name="phone" label="手机号" required inputMode="tel" autoComplete="tel" maxLength={PHONE_INPUT_MAX} defaultValue={data?.phone} error={e.phone} />
        <PlainField
          name="code" label="短信验证码" required inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={e.code}
          addon={<SmsCodeButton purpose={SMS_PURPOSE.resetPassword} onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
        />
        {smsNote ? <Notice type={smsNote.ok ? "success" : "error"} className="form-error">{smsNote.text}</Notice> : null}
        <PlainField name="password" label="新密码" required password autoComplete="new-password" maxLength={128} error={e.password} help="至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 种" />
        <PlainField name="confirm" label="确认新密码" required password autoComplete="new-password" maxLength={128} error={e.confirm} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy || undefined}>重置密码</button>
      </Form>
      <div className="auth-links">
        想起密码了？<Link to="/login">返回登录</Link>
      </div>
    </AuthCard>
  );
}
