// 忘记密码's server side: the loader (signed-out visitors only) and the action (the password policy first,
// then the code; every session of the account ends). Beside the route so its page module imports one empty module.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getAuth } from "~/features/accounts/auth.server";
import { resetPasswordBySms } from "~/features/accounts/password-reset.server";
import { signedOutOnly } from "~/features/accounts/signed-out.server";
import { PHONE_INPUT_MAX, codeProblem, collectErrors, normalizePhone, passwordProblem, phoneProblem, type FormErrors } from "~/features/accounts/validation";
import { readForm, field, clientIp } from "~/utils/request.server";

export const loader = signedOutOnly;

/** What a refused reset answers: per-field errors in Chinese and the phone to keep in the form. */
export type ActionData = { errors?: FormErrors; phone?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request); // the CSRF check comes first, for everyone
  if (await getAuth(request)) throw redirect("/");
  const phone = normalizePhone(field(form, "phone", PHONE_INPUT_MAX));
  const code = field(form, "code", 10);
  const password = String(form.get("password") ?? "").slice(0, 200);
  const confirm = String(form.get("confirm") ?? "").slice(0, 200);
  // The password is checked before the code, so a weak one does not cost the user the code.
  const errors = collectErrors({
    phone: phoneProblem(phone),
    code: codeProblem(code),
    password: passwordProblem(password),
    confirm: confirm === password ? null : "两次输入的密码不一致",
  });
  if (errors) return json<ActionData>({ errors, phone }, { status: 400 });
  const r = await resetPasswordBySms(phone, code, password, clientIp(context));
  if (!r.ok) return json<ActionData>({ errors: r.errors, phone }, { status: r.status });
  return redirect("/login?reset=1");
}
