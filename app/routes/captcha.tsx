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

export const action = () => {
  throw httpError(405, "请求方式不正确");
};
