// 缴费 on an approved application: what is due and by when, and the way to the enrolment's 缴费 page
// (the QR code, the 专家编号 as payment reference and 【完成】 live there, under 我的培训).
import { Link } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Card from "antd/es/card/index.js";
import type { PaymentInfo } from "~/models/payment-qr.server";

export function PaymentCard({ due, free, workingDays, expertNumber, enrolmentId }: PaymentInfo) {
  return (
    <Card title="缴费" className="payment-card" style={{ marginBottom: 16 }}>
      <p>
        审核已通过，您的专家编号为 <strong>{expertNumber}</strong>。
        {free ? <>本次培训无需缴费，请在审核通过后 {workingDays} 个工作日内进入缴费页确认。</> : <>培训费用：<strong>{due} 元</strong>，请在审核通过后 {workingDays} 个工作日内缴纳。</>}
      </p>
      {enrolmentId ? (
        <p><Link to={`/training/${enrolmentId}/pay`} className="payment-link">{free ? "去确认" : "去缴费"}</Link></p>
      ) : (
        <Alert type="info" showIcon title="请按主管部门的通知缴纳培训费用。" />
      )}
      <p style={{ marginTop: 12 }}><Link to="/training">进入我的培训</Link></p>
    </Card>
  );
}
