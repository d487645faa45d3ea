// 注册: 用户名, 密码 + 确认, 姓名, 手机号 + 短信验证码. A new account is an expert and is signed in at once.
// Plain HTML without antd, like 登录: a light first load, and the form posts without scripts too.
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { PlainField } from "~/components/field-frame";
import { AuthCard } from "~/components/auth-card";
import { Notice } from "~/components/notice";
import { SmsCodeButton } from "~/components/sms-code-button";
import { NAME_MAX, PHONE_INPUT_MAX } from "~/features/accounts/field-limits";
import { SMS_PURPOSE } from "~/models/constants";
import type { ActionData } from "./register.server";

export { action, loader } from "./register.server";

export const meta: MetaFunction = () => [{ title: "注册 - 评标专家管理系统" }];

export default function Register() {
  const data = useActionData<ActionData>();
  const e = data?.errors ?? {};
  const v = data?.values ?? {};
  const busy = useNavigation().state === "submitting";
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  return (
    <AuthCard title="专家注册">
      <Form method="post" noValidate>
        <CsrfInput />
        <PlainField name="username" label="用户名" required autoComplete="username" maxLength={32} defaultValue={v.username} error={e.username} help="4–32 位字母、数字或下划线，以字母开头" />
        <PlainField name="password" label="密码" required password autoComplete="new-password" maxLength={128} error={e.password} help="至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 种" />
        <PlainField name="confirm" label="确认密码" required password autoComplete="new-password" maxLength={128} error={e.confirm} />
        {/* maxLength counts UTF-16 units: room for NAME_MAX rare characters; the server counts code points. */}
        <PlainField name="name" label="姓名" required autoComplete="name" maxLength={2 * NAME_MAX} defaultValue={v.name} error={e.name} />
        <PlainField name="phone" label="手机号" required inputMode="tel" autoComplete="tel" maxLength={PHONE_INPUT_MAX} defaultValue={v.phone} error={e.phone} />
        <PlainField
          name="code" label="短信验证码" required inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={e.code}
          addon={<SmsCodeButton purpose={SMS_PURPOSE.register} onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
        />
        {smsNote ? <Notice type={smsNote.ok ? "success" : "error"} className="form-error">{smsNote.text}</Notice> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy || undefined}>注册</button>
      </Form>
      <div className="auth-links">
        已有账号？<Link to="/login">返回登录</Link>
      </div>
    </AuthCard>
  );
}
