// 缴费: what an approved applicant pays, how (the batch's QR and instructions), by when, and that the
// 专家编号 is the payment reference (payments are matched by it).
import { Alert, Card } from "antd";
import type { PaymentInfo } from "~/models/payment-qr.server";

export function PaymentCard({ feeYuan, instructions, workingDays, qrUrl, expertNumber }: PaymentInfo) {
  return (
    <Card title="缴费" className="payment-card" style={{ marginBottom: 16 }}>
      <p>培训费用：<strong>{feeYuan} 元</strong>，请在审核通过后 {workingDays} 个工作日内缴纳。</p>
      {qrUrl ? <img src={qrUrl} alt="收款二维码" className="payment-qr" /> : <p className="muted">收款二维码尚未公布，请留意通知。</p>}
      {instructions ? <p className="payment-instructions">{instructions}</p> : null}
      <Alert type="info" showIcon title={`付款时请在备注（附言）中填写您的专家编号 ${expertNumber}，以便核对缴费。`} />
    </Card>
  );
}
