// 收款二维码 on the batch editor: upload a PNG/JPEG through /uploads (checked there by content), then
// attach it to the batch; replace or remove it. Each change is saved (and audited) at once.
import { useState } from "react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Progress from "antd/es/progress/index.js";
import Space from "antd/es/space/index.js";
import { useFileUpload } from "~/components/use-file-upload";
import { usePost } from "~/components/use-post";

const ACCEPT = "image/png,image/jpeg";

/** Said wherever a batch asks for a 培训费用 but has no 收款二维码 (批次设置, 批次管理). */
export const QR_MISSING = "已设置培训费用，但尚未上传收款二维码：审核通过的专家将无法缴费";
type Answer = { ok: boolean; message: string };

export function PaymentQrEditor({ saved, url }: { saved: boolean; url: string | null }) {
  const [notice, setNotice] = useState<Answer | null>(null);
  const post = usePost<Answer>((a) => setNotice(a));
  const { input, progress, choose, pick } = useFileUpload(ACCEPT, {
    onStart: () => setNotice(null),
    onUploaded: (res) => post.submit("payment-qr", { ref: res.ref }),
    onError: (message) => setNotice({ ok: false, message }),
  });

  return (
    <Card title="收款二维码" id="payment-qr" style={{ marginTop: 16 }}>
      {!saved ? <p>保存批次后可上传收款二维码。</p> : (
        <>
          {notice ? <Alert type={notice.ok ? "success" : "error"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} style={{ marginBottom: 12 }} /> : null}
          {url ? <img src={url} alt="收款二维码" className="payment-qr" /> : <p className="muted">尚未上传。专家审核通过后，在申请页面的“缴费”中看到此二维码。</p>}
          {progress !== null ? <Progress percent={progress} size="small" aria-label="上传进度" /> : null}
          <input ref={input} id="payment-qr-file" type="file" accept={ACCEPT} hidden aria-label="选择收款二维码图片" onChange={(e) => choose(e.target.files?.[0])} />
          <Space style={{ marginTop: 12 }}>
            <Button onClick={pick} loading={progress !== null || post.pending === "payment-qr"}>{url ? "更换二维码" : "上传二维码"}</Button>
            {url ? <Button danger onClick={() => post.submit("remove-payment-qr")} loading={post.pending === "remove-payment-qr"}>删除二维码</Button> : null}
          </Space>
          <div className="help">PNG 或 JPEG 图片，不超过 10 MB。</div>
        </>
      )}
    </Card>
  );
}
