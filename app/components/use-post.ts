// A POST to the current route through a fetcher, with the CSRF token, whose answer is handed to a
// callback exactly once per request together with the intent it was sent for. An intent may instead go
// to a plain endpoint (app/utils/plain-endpoint.server.ts); its answer is handed on the same way, and the
// page's data is then reloaded as after a route action, unless the intent is in `opts.noReload` (its
// answer carries what the page needs, e.g. 开始考试's paper).
import { useEffect, useRef, useState } from "react";
import { useFetcher, useRevalidator } from "@remix-run/react";
import { useCsrfToken } from "~/components/csrf-input";

const NETWORK_FAILED = "网络异常，保存未完成，请检查网络后重试";

export function usePost<Answer, Intent extends string = string>(onAnswer: (answer: Answer, intent: Intent) => void, plain: Partial<Record<Intent, string>> = {}, opts: { noReload?: readonly Intent[] } = {}) {
  const csrf = useCsrfToken();
  const fetcher = useFetcher<Answer>();
  const revalidator = useRevalidator();
  const [plainBusy, setPlainBusy] = useState(false);
  const sent = useRef<Intent | null>(null);
  // Set at once by submit, cleared when its answer is handed on (before the callback, which may post
  // again). `busy` below comes from state the router updates in a transition, so a double click's second
  // click still sees it false: this ref refuses that second post (it would carry the same rowVersion and
  // come back 409 although the first was recorded).
  const inFlight = useRef(false);
  const handler = useRef(onAnswer);
  handler.current = onAnswer;

  useEffect(() => {
    const answer = fetcher.data as Answer | undefined;
    if (fetcher.state !== "idle" || answer === undefined || !sent.current) return;
    const intent = sent.current;
    sent.current = null;
    inFlight.current = false;
    handler.current(answer, intent);
  }, [fetcher.state, fetcher.data]);

  const send = async (intent: Intent, url: string, body: URLSearchParams) => {
    setPlainBusy(true);
    let answer: Answer;
    try {
      const res = await fetch(url, { method: "POST", body, credentials: "same-origin" });
      const data = (await res.json().catch(() => ({}))) as { error?: string; ok?: boolean };
      // A refusal (401, 403, 404…) carries { error }; answers of the endpoint itself carry { ok }.
      answer = (typeof data.ok === "boolean" ? data : { ok: false, message: data.error ?? NETWORK_FAILED }) as Answer;
      if (res.ok && !opts.noReload?.includes(intent)) revalidator.revalidate();
    } catch {
      answer = { ok: false, message: NETWORK_FAILED } as Answer;
    }
    sent.current = null;
    inFlight.current = false;
    setPlainBusy(false);
    handler.current(answer, intent);
  };

  const busy = fetcher.state !== "idle" || plainBusy;
  return {
    busy,
    /** The intent in flight, if any (which button shows the spinner). */
    pending: busy ? sent.current : null,
    /** Sends the fields; a list is sent as one repeated field (several `id`s). */
    submit(intent: Intent, fields: Record<string, string | string[]> = {}) {
      if (inFlight.current) return;
      inFlight.current = true;
      sent.current = intent;
      const body = new URLSearchParams({ _csrf: csrf, intent });
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      const url = plain[intent];
      if (url) void send(intent, url, body);
      else fetcher.submit(body, { method: "post" });
    },
  };
}
