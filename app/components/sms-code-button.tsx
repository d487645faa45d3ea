// 获取验证码: posts the phone from the same form to /sms/send and counts down 60 s before a resend. When
// the server asks for a 图形验证码 (after a few codes from this client), a dialog shows the image from
// /captcha and sends the answer along with the phone; a wrong answer brings a new image. Plain HTML (a
// native <dialog>, base.css), so the signed-out pages that use it load no antd.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useCsrfToken } from "./csrf-input";
import { Notice } from "./notice";
import type { SmsPurpose } from "~/models/constants";

type SendResult = { ok?: boolean; message?: string; error?: string; retryAfter?: number; captchaRequired?: boolean };
type Challenge = { id: string; image: string };

export function SmsCodeButton({ purpose, phoneField = "phone", onResult }: { purpose: SmsPurpose; phoneField?: string; onResult?: (r: SendResult) => void }) {
  const fetcher = useFetcher<SendResult>();
  const captcha = useFetcher<Challenge>();
  const csrf = useCsrfToken();
  const [left, setLeft] = useState(0);
  const [asking, setAsking] = useState(false);
  const [answer, setAnswer] = useState("");
  const [captchaError, setCaptchaError] = useState<string>();
  const ref = useRef<HTMLSpanElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const sending = fetcher.state !== "idle";

  const newImage = () => {
    setAnswer("");
    captcha.load("/captcha");
  };

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const r = fetcher.data;
    if (r.captchaRequired) {
      // Asked for the first time, or a wrong/expired answer: a fresh image either way.
      setCaptchaError(asking ? r.error : undefined);
      setAsking(true);
      newImage();
      return;
    }
    setAsking(false);
    onResult?.(r);
    if (r.ok) setLeft(60);
    else if (r.retryAfter) setLeft(r.retryAfter);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (asking && !d.open) d.showModal();
    if (!asking && d.open) d.close();
  }, [asking]);

  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  const send = (extra: Record<string, string> = {}) => {
    const form = ref.current?.closest("form");
    const phone = (form?.elements.namedItem(phoneField) as HTMLInputElement | null)?.value ?? "";
    fetcher.submit({ phone, purpose, _csrf: csrf, ...extra }, { method: "post", action: "/sms/send" });
  };
  const confirm = () => {
    if (!answer.trim()) return setCaptchaError("请输入图形验证码");
    if (captcha.data?.id) send({ captchaId: captcha.data.id, captcha: answer.trim() });
  };

  return (
    <span ref={ref}>
      <button type="button" className="btn" onClick={() => send()} disabled={left > 0} aria-busy={sending && !asking ? true : undefined}>
        {left > 0 ? `${left} 秒后重新获取` : "获取验证码"}
      </button>
      {/* Esc closes a modal <dialog> itself; onClose keeps the state in step. The explicit role is for
          selectors that look for [role="dialog"], as they did with antd's Modal. */}
      <dialog ref={dialog} className="plain-dialog" role="dialog" aria-labelledby="captcha-title" onClose={() => setAsking(false)}>
        <h2 id="captcha-title">请输入图形验证码</h2>
        <div className="plain-dialog-body">
          <p>为防止短信被滥用，请输入下图中的字符后再获取短信验证码。</p>
          <div className="captcha-row">
            {captcha.data?.image ? <img src={captcha.data.image} alt="图形验证码" width={120} height={40} /> : <span className="captcha-placeholder" />}
            <button type="button" className="btn btn-link" onClick={newImage} aria-busy={captcha.state !== "idle" ? true : undefined}>换一张</button>
          </div>
          <input
            id="f-captcha" className="plain-input" value={answer} maxLength={6} autoComplete="off" placeholder="图中字符，不区分大小写"
            aria-label="图形验证码" aria-invalid={captchaError ? true : undefined}
            onChange={(e) => setAnswer(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault(); // the dialog sits inside the page's form: Enter must not submit it
              confirm();
            }}
          />
          {captchaError ? <Notice type="error" className="captcha-error">{captchaError}</Notice> : null}
        </div>
        <div className="plain-dialog-footer">
          <button type="button" className="btn" onClick={() => setAsking(false)}>取消</button>
          <button type="button" className="btn btn-primary" onClick={confirm} disabled={sending} aria-busy={sending ? true : undefined}>确定</button>
        </div>
      </dialog>
    </span>
  );
}
