// The expert roster as a file: ?format=xlsx|csv; &full=1 exports full ID numbers, which is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_ACTION } from "~/models/constants";
import { audit } from "~/models/audit.server";
import { formCatalogs, specialtyNames } from "~/models/catalogs.server";
import { roster, rosterCsv, rosterXlsx } from "~/models/reports.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { now } from "~/utils/clock.server";
import { contentDisposition } from "~/utils/content-disposition";
import { todayInShanghai } from "~/engine/forms/formats";
import { clientIp, httpError } from "~/utils/request.server";
import { pageOnRefusal } from "~/utils/file-loader.server";

export const loader = pageOnRefusal(async ({ request, context }: LoaderFunctionArgs) => {
  const { user, ability } = await requireAuth(request);
  requireAbility(ability, "read", "Report");
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "xlsx" && format !== "csv") throw httpError(400, "导出格式只能是 xlsx 或 csv");
  const full = url.searchParams.get("full") === "1";
  const rows = await roster({ fullIdCards: full, specialtyNames: specialtyNames((await formCatalogs()).specialties) });
  await audit({ actor: { id: user.id, name: user.name }, action: AUDIT_ACTION.rosterExport, target: { type: "Roster", id: format }, ip: clientIp(context), detail: { rows: rows.length, fullIdCards: full } });
  const name = `专家名册-${todayInShanghai(now())}.${format}`;
  const body = format === "xlsx" ? await rosterXlsx(rows) : Buffer.from(rosterCsv(rows), "utf8");
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition("attachment", name),
      "Cache-Control": "private, no-store",
    },
  });
});
