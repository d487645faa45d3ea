// 登录: 账号密码登录 or 手机号+验证码登录. Failures never tell whether the account exists.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Tabs } from "antd";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { AuthCard } from "~/components/auth-card";
import { SmsCodeButton } from "~/components/sms-code-button";
import { getAuth } from "~/features/accounts/auth.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { readForm, field, clientIp } from "~/utils/request.server";
import { startSession } from "~/utils/session.server";
import { passwordLogin, smsLogin } from "~/models/accounts.server";
import { PHONE_INPUT_MAX, codeProblem, collectErrors, normalizePhone, phoneProblem, type FormErrors } from "~/features/accounts/validation";
import { SMS_PURPOSE } from "~/models/constants";

export const meta: MetaFunction = () => [{ title: "登录 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAuth(request)) throw redirect("/");
  return null;
}

type ActionData = { mode: string; errors?: FormErrors; formError?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const mode = field(form, "mode", 10) === "sms" ? "sms" : "password";
  const ip = clientIp(context);
  let result;
  if (mode === "password") {
    const username = field(form, "username", 64);
    const password = String(form.get("password") ?? "").slice(0, 128);
    const errors = collectErrors({ username: username ? null : "请输入用户名", password: password ? null : "请输入密码" });
    if (errors) return json<ActionData>({ mode, errors }, { status: 400 });
    result = await passwordLogin(username, password, ip);
  } else {
    const phone = normalizePhone(field(form, "phone", PHONE_INPUT_MAX));
    const code = field(form, "code", 10);
    const errors = collectErrors({ phone: phoneProblem(phone), code: codeProblem(code) });
    if (errors) return json<ActionData>({ mode, errors }, { status: 400 });
    result = await smsLogin(phone, code, ip);
  }
  if (!result.ok) return json<ActionData>({ mode, formError: result.message }, { status: result.status });
  const cookie = await startSession(request, result.userId, ip);
  return redirect(safeRedirect(form.get("redirectTo"), new URL(request.url).origin), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const [tab, setTab] = useState(data?.mode ?? (params.get("mode") === "sms" ? "sms" : "password"));
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  const busy = useNavigation().state === "submitting";
  const redirectTo = params.get("redirectTo") ?? "/";
  const errors = data?.mode === tab ? data.errors : undefined;
  const formError = data?.mode === tab ? data.formError : undefined;

  const hidden = (mode: string) => (
    <>
      <CsrfInput />
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
    </>
  );

  return (
    <AuthCard title="专家登录">
      {formError ? <Alert className="form-error" type="error" showIcon title={formError} /> : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        centered
        items={[
          {
            key: "password",
            label: "账号密码登录",
            children: (
              <Form method="post" noValidate>
                {hidden("password")}
                <Field name="username" label="用户名" required autoComplete="username" error={errors?.username} maxLength={64} />
                <Field name="password" label="密码" required password autoComplete="current-password" error={errors?.password} maxLength={128} />
                <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
              </Form>
            ),
          },
          {
            key: "sms",
            label: "手机号登录",
            children: (
              <Form method="post" noValidate>
                {hidden("sms")}
                <Field name="phone" label="手机号" required inputMode="tel" autoComplete="tel" maxLength={PHONE_INPUT_MAX} error={errors?.phone} />
                <Field
                  name="code" label="短信验证码" required inputMode="numeric" autoComplete="one-time-code" maxLength={6}
                  error={errors?.code}
                  addon={<SmsCodeButton purpose={SMS_PURPOSE.login} onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
                />
                {smsNote ? <Alert className="form-error" type={smsNote.ok ? "success" : "error"} title={smsNote.text} role="status" /> : null}
                <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
              </Form>
            ),
          },
        ]}
      />
      <div style={{ textAlign: "center", marginTop: 16 }}>
        还没有账号？<Link to="/register">注册专家账号</Link>
      </div>
    </AuthCard>
  );
}
