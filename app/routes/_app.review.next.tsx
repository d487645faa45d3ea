// 下一条 (the task page's link): the next open task of the list the reviewer came from, found on the server
// and answered with a redirect, so it is one ordinary navigation (and works without JavaScript). It used
// to be a fetcher in the page reading the inbox and then navigating, which now and then stayed "loading"
// when clicked just as the task page appeared, and the click did nothing.
// Query: `after` (the task being read: skipped), `from` (the inbox's own query, "?status=…&page=2", or
// empty for the default list). The list is the inbox's (the reviewer's permissions scope it), the same
// page of it. Answers 302 to /review/<next>?from=… or, with nothing else open, back to the task with
// `none=1` (the page then says 列表中没有其他待办).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { inboxPage, inboxQuery } from "./_app.review._index/inbox.server";
import { inboxFrom, taskUrl } from "./_app.review.$id/inbox-link";

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "read", "Inbox");
  const url = new URL(request.url);
  const after = Number(url.searchParams.get("after"));
  const from = inboxFrom(url.searchParams.get("from"));
  const list = await inboxPage(auth, inboxQuery(new URL(`/review${from ?? ""}`, url)));
  const next = list.items.find((i) => i.open && i.id !== after);
  if (next) return redirect(taskUrl(next.id, from));
  if (!Number.isSafeInteger(after) || after <= 0) return redirect(`/review${from ?? ""}`);
  return redirect(taskUrl(after, from, { none: true }));
}
