// 修改密码: the old password is required; every other session of the user ends.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { requireAuth, requireAbility } from "~/features/accounts/auth.server";
import { readForm, clientIp } from "~/utils/request.server";
import { collectErrors, passwordProblem, type FormErrors } from "~/features/accounts/validation";
import { changePassword } from "~/models/accounts.server";

export const meta: MetaFunction = () => [{ title: "修改密码 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return json({ mustChange: user.mustChangePassword });
}

type ActionData = { errors?: FormErrors; saved?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session, ability } = await requireAuth(request);
  requireAbility(ability, "update", "Profile", { id: user.id });
  const form = await readForm(request);
  const oldPassword = String(form.get("oldPassword") ?? "").slice(0, 200);
  const newPassword = String(form.get("newPassword") ?? "").slice(0, 200);
  const confirm = String(form.get("confirm") ?? "").slice(0, 200);
  const errors = collectErrors({
    oldPassword: oldPassword ? null : "请输入原密码",
    newPassword: passwordProblem(newPassword),
    confirm: confirm === newPassword ? null : "两次输入的密码不一致",
  });
  if (errors) return json<ActionData>({ errors }, { status: 400 });
  const r = await changePassword(user.id, session.id, oldPassword, newPassword, clientIp(context));
  if (!r.ok) return json<ActionData>({ errors: r.errors }, { status: 400 });
  return json<ActionData>({ saved: true });
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const e = data?.errors ?? {};
  return (
    <Form method="post" noValidate style={{ maxWidth: 480 }}>
      <CsrfInput />
      {mustChange && !data?.saved ? <Alert className="form-error" type="warning" showIcon title="您正在使用临时密码，请先设置新密码" /> : null}
      {data?.saved ? <Alert className="form-error" type="success" showIcon title="密码已修改，其他设备上的登录已退出" role="status" /> : null}
      <Field name="oldPassword" label="原密码" required password autoComplete="current-password" maxLength={128} error={e.oldPassword} />
      <Field name="newPassword" label="新密码" required password autoComplete="new-password" maxLength={128} error={e.newPassword} help="至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 种" />
      <Field name="confirm" label="确认新密码" required password autoComplete="new-password" maxLength={128} error={e.confirm} />
      <Button type="primary" htmlType="submit" loading={busy}>修改密码</Button>
    </Form>
  );
}
