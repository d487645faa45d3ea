// Pathless layout for every signed-in page: authenticates, then draws the shell around the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { requireAuth } from "~/features/accounts/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request);
  return json({ user: { id: user.id, name: user.name, role: user.role } });
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
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
    <AppShell user={data.user}>
      <ErrorPage />
    </AppShell>
  ) : (
    <main className="app-content">
      <ErrorPage />
    </main>
  );
}
