// 【下载承诺书】/【下载申请表】: the PDF for the application's current data. The applicant's download is
// recorded, so the signed scan uploaded next is tied to this exact data.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { printDocument } from "~/features/admission/documents.server";
import { recordDownload } from "~/models/applications.server";
import { requireInstance } from "~/features/admission/access.server";
import { contentDisposition } from "~/utils/content-disposition";
import { httpError } from "~/utils/request.server";
import { documentSteps } from "~/engine/workflows/step-types";
import { WorkerLimitError } from "~/engine/documents/render-pool.server";
import { pageOnRefusal } from "~/utils/file-loader.server";

export const loader = pageOnRefusal(async ({ request, params }: LoaderFunctionArgs) => {
  const { auth, app } = await requireInstance(request, params.id, "read");
  if (!documentSteps(app.def).some((s) => s.document === params.doc)) throw httpError(404, "文书不存在");
  // A render stopped at its time or memory limit is the server declining the work: 503, not 500.
  const printed = await printDocument(app, params.doc!).catch((e) => {
    if (e instanceof WorkerLimitError) throw httpError(503, `文书生成失败：${e.message}，请稍后重试；若一再出现，请检查所上传的图片或联系管理员`);
    throw e;
  });
  if (!printed) throw httpError(404, "文书不存在");
  if (auth.user.id === app.instance.ownerId) await recordDownload(app.instance.id, params.doc!, printed.hash);
  return new Response(Buffer.from(printed.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition("attachment", printed.filename),
      "Cache-Control": "private, no-store",
    },
  });
});
