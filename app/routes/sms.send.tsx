// POST /sms/send — sends an SMS code for registration, phone login, 忘记密码, or a phone change (signed in).
// After a few codes from one client, each further code needs a solved 图形验证码 (captchaId + captcha).
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readForm, field, clientIp, httpError } from "~/utils/request.server";
import { requireAuth } from "~/features/accounts/auth.server";
import { captchaRequired, spendCaptcha } from "~/features/accounts/captcha.server";
import { PHONE_INPUT_MAX, normalizePhone, phoneProblem } from "~/features/accounts/validation";
import { requestCode } from "~/models/accounts.server";
import { SMS_PURPOSE, type SmsPurpose } from "~/models/constants";

const PURPOSES = Object.values(SMS_PURPOSE) as string[];

export const loader = () => {
  throw httpError(405, "请求方式不正确");
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const purpose = field(form, "purpose", 20);
  if (!PURPOSES.includes(purpose)) return json({ ok: false, error: "验证码用途不正确" }, { status: 400 });
  if (purpose === SMS_PURPOSE.changePhone) await requireAuth(request);
  const phone = normalizePhone(field(form, "phone", PHONE_INPUT_MAX));
  const problem = phoneProblem(phone);
  if (problem) return json({ ok: false, error: problem }, { status: 400 });
  const ip = clientIp(context);
  // A challenge sent along is always checked (and spent); otherwise one is needed past the client's free codes.
  const captchaId = field(form, "captchaId", 40);
  const answer = field(form, "captcha", 10);
  if (captchaId || answer || (await captchaRequired(ip))) {
    if (!captchaId || !answer) return json({ ok: false, captchaRequired: true, error: "请输入图形验证码" }, { status: 400 });
    if (!(await spendCaptcha(captchaId, answer, ip))) {
      return json({ ok: false, captchaRequired: true, error: "图形验证码错误或已失效，请重新输入" }, { status: 400 });
    }
  }
  const r = await requestCode(phone, purpose as SmsPurpose, ip);
  if (!r.ok) return json({ ok: false, error: r.message, retryAfter: r.retryAfter }, { status: r.retryAfter ? 429 : 400 });
  return json({ ok: true, message: "验证码已发送，5 分钟内有效" });
}
