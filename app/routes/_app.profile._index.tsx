// 基本资料: edit name and email; change the phone with a code sent to the new number.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Divider from "antd/es/divider/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { SmsCodeButton } from "~/components/sms-code-button";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { readForm, field, clientIp } from "~/utils/request.server";
import { NAME_MAX, PHONE_INPUT_MAX, codeProblem, collectErrors, emailProblem, nameProblem, normalizeName, normalizePhone, phoneProblem, type FormErrors } from "~/features/accounts/validation";
import { changePhone, updateBasics } from "~/models/profile.server";
import { maskPhone } from "~/services/sms.server";
import { ROLE_LABEL, SMS_PURPOSE } from "~/models/constants";

export const meta: MetaFunction = () => [{ title: "基本资料 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "read", "Profile", { id: user.id });
  return json({ user: { username: user.username, name: user.name, email: user.email ?? "", phone: maskPhone(user.phone), role: user.role } });
}

type ActionData = { intent: string; errors?: FormErrors; saved?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "update", "Profile", { id: user.id });
  const form = await readForm(request);
  const intent = field(form, "intent", 10);
  const ip = clientIp(context);
  if (intent === "basic") {
    const name = normalizeName(field(form, "name", 4 * NAME_MAX)); // UTF-16 units; nameProblem counts code points
    const email = field(form, "email", 120);
    // A name kept as it is is not judged again: accounts named before the person-name rule (a staff
    // account such as 审核员（乌鲁木齐市）) can still save their 电子邮箱; a changed name must pass it.
    const errors = collectErrors({ name: name === user.name ? null : nameProblem(name), email: emailProblem(email) });
    if (errors) return json<ActionData>({ intent, errors }, { status: 400 });
    await updateBasics(user.id, { name, email: email || null }, ip);
    return json<ActionData>({ intent, saved: "基本资料已保存" });
  }
  if (intent === "phone") {
    const newPhone = normalizePhone(field(form, "newPhone", PHONE_INPUT_MAX));
    const code = field(form, "code", 10);
    const errors = collectErrors({ newPhone: phoneProblem(newPhone), code: codeProblem(code) });
    if (errors) return json<ActionData>({ intent, errors }, { status: 400 });
    const r = await changePhone(user.id, newPhone, code, ip);
    if (!r.ok) return json<ActionData>({ intent, errors: r.errors }, { status: 400 });
    return json<ActionData>({ intent, saved: "手机号已更换" });
  }
  return json<ActionData>({ intent, errors: { form: "未知的操作" } }, { status: 400 });
}

export default function BasicInfo() {
  const { user } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const [smsNote, setSmsNote] = useState<{ ok?: boolean; text: string }>();
  const e = (intent: string) => (data?.intent === intent ? data.errors ?? {} : {});
  return (
    <>
      <Descriptions column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
        <Descriptions.Item label="角色">{ROLE_LABEL[user.role]}</Descriptions.Item>
        <Descriptions.Item label="手机号">{user.phone}</Descriptions.Item>
      </Descriptions>
      {data?.saved ? <Alert className="form-error" type="success" showIcon title={data.saved} role="status" /> : null}
      <Form method="post" noValidate style={{ maxWidth: 480 }}>
        <CsrfInput />
        <input type="hidden" name="intent" value="basic" />
        <Field name="name" label="姓名" required max={NAME_MAX} defaultValue={user.name} error={e("basic").name} />
        <Field name="email" label="电子邮箱" type="email" max={100} defaultValue={user.email} error={e("basic").email} />
        <Button type="primary" htmlType="submit" loading={busy}>保存</Button>
      </Form>
      <Divider />
      <Typography.Title level={5}>更换手机号</Typography.Title>
      <Form method="post" noValidate style={{ maxWidth: 480 }}>
        <CsrfInput />
        <input type="hidden" name="intent" value="phone" />
        <Field name="newPhone" label="新手机号" required inputMode="tel" maxLength={PHONE_INPUT_MAX} error={e("phone").newPhone} />
        <Field
          name="code" label="短信验证码" required inputMode="numeric" maxLength={6} error={e("phone").code}
          addon={<SmsCodeButton purpose={SMS_PURPOSE.changePhone} phoneField="newPhone" onResult={(r) => setSmsNote({ ok: r.ok, text: r.message ?? r.error ?? "" })} />}
        />
        {smsNote ? <Alert className="form-error" type={smsNote.ok ? "success" : "error"} title={smsNote.text} role="status" /> : null}
        <Button htmlType="submit" loading={busy}>更换手机号</Button>
      </Form>
    </>
  );
}
