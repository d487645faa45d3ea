// 登录's server side: the loader (signed-out visitors only) and the action (账号密码 or 手机号+验证码; a refused
// answer carries its slow-down as Server-Timing). Beside the route so its page module imports one empty module.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { signedOutOnly } from "~/features/accounts/signed-out.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { readForm, field, clientIp } from "~/utils/request.server";
import { startSession } from "~/utils/session.server";
import { passwordLogin, smsLogin } from "~/models/accounts.server";
import { PHONE_INPUT_MAX, codeProblem, collectErrors, normalizePhone, phoneProblem, type FormErrors } from "~/features/accounts/validation";

export const loader = signedOutOnly;

/** What a refused login answers: the tab it came from, and its errors in Chinese. */
export type ActionData = { mode: string; errors?: FormErrors; formError?: string };

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
  // Server-Timing names the slow-down a refused answer waited (what the client felt anyway): a correct
  // password never carries one, which tests can see without timing anything.
  if (!result.ok) return json<ActionData>({ mode, formError: result.message }, { status: result.status, headers: result.brakeMs ? { "Server-Timing": `brake;dur=${result.brakeMs}` } : undefined });
  const cookie = await startSession(request, result.userId, ip);
  return redirect(safeRedirect(form.get("redirectTo"), new URL(request.url).origin), { headers: { "Set-Cookie": cookie } });
}
