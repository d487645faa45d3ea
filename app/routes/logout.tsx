// 退出登录: POST ends the session row and clears the cookie.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readForm, clientIp } from "~/utils/request.server";
import { endSession } from "~/utils/session.server";
import { getAuth } from "~/features/accounts/auth.server";
import { audit } from "~/models/audit.server";
import { AUDIT_ACTION } from "~/models/constants";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request);
  const auth = await getAuth(request);
  const cookie = await endSession(request);
  if (auth) await audit({ action: AUDIT_ACTION.logout, actor: auth.user, ip: clientIp(context), target: { type: "User", id: auth.user.id } });
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}
