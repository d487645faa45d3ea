// 获取验证码: posts the phone from the same form to /sms/send and counts down 60 s before a resend.
import { useFetcher } from "@remix-run/react";
import { Button } from "antd";
import { useEffect, useRef, useState } from "react";
import { useCsrfToken } from "./csrf-input";
import type { SmsPurpose } from "~/models/constants";

type SendResult = { ok?: boolean; message?: string; error?: string; retryAfter?: number };

export function SmsCodeButton({ purpose, phoneField = "phone", onResult }: { purpose: SmsPurpose; phoneField?: string; onResult?: (r: SendResult) => void }) {
  const fetcher = useFetcher<SendResult>();
  const csrf = useCsrfToken();
  const [left, setLeft] = useState(0);
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    onResult?.(fetcher.data);
    if (fetcher.data.ok) setLeft(60);
    else if (fetcher.data.retryAfter) setLeft(fetcher.data.retryAfter);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  const send = () => {
    const form = ref.current?.closest("form");
    const phone = (form?.elements.namedItem(phoneField) as HTMLInputElement | null)?.value ?? "";
    fetcher.submit({ phone, purpose, _csrf: csrf }, { method: "post", action: "/sms/send" });
  };

  return (
    <span ref={ref}>
      <Button onClick={send} disabled={left > 0} loading={fetcher.state !== "idle"} htmlType="button">
        {left > 0 ? `${left} 秒后重新获取` : "获取验证码"}
      </Button>
    </span>
  );
}
