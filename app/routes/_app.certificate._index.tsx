// 【专家证书】 (manual 四): 待生成 with what is still missing (缴费 / 学习 / 考试) until training and exam
// are passed; then the certificate's preview, its state, 【下载图片】 and 【下载pdf】 (one layout, see
// features/certificates/render.server.ts) and the link its QR code opens.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import CheckCircleFilled from "@ant-design/icons/es/icons/CheckCircleFilled";
import ClockCircleOutlined from "@ant-design/icons/es/icons/ClockCircleOutlined";
import { requireAuth } from "~/features/accounts/auth.server";
import { chineseDate } from "~/features/certificates/certificate";
import { myCertificatePage } from "~/features/certificates/pages.server";

export const meta: MetaFunction = () => [{ title: "专家证书 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  return json(await myCertificatePage(auth, new URL(request.url).origin));
}

const STATUS_COLOR: Record<string, string> = { valid: "green", expired: "orange", revoked: "red" };

export default function CertificateRoute() {
  const p = useLoaderData<typeof loader>();
  if (!p.issued) {
    return (
      <>
        <Typography.Title level={3} className="page-title">专家证书</Typography.Title>
        <Card className="certificate-pending">
          <Typography.Title level={4} style={{ marginTop: 0 }}><ClockCircleOutlined /> 证书状态：<Tag color="default" className="certificate-status">待生成</Tag></Typography.Title>
          <p className="expert-number">专家编号：<strong>{p.expertNumber ?? "尚未入库"}</strong></p>
          <p>完成岗前培训缴费、全部课程学习并考试合格后，系统自动生成专家证书。</p>
          <ul className="certificate-requirements" aria-label="生成证书尚需完成">
            {p.requirements.map((r) => (
              <li key={r.label} data-done={r.done ? "1" : "0"}>
                {r.done ? <CheckCircleFilled style={{ color: "#389e0d" }} /> : <ClockCircleOutlined style={{ color: "#8c8c8c" }} />}
                <strong style={{ margin: "0 8px" }}>{r.label}</strong>
                <span className={r.done ? "" : "muted"}>{r.note}</span>
              </li>
            ))}
          </ul>
          {p.pendingNote ? <Alert type="info" showIcon title={p.pendingNote} /> : null}
          <p style={{ marginTop: 12 }}><Link to="/training">进入我的培训</Link></p>
        </Card>
      </>
    );
  }
  const v = p.view;
  return (
    <>
      <Typography.Title level={3} className="page-title">专家证书</Typography.Title>
      {p.status === "revoked" ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={`该证书已于 ${p.revokedOn} 撤销：${p.revokeReason ?? ""}`} /> : null}
      {p.status === "expired" ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`该证书已于 ${chineseDate(v.validUntil)} 到期。续聘请在新批次中以入库类型“续聘”提交申请。`} /> : null}
      <Card className="certificate-card">
        <Space wrap style={{ marginBottom: 16 }}>
          {/* A revoked certificate is not downloaded again (the server refuses it too). */}
          {p.status !== "revoked" ? <Button type="primary" href="/certificate/png" download aria-label="下载图片">下载图片</Button> : null}
          {p.status !== "revoked" ? <Button href="/certificate/pdf" download aria-label="下载pdf">下载pdf</Button> : null}
          <Button href="/certificate/personal-info" download aria-label="下载个人信息表">下载个人信息表</Button>
        </Space>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered style={{ marginBottom: 16 }} styles={{ label: { whiteSpace: "nowrap" } }}>
          <Descriptions.Item label="证书状态"><Tag color={STATUS_COLOR[p.status]} className="certificate-status">{p.statusLabel}</Tag></Descriptions.Item>
          <Descriptions.Item label="证书编号"><span className="certificate-number">{v.number}</span></Descriptions.Item>
          <Descriptions.Item label="姓名">{v.name}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{v.maskedIdCard}</Descriptions.Item>
          <Descriptions.Item label="专家编号">{v.expertNumber}</Descriptions.Item>
          <Descriptions.Item label="专业"><span className="certificate-specialties">{v.specialties.join("、")}</span></Descriptions.Item>
          <Descriptions.Item label="发证单位">{v.issuer}</Descriptions.Item>
          <Descriptions.Item label="发证日期"><span className="certificate-issued-on">{chineseDate(v.issuedOn)}</span></Descriptions.Item>
          <Descriptions.Item label="有效期至"><span className="certificate-valid-until">{chineseDate(v.validUntil)}</span></Descriptions.Item>
          <Descriptions.Item label="核验链接"><a href={v.verifyUrl} target="_blank" rel="noreferrer">打开证书核验页</a></Descriptions.Item>
        </Descriptions>
        {p.status === "revoked" ? null : <img className="certificate-preview" src="/certificate/png?inline=1" alt={`专家证书预览：${v.number}`} width={842} height={595} style={{ maxWidth: "100%", height: "auto", border: "1px solid #f0f0f0" }} />}
      </Card>
    </>
  );
}
