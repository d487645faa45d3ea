// 缴费 (manual 三): scan the batch's QR code, pay with the 专家编号 as the note, then 【完成】 (optionally
// with a voucher: a screenshot or PDF of the payment). The status follows: 已提交缴费 until the bill is
// reconciled, then 已缴费. After the window (N working days) 【完成】 is refused with the deadline. Without a
// 收款二维码 there is nothing to pay with: the page says so and offers no 【完成】. A paid 【完成】 asks first;
// one sent from an older page (another tab) is answered with where the payment stands now.
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Progress from "antd/es/progress/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { ConfirmButton } from "~/components/confirm-button";
import { useFileUpload } from "~/components/use-file-upload";
import { usePost } from "~/components/use-post";
import { requireAuth } from "~/features/accounts/auth.server";
import { VOUCHER_TYPES } from "~/features/training/enrolment";
import { claimPayment, ownEnrolment, paymentPage } from "~/features/training/my-training.server";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "缴费 - 评标专家管理系统" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return json(await paymentPage(auth, await ownEnrolment(auth, params.id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const form = await readForm(request);
  if (field(form, "intent", 20) !== "claim") throw httpError(400, "未知的操作");
  const inst = await ownEnrolment(auth, params.id);
  const rowVersion = Number(field(form, "rowVersion", 12));
  if (!Number.isSafeInteger(rowVersion)) throw httpError(400, "请求不完整，请刷新页面后重试");
  const r = await claimPayment(auth, inst, { voucher: field(form, "voucher", 80), rowVersion }, clientIp(context));
  return json({ ok: r.ok, message: r.message, current: !!r.current }, { status: r.status });
}

/** The answer to 【完成】; `current`: the enrolment was already past 待缴费 and the message says where it is now. */
type Answer = { ok: boolean; message: string; current?: boolean };
const ACCEPT = VOUCHER_TYPES.join(",");
const STATE_COLOR: Record<string, string> = { "awaiting-payment": "orange", "payment-claimed": "blue", overdue: "red", paid: "green", studying: "green" };

export default function PayRoute() {
  const p = useLoaderData<typeof loader>();
  const [voucher, setVoucher] = useState<{ ref: string; name: string } | null>(null);
  const [notice, setNotice] = useState<Answer | null>(null);
  const post = usePost<Answer>((a) => setNotice(a));
  const free = p.dueFen === 0;
  const claim = () => post.submit("claim", { rowVersion: String(p.rowVersion), voucher: voucher?.ref ?? "" });
  const { input, progress, choose, pick } = useFileUpload(ACCEPT, {
    onStart: () => setNotice(null),
    onUploaded: (res) => setVoucher({ ref: res.ref, name: res.name }),
    onError: (message) => setNotice({ ok: false, message }),
  });

  return (
    <>
      <Typography.Title level={3} className="page-title">缴费</Typography.Title>
      <Card title={`${p.batchName} 岗前培训${p.kind === "retake" ? "（补学）" : ""}`} className="payment-card">
        {notice ? (
          <Alert type={notice.ok ? "success" : notice.current ? "info" : "error"} showIcon role={notice.ok || notice.current ? "status" : "alert"} title={notice.message} style={{ marginBottom: 12 }} />
        ) : null}
        <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label="缴费状态"><Tag color={STATE_COLOR[p.state]}>{p.stateTitle}</Tag></Descriptions.Item>
          <Descriptions.Item label="应缴金额"><strong>{p.due} 元</strong></Descriptions.Item>
          <Descriptions.Item label="专家编号（付款备注）"><strong className="expert-number">{p.expertNumber}</strong></Descriptions.Item>
          {p.state === "awaiting-payment" || p.state === "overdue" ? (
            <Descriptions.Item label="缴费截止">{p.deadline}{p.provisional ? "（暂定：该年度节假日安排尚未公布）" : ""}</Descriptions.Item>
          ) : null}
          {p.claimedAt ? <Descriptions.Item label="提交时间">{p.claimedAt}{p.hasVoucher ? "（已上传凭证）" : ""}</Descriptions.Item> : null}
          {p.paidAt ? <Descriptions.Item label="缴费时间">{p.paidAt}</Descriptions.Item> : null}
        </Descriptions>
        {p.state === "overdue" ? <Alert type="warning" showIcon title="缴费期限已过，请联系主管部门申请延期。" style={{ marginBottom: 12 }} /> : null}
        {p.noQr ? <Alert type="warning" showIcon className="payment-no-qr" title={p.noQr} style={{ marginBottom: 12 }} /> : null}
        {p.canClaim && !free ? (
          <>
            {p.qrUrl ? <img src={p.qrUrl} alt="收款二维码" className="payment-qr" /> : null}
            {p.instructions ? <p className="payment-instructions">{p.instructions}</p> : null}
            <Alert type="info" showIcon title={`付款时请在备注（附言）中填写您的专家编号 ${p.expertNumber}，付款后点击【完成】。`} style={{ margin: "12px 0" }} />
            <input ref={input} id="voucher-file" type="file" accept={ACCEPT} hidden aria-label="选择缴费凭证" onChange={(e) => choose(e.target.files?.[0])} />
            {progress !== null ? <Progress percent={progress} size="small" aria-label="上传进度" /> : null}
            <p>
              缴费凭证（选填）：{voucher ? <span className="voucher-name">{voucher.name}</span> : <span className="muted">未上传</span>}
              <Button size="small" style={{ marginLeft: 8 }} onClick={pick} loading={progress !== null}>{voucher ? "重新上传" : "上传凭证"}</Button>
            </p>
          </>
        ) : null}
        {p.canClaim && free ? <p>本次培训无需缴费，点击【完成】即可开始学习。</p> : null}
        <Space>
          {p.canClaim && free ? <Button type="primary" loading={post.busy} onClick={claim}>完成</Button> : null}
          {/* Claiming a payment is asked first: it tells the office to look for the money. */}
          {p.canClaim && !free ? (
            <ConfirmButton type="primary" loading={post.busy} disabled={progress !== null} question="确认已通过扫码完成缴费？" okText="确认提交" onConfirm={claim}
              description={`提交后将等待对账确认。请确认付款备注中已填写专家编号 ${p.expertNumber}。`}>完成</ConfirmButton>
          ) : null}
          <Link to="/training">返回我的培训</Link>
        </Space>
      </Card>
    </>
  );
}
