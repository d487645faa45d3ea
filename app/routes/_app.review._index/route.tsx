// 审核: one inbox for every workflow's review tasks the reviewer may see, with filters, per-state tabs,
// paging in the manual's style, and the bulk actions the definitions offer (批量通过). The page and its
// server side sit beside this file.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";
import { InboxPage } from "./inbox-page";
import { bulkTransition, inboxPage, inboxQuery, MAX_BULK, offeredBulkAction, type BulkAnswer } from "./inbox.server";

export const meta: MetaFunction = () => [{ title: "审核 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "read", "Inbox");
  return json(await inboxPage(auth, inboxQuery(new URL(request.url))));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "read", "Inbox");
  const form = await readForm(request);
  const intent = field(form, "intent", 20);
  // `bulk-approve` is the earlier spelling of intent=bulk&event=approve (links and scripts keep working).
  const event = intent === "bulk-approve" ? "approve" : intent === "bulk" ? field(form, "event", 40) : null;
  if (event === null) throw httpError(400, "未知的操作");
  const action = /^[a-z][a-z0-9-]*$/.test(event) ? await offeredBulkAction(auth, event) : undefined;
  if (!action) return json<BulkAnswer>({ ok: false, message: "没有这项批量操作" }, { status: 400 });
  const ids = [...new Set(form.getAll("id").map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0))];
  if (ids.length === 0) return json<BulkAnswer>({ ok: false, message: `请先勾选要${action.verb}的申请` }, { status: 400 });
  if (ids.length > MAX_BULK) return json<BulkAnswer>({ ok: false, message: `一次最多${action.verb}${MAX_BULK}条` }, { status: 400 });
  const r = await bulkTransition(auth, action, ids, clientIp(context));
  return json<BulkAnswer>(r.body, { status: r.status });
}

export default function InboxRoute() {
  return <InboxPage {...useLoaderData<typeof loader>()} />;
}
