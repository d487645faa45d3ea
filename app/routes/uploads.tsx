// POST /uploads — one file from the form widget (header X-CSRF-Token; multipart fields `accept`, `file`).
// 201 { ref: "file:<sha256>", name, size, mime } or 4xx { error }. The body arrives as a stream.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { env } from "~/utils/env.server";
import { httpError } from "~/utils/http.server";
import { UploadRefused, receiveUpload, recentUploadCount } from "~/models/uploads.server";

export const loader = () => {
  throw httpError(405, "请求方式不正确");
};

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw httpError(405, "请求方式不正确");
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "create", "Upload");
  await verifyCsrf(request, request.headers.get("x-csrf-token") ?? "");
  if ((await recentUploadCount(user.id)) >= env.uploadsPerUserPer10Min) {
    return json({ error: "上传过于频繁，请 10 分钟后再试" }, { status: 429 });
  }
  try {
    return json(await receiveUpload(request, user.id), { status: 201 });
  } catch (e) {
    if (e instanceof UploadRefused) return json({ error: e.message }, { status: e.status });
    throw e;
  }
}
