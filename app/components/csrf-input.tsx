// The hidden CSRF field every state-changing form carries (checked by readForm on the server).
import { useRouteLoaderData } from "@remix-run/react";

export function useCsrfToken(): string {
  return (useRouteLoaderData("root") as { csrf?: string } | undefined)?.csrf ?? "";
}

export function CsrfInput() {
  return <input type="hidden" name="_csrf" value={useCsrfToken()} />;
}
