// The loader of the pages only a signed-out visitor needs (登录, 注册, 忘记密码): someone signed in goes home.
import { redirect } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuth } from "./auth.server";

/** Throws a redirect to / for a signed-in request; null (no data) otherwise. */
export async function signedOutOnly({ request }: LoaderFunctionArgs): Promise<null> {
  if (await getAuth(request)) throw redirect("/");
  return null;
}
