// Pathless layout for every signed-in page: authenticates, then draws the shell around the page, with
// antd (its provider and stylesheets live here, not in the root, so the signed-out pages stay light).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AntdProvider, antdLinks } from "~/components/antd-provider";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { requireAuth } from "~/features/accounts/auth.server";
import { unreadCount } from "~/models/notifications.server";

export const links = antdLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  // The header's 消息 badge; revalidated after every action, so reading a message updates it.
  return json({ user: { id: user.id, name: user.name, role: user.role }, unread: await unreadCount(user.id) });
}

export default function AppLayout() {
  const { user, unread } = useLoaderData<typeof loader>();
  return (
    <AntdProvider>
      <AppShell user={user} unread={unread}>
        <Outlet />
      </AppShell>
    </AntdProvider>
  );
}

/**
 * A page's error (e.g. a 404 from its loader after a client-side navigation) is drawn here, inside
 * the shell. Left to the root's boundary, React would mount a new <html> and antd's style injection
 * finds no <head> in between, which loops.
 */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  return data ? (
    <AntdProvider>
      <AppShell user={data.user} unread={data.unread}>
        <ErrorPage />
      </AppShell>
    </AntdProvider>
  ) : (
    <main className="app-content">
      <ErrorPage />
    </main>
  );
}
