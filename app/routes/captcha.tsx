// GET /captcha — a new 图形验证码 for the SMS-code forms: { id, image } (an SVG data URI). Anonymous
// users need it (login, register, 忘记密码); drawing is budgeted per client.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { clientIp, httpError } from "~/utils/request.server";
import { drawCaptcha } from "~/features/accounts/captcha.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const drawn = await drawCaptcha(clientIp(context));
  if (!drawn) throw httpError(429, "获取图形验证码过于频繁，请稍后再试");
  const image = `data:image/svg+xml;base64,${Buffer.from(drawn.svg).toString("base64")}`;
  return json({ id: drawn.id, image }, { headers: { "Cache-Control": "no-store" } });
}

/** Never reloaded by the router after a form on the page is sent (Remix reloads every fetcher's data then,
 *  even after a 400): each reload drew a new challenge that replaced the image the user was typing from,
 *  so the answer failed as 错误或已失效, and it spent the client's drawing budget. Images come only from
 *  the dialog's own load (first show, a wrong answer, 换一张). */
export const shouldRevalidate = () => false;

export const action = () => {
  throw httpError(405, "请求方式不正确");
};
