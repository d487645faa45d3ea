// GET /uploads/<sha256> — an uploaded file, to its owner or to whoever may read a submission that uses it.
// Anything else is 404, so a file's existence is never revealed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { requireAuth } from "~/features/accounts/auth.server";
import { httpError } from "~/utils/http.server";
import { findServableUpload, openUpload } from "~/models/uploads.server";
import { contentDisposition } from "~/utils/content-disposition";
import { pageOnRefusal } from "~/utils/file-loader.server";

export const loader = pageOnRefusal(async ({ request, params }: LoaderFunctionArgs) => {
  const { user, ability } = await requireAuth(request);
  const row = await findServableUpload(String(params.sha ?? ""), user.id, ability);
  if (!row) throw httpError(404, "文件不存在或您无权查看");
  const download = new URL(request.url).searchParams.get("download") === "1";
  const headers: Record<string, string> = {
    "Content-Type": row.mime,
    "Content-Length": String(row.size),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store", // as every answer of the app (scripts/server.js sets it for all of them)
    "Content-Disposition": contentDisposition(download ? "attachment" : "inline", row.original_name),
  };
  // A PDF opened inline runs in the viewer's origin: a sandbox keeps any script in it away from ours.
  if (row.mime === "application/pdf") headers["Content-Security-Policy"] = "sandbox";
  return new Response(createReadableStreamFromReadable(openUpload(row.sha256)), { status: 200, headers });
});
