// A POST to the current route through a fetcher, with the CSRF token, whose answer is handed to a
// callback exactly once per request together with the intent it was sent for.
import { useEffect, useRef } from "react";
import { useFetcher } from "@remix-run/react";
import { useCsrfToken } from "~/components/csrf-input";

export function usePost<Answer, Intent extends string = string>(onAnswer: (answer: Answer, intent: Intent) => void) {
  const csrf = useCsrfToken();
  const fetcher = useFetcher<Answer>();
  const sent = useRef<Intent | null>(null);
  const handler = useRef(onAnswer);
  handler.current = onAnswer;

  useEffect(() => {
    const answer = fetcher.data as Answer | undefined;
    if (fetcher.state !== "idle" || answer === undefined || !sent.current) return;
    const intent = sent.current;
    sent.current = null;
    handler.current(answer, intent);
  }, [fetcher.state, fetcher.data]);

  const busy = fetcher.state !== "idle";
  return {
    busy,
    /** The intent in flight, if any (which button shows the spinner). */
    pending: busy ? sent.current : null,
    /** Sends the fields; a list is sent as one repeated field (several `id`s). */
    submit(intent: Intent, fields: Record<string, string | string[]> = {}) {
      sent.current = intent;
      const body = new URLSearchParams({ _csrf: csrf, intent });
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      fetcher.submit(body, { method: "post" });
    },
  };
}
