// 注册's server side: the loader (signed-out visitors only) and the action (every field checked, then the
// account created as an expert and signed in). Beside the route so its page module imports one empty module.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { signedOutOnly } from "~/features/accounts/signed-out.server";
import { readForm, field, clientIp } from "~/utils/request.server";
import { startSession } from "~/utils/session.server";
import { register } from "~/models/accounts.server";
import { NAME_MAX, PHONE_INPUT_MAX, codeProblem, collectErrors, nameProblem, normalizeName, normalizePhone, passwordProblem, phoneProblem, usernameProblem, type FormErrors } from "~/features/accounts/validation";

export const loader = signedOutOnly;

/** What a refused submission answers: per-field errors in Chinese (and what to keep in the form). */
export type ActionData = { errors?: FormErrors; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const v = {
    username: field(form, "username", 64),
    // UTF-16 units, so room for NAME_MAX rare characters (two units each); nameProblem counts code points.
    name: normalizeName(field(form, "name", 4 * NAME_MAX)),
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
