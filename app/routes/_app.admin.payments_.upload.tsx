// POST /admin/payments/upload — 导入账单: one bill file (multipart `file`, header X-CSRF-Token), read
// and classified into a preview (nothing is settled). 201 { importId } or 4xx { error }. The body
// streams (server/app.ts), like POST /uploads.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { previewBill } from "~/features/reconciliation/imports.server";
import { fileSource } from "~/features/reconciliation/parse/source.server";
import { trainingPaymentPort } from "~/features/reconciliation/payment-port.server";
import { BillUploadRefused, receiveBill } from "~/features/reconciliation/receive.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { clientIp, httpError } from "~/utils/request.server";

export const loader = () => {
  throw httpError(405, "请求方式不正确");
};

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw httpError(405, "请求方式不正确");
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Payment");
  await verifyCsrf(request, request.headers.get("x-csrf-token") ?? "");
  let bill;
  try {
    bill = await receiveBill(request);
  } catch (e) {
    if (e instanceof BillUploadRefused) return json({ error: e.message }, { status: e.status });
    throw e;
  }
  try {
    const r = await previewBill(
      { source: fileSource(bill.temp.path), fileName: bill.name, sha256: bill.sha256, size: bill.size },
      { id: user.id, role: user.role, name: user.name }, clientIp(context), trainingPaymentPort,
    );
    return r.ok ? json({ importId: r.importId }, { status: 201 }) : json({ error: r.message }, { status: r.status });
  } finally {
    await bill.temp.discard();
  }
}
