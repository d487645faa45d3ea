// 【下载图片】 /certificate/png and 【下载pdf】 /certificate/pdf: the expert's own certificate, drawn in the
// document worker pool; `?inline=1` shows the picture in the page (the preview) instead of saving it.
// /certificate/personal-info: the 个人信息表 (manual 五.1 【下载】), once the certificate exists.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAuth } from "~/features/accounts/auth.server";
import { myCertificateFile } from "~/features/certificates/pages.server";
import { personalInfoPdf } from "~/features/certificates/personal-info.server";
import { contentDisposition } from "~/utils/content-disposition";
import { httpError } from "~/utils/request.server";
import { pageOnRefusal } from "~/utils/file-loader.server";

export const loader = pageOnRefusal(async ({ request, params }: LoaderFunctionArgs) => {
  const auth = await requireAuth(request);
  if (params.file === "personal-info") {
    const info = await personalInfoPdf(auth);
    return new Response(Buffer.from(info.bytes), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": contentDisposition("attachment", info.filename), "Cache-Control": "private, no-store" },
    });
  }
  if (params.file !== "png" && params.file !== "pdf") throw httpError(404, "文件不存在");
  const url = new URL(request.url);
  const file = await myCertificateFile(auth, params.file, url.origin);
  const inline = url.searchParams.get("inline") === "1";
  return new Response(Buffer.from(file.bytes), {
    headers: { "Content-Type": file.type, "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.filename), "Cache-Control": "private, no-store" },
  });
});
