// 注册: 用户名, 密码 + 确认, 姓名, 手机号 + 短信验证码. A new account is an expert and is signed in at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Alert, Button } from "antd";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { AuthCard } from "~/components/auth-card";
import { SmsCodeButton } from "~/components/sms-code-button";
import { getAuth } from "~/features/accounts/auth.server";
import { readForm, field, clientIp } from "~/utils/request.server";
import { startSession } from "~/utils/session.server";
import { register } from "~/models/accounts.server";
import { NAME_MAX, PHONE_INPUT_MAX, codeProblem, collectErrors, nameProblem, normalizePhone, passwordProblem, phoneProblem, usernameProblem, type FormErrors } from "~/features/accounts/validation";
import { codePointCount } from "~/components/form/text-count";
import { SMS_PURPOSE } from "~/models/constants";

export const meta: MetaFunction = () => [{ title: "注册 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAuth(request)) throw redirect("/");
  return null;
}

type ActionData = { errors?: FormErrors; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const v = {
    username: field(form, "username", 64),
    // UTF-16 units, so room for NAME_MAX rare characters (two units each); nameProblem counts code points.
    name: field(form, "name", 4 * NAME_MAX),
    phone: normalizePhone(field(form, "phone", PHONE_INPUT_MAX)),
    code: field(form, "code", 10),
  };
  const password = String(form.get("password") ?? "").slice(0, 200);
  const confirm = String(form.get("confirm") ?? "").slice(0, 200);
  const errors = collectErrors({
    username: usernameProblem(v.username),
    password: passwordProblem(password),
    confirm: confirm === password ? null : "两次输入的密码不一致",
    name: nameProblem(v.name),
    phone: phoneProblem(v.phone),
    code: codeProblem(v.code),
  });
  if (errors) return json<ActionData>({ errors, values: v }, { status: 400 });
  const ip = clientIp(context);
  const r = await register({ ...v, password }, ip);
  if (!r.ok) return json<ActionData>({ errors: r.errors, values: v }, { status: r.status });
  const cookie = await startSession(request, r.userId, ip);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function Register() {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const e = data?.errors ?? {};
  const v = data?.values ?? {};
  const busy = useNavigation().state === "submitting";
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  return (
    <AuthCard title="专家注册">
      <Form method="post" noValidate>
        <CsrfInput />
        <Field name="username" label="用户名" required autoComplete="username" maxLength={32} defaultValue={v.username} error={e.username} help="4–32 位字母、数字或下划线，以字母开头" />
        <Field name="password" label="密码" required password autoComplete="new-password" maxLength={64} error={e.password} help="至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 种" />
        <Field name="confirm" label="确认密码" required password autoComplete="new-password" maxLength={64} error={e.confirm} />
        <Field name="name" label="姓名" required autoComplete="name" count={codePointCount(NAME_MAX)} defaultValue={v.name} error={e.name} />
        <Field name="phone" label="手机号" required inputMode="tel" autoComplete="tel" maxLength={PHONE_INPUT_MAX} defaultValue={v.phone} error={e.phone} />
        <Field
          name="code" label="短信验证码" required inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={e.code}
          addon={<SmsCodeButton purpose={SMS_PURPOSE.register} onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
        />
        {smsNote ? <Alert className="form-error" type={smsNote.ok ? "success" : "error"} title={smsNote.text} role="status" /> : null}
        <Button type="primary" htmlType="submit" block loading={busy}>注册</Button>
      </Form>
      <div style={{ textAlign: "center", marginTop: 16 }}>
        已有账号？<Link to="/login">返回登录</Link>
      </div>
    </AuthCard>
  );
}
