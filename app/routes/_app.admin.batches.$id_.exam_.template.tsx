// GET /admin/batches/:id/exam/template — the question bank's XLSX template (administrators only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAuth } from "~/features/accounts/auth.server";
import { examBatch } from "~/features/exam/admin.server";
import { questionTemplate } from "~/features/exam/bank.server";
import { httpError } from "~/utils/request.server";
import { pageOnRefusal } from "~/utils/file-loader.server";

export const loader = pageOnRefusal(async ({ request, params }: LoaderFunctionArgs) => {
  await examBatch(await requireAuth(request), params.id);
  return new Response(new Uint8Array(await questionTemplate()), {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="exam-questions.xlsx"; filename*=UTF-8''${encodeURIComponent("题库导入模板.xlsx")}`,
      "cache-control": "no-store",
    },
  });
});

export const action = () => {
  throw httpError(405, "请求方式不正确");
};
