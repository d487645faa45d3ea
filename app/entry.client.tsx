// Hydrates the server-rendered document, then marks the moment it became interactive: a `hydrated`
// performance mark (bench/weight.ts reads it for time to interactive) and <html data-hydrated="1">.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";

/** Its effect runs after every effect below it, i.e. once the whole document is hydrated. */
function MarkHydrated({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    if (document.documentElement.dataset.hydrated) return; // StrictMode runs effects twice in development
    document.documentElement.dataset.hydrated = "1";
    performance.mark("hydrated");
  }, []);
  return children;
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <MarkHydrated>
        <RemixBrowser />
      </MarkHydrated>
    </StrictMode>,
  );
});
