// 缴费对账 (issue 15): 导入账单 (the project's template or the bills WeChat Pay and Alipay let people
// download) → a preview where every line carries its class and original text → 提交, which settles the
// 已匹配 lines; the import history; and 手工确认缴费 with a reason. Administrators only; every action audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Descriptions from "antd/es/descriptions/index.js";
import Input from "antd/es/input/index.js";
import Progress from "antd/es/progress/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { ConfirmButton } from "~/components/confirm-button";
import { useEffect, useRef, useState } from "react";
import { CsrfInput, useCsrfToken } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import { usePost } from "~/components/use-post";
import { adminForm } from "~/features/accounts/admin-action.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { fenToYuan } from "~/features/reconciliation/amount";
import {
  BILL_CLASSES, BILL_FORMAT_LABEL, IMPORT_STATUS, IMPORT_STATUS_LABEL, LINE_OUTCOME_SETTLED, TEMPLATE_HEADER, type BillClass,
} from "~/features/reconciliation/constants";
import { commitImport, confirmManually, getImport, listImports, listLines } from "~/features/reconciliation/imports.server";
import { trainingPaymentPort } from "~/features/reconciliation/payment-port.server";
import { BILL_ACCEPT, uploadBill } from "~/features/reconciliation/upload-client";
import { env } from "~/utils/env.server";
import { formatTime } from "~/utils/format";
import { parsePaging } from "~/utils/paging";
import { field, httpError } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "缴费对账 - 评标专家管理系统" }];

const idParam = (v: string | null) => (v && /^\d{1,12}$/.test(v) ? Number(v) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Payment");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  if (url.searchParams.has("import")) {
    const id = idParam(url.searchParams.get("import"));
    const imp = id ? await getImport(id) : null;
    if (!id || !imp) throw httpError(404, "导入记录不存在");
    const clsParam = url.searchParams.get("class") ?? "";
    const cls = (BILL_CLASSES as readonly string[]).includes(clsParam) ? (clsParam as BillClass) : null;
    const lines = await listLines(id, cls, { offset: paging.offset, limit: paging.pageSize });
    return json({ view: "import" as const, imp, cls, lines: lines.rows, total: lines.total, ...paging });
  }
  const history = await listImports(paging);
  return json({ view: "home" as const, history: history.rows, total: history.total, maxMb: Math.floor(env.billMaxBytes / 1024 / 1024), ...history.paging });
}

type Answer = { ok: boolean; message: string; errors?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, intent, actor, ip } = await adminForm(request, context, "Payment");
  if (intent === "commit") {
    const id = idParam(field(form, "importId", 12));
    if (!id) throw httpError(404, "导入记录不存在");
    const r = await commitImport(id, actor, ip, trainingPaymentPort);
    if (!r.ok) return json<Answer>({ ok: false, message: r.message }, { status: r.status });
    const message = r.refused ? `已提交：${r.settled} 笔入账，${r.refused} 笔未入账（原因见“处理结果”）` : `已提交：${r.settled} 笔入账，已通知专家`;
    return json<Answer>({ ok: true, message });
  }
  if (intent === "manual") {
    const r = await confirmManually({
      expertNumber: field(form, "expertNumber", 60), amount: field(form, "amount", 40), txnId: field(form, "txnId", 80), reason: field(form, "reason", 400),
    }, actor, ip, trainingPaymentPort);
    return json<Answer>(r.ok ? { ok: true, message: r.message } : { ok: false, message: r.message, errors: r.errors }, { status: r.ok ? 200 : r.status });
  }
  throw httpError(400, "未知的操作");
}

const CLASS_COLOR: Record<BillClass, string> = { 已匹配: "green", 金额不符: "orange", 未知专家编号: "red", 重复: "purple", 退款: "blue", 已处理: "default" };

export default function Payments() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Typography.Title level={3} className="page-title">缴费对账</Typography.Title>
      {data.view === "import" ? <ImportView /> : <HomeView />}
    </>
  );
}

function HomeView() {
  const data = useLoaderData<typeof loader>();
  if (data.view !== "home") return null;
  return (
    <>
      <UploadCard maxMb={data.maxMb} />
      <Card title="导入记录" style={{ marginBottom: 16 }}>
        <TableRegion label="导入记录列表">
          <Table
            rowKey="id"
            dataSource={data.history}
            pagination={false}
            locale={{ emptyText: "还没有导入过账单" }}
            columns={[
              { title: "导入时间", dataIndex: "uploadedAt", width: 170, render: (v: number) => formatTime(v) },
              { title: "文件名", dataIndex: "fileName", render: (v: string, r) => <Link to={`/admin/payments?import=${r.id}`}>{v}</Link> },
              { title: "格式", dataIndex: "format", width: 170, render: (v: keyof typeof BILL_FORMAT_LABEL) => BILL_FORMAT_LABEL[v] ?? v },
              { title: "导入人", dataIndex: "uploadedBy", width: 100 },
              { title: "笔数", dataIndex: "lineCount", width: 70 },
              { title: "已匹配", key: "m", width: 80, render: (_v, r) => r.counts.已匹配 },
              { title: "状态", dataIndex: "status", width: 90, render: (v: keyof typeof IMPORT_STATUS_LABEL) => <Tag color={v === IMPORT_STATUS.committed ? "green" : "gold"}>{IMPORT_STATUS_LABEL[v]}</Tag> },
              { title: "提交", key: "c", width: 190, render: (_v, r) => (r.committedAt ? `${r.committedBy ?? ""} ${formatTime(r.committedAt)}` : "-") },
            ]}
          />
        </TableRegion>
        <UrlPagination total={data.total} page={data.page} pageSize={data.pageSize} />
      </Card>
      <ManualCard />
    </>
  );
}

function UploadCard({ maxMb }: { maxMb: number }) {
  const csrf = useCsrfToken();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = (file: File | undefined) => {
    if (input.current) input.current.value = "";
    if (!file) return;
    if (file.size > maxMb * 1024 * 1024) return setError(`文件不能超过 ${maxMb} MB，请按日期拆分后再导入`);
    setError(null);
    setProgress(0);
    uploadBill(file, csrf, setProgress)
      .then((id) => navigate(`/admin/payments?import=${id}`))
      .catch((e: Error) => setError(e.message))
      .finally(() => setProgress(null));
  };
  return (
    <Card title="导入账单" style={{ marginBottom: 16 }}>
      <p style={{ marginTop: 0 }}>
        上传收款账单，系统按付款备注中的专家编号匹配专家的培训缴费。导入后先预览每一笔的匹配结果，确认无误再点击【提交】入账；同一笔交易不会重复入账。
      </p>
      <ul className="muted" style={{ paddingLeft: 20 }}>
        <li>微信支付：商户平台下载的“交易账单”（CSV），或个人收款码导出的“微信支付账单明细”（CSV 或 XLSX）</li>
        <li>支付宝：商家中心下载的“业务明细”或“账务明细”（CSV，可直接上传，无需转换编码）</li>
        <li>本系统模板（CSV 或 XLSX），表头为：{TEMPLATE_HEADER.join("、")}；金额以元为单位，最多两位小数</li>
      </ul>
      {error ? <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} /> : null}
      {progress !== null ? <Progress percent={progress} size="small" aria-label="上传进度" /> : null}
      <input ref={input} id="bill-file" type="file" accept={BILL_ACCEPT} hidden aria-label="选择账单文件" onChange={(e) => choose(e.target.files?.[0])} />
      <Button type="primary" onClick={() => input.current?.click()} loading={progress !== null}>导入账单</Button>
      <span className="muted" style={{ marginLeft: 12 }}>CSV 或 XLSX，不超过 {maxMb} MB</span>
    </Card>
  );
}

function ManualCard() {
  const fetcher = useFetcher<Answer>();
  const shown = fetcher.state === "idle" ? fetcher.data : undefined;
  const e = shown?.errors ?? {};
  // A confirmed payment empties the form (a new key remounts the uncontrolled fields).
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setRound((n) => n + 1);
  }, [fetcher.state, fetcher.data]);
  return (
    <Card title="手工确认缴费" style={{ marginBottom: 16 }}>
      <p className="muted" style={{ marginTop: 0 }}>账单中无法匹配的缴费（如付款时未填写专家编号），核实后可在此确认。须填写原因，操作将记入审计日志。</p>
      {shown ? <Alert type={shown.ok ? "success" : "error"} showIcon role={shown.ok ? "status" : "alert"} title={shown.message} style={{ marginBottom: 12 }} /> : null}
      <fetcher.Form method="post" noValidate key={round} style={{ maxWidth: 520 }}>
        <CsrfInput />
        <input type="hidden" name="intent" value="manual" />
        <Field name="expertNumber" label="专家编号" required maxLength={40} error={e.expertNumber} placeholder="如 XJ20250001" />
        <Field name="amount" label="实缴金额（元）" required maxLength={20} inputMode="decimal" error={e.amount} placeholder="如 200.00" />
        <Field name="txnId" label="交易号" maxLength={64} error={e.txnId} help="选填。填写后，日后导入的账单中同一交易号的记录将显示为“已处理”" />
        <div className="field">
          <label htmlFor="f-reason"><span className="req" aria-hidden="true">*</span>原因</label>
          <Input.TextArea id="f-reason" name="reason" rows={3} maxLength={200} showCount status={e.reason ? "error" : undefined}
            aria-invalid={e.reason ? true : undefined} aria-required aria-describedby={e.reason ? "f-reason-err" : undefined} />
          {e.reason ? <div className="err" id="f-reason-err" role="alert">{e.reason}</div> : null}
        </div>
        <Button type="primary" htmlType="submit" loading={fetcher.state !== "idle"}>确认缴费</Button>
      </fetcher.Form>
    </Card>
  );
}

function ImportView() {
  const data = useLoaderData<typeof loader>();
  const [notice, setNotice] = useState<Answer | null>(null);
  const post = usePost<Answer>((a) => setNotice(a));
  if (data.view !== "import") return null;
  const { imp, cls } = data;
  const base = `/admin/payments?import=${imp.id}`;
  const committable = imp.status !== IMPORT_STATUS.committed;
  const matched = imp.counts.已匹配;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Link to="/admin/payments">← 返回缴费对账</Link>
      </Space>
      {notice ? <Alert type={notice.ok ? "success" : "error"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} style={{ marginBottom: 16 }} /> : null}
      {imp.importedBefore > 0 && committable ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`该文件此前已导入过 ${imp.importedBefore} 次：已入账的交易显示为“已处理”，不会重复入账。`} />
      ) : null}
      <Card title={imp.status === IMPORT_STATUS.committed ? "导入结果" : "导入预览"} style={{ marginBottom: 16 }}
        extra={committable ? (
          <ConfirmButton type="primary" loading={post.pending === "commit"} question="提交入账" description={`将为 ${matched} 笔“已匹配”的缴费入账并通知专家，确定提交？`} okText="提交"
            onConfirm={() => post.submit("commit", { importId: String(imp.id) })}>提交</ConfirmButton>
        ) : null}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} items={[
          { key: "f", label: "文件名", children: imp.fileName },
          { key: "t", label: "格式", children: BILL_FORMAT_LABEL[imp.format] ?? imp.format },
          { key: "s", label: "状态", children: <Tag color={imp.status === IMPORT_STATUS.committed ? "green" : "gold"}>{IMPORT_STATUS_LABEL[imp.status]}</Tag> },
          { key: "u", label: "导入", children: `${imp.uploadedBy} ${formatTime(imp.uploadedAt)}` },
          { key: "c", label: "提交", children: imp.committedAt ? `${imp.committedBy ?? ""} ${formatTime(imp.committedAt)}` : "-" },
          { key: "n", label: "笔数", children: `${imp.lineCount} 笔${imp.otherCount ? `（另有 ${imp.otherCount} 笔其他收支未列入）` : ""}` },
          ...(imp.status === IMPORT_STATUS.committed ? [{ key: "r", label: "入账", children: `${imp.settledCount} 笔入账${imp.refusedCount ? `，${imp.refusedCount} 笔未入账` : ""}` }] : []),
        ]} />
        <nav aria-label="按匹配结果筛选" className="class-filter" style={{ marginTop: 16, display: "flex", flexWrap: "wrap", gap: 8 }}>
          <Link to={base} aria-current={cls === null ? "true" : undefined}><Tag color={cls === null ? "processing" : undefined}>全部 {imp.lineCount}</Tag></Link>
          {BILL_CLASSES.map((c) => (
            <Link key={c} to={`${base}&class=${encodeURIComponent(c)}`} aria-current={cls === c ? "true" : undefined}>
              <Tag color={cls === c ? "processing" : CLASS_COLOR[c]}>{c} {imp.counts[c]}</Tag>
            </Link>
          ))}
        </nav>
      </Card>
      <Card>
        <TableRegion label="账单明细">
          <Table
            rowKey="id"
            dataSource={data.lines}
            pagination={false}
            locale={{ emptyText: "没有符合条件的记录" }}
            // The original text of every line, always shown, across the whole row beneath it.
            expandable={{
              expandedRowKeys: data.lines.map((l) => l.id),
              showExpandColumn: false,
              expandedRowRender: (r) => (
                <div style={{ fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                  <span className="muted">原始内容：</span><code>{r.raw}</code>
                </div>
              ),
            }}
            columns={[
              { title: "行号", dataIndex: "lineNo", width: 64 },
              { title: "匹配结果", dataIndex: "class", width: 112, render: (v: BillClass) => <Tag color={CLASS_COLOR[v]}>{v}</Tag> },
              { title: "专家编号", dataIndex: "reference", width: 120, render: (v: string | null) => v ?? "-" },
              { title: "金额（元）", dataIndex: "amountFen", width: 100, align: "right", render: (v: number, r) => `${r.kind === "refund" ? "-" : ""}${fenToYuan(v)}` },
              { title: "交易号", dataIndex: "txnId", width: 150, render: (v: string) => <span style={{ wordBreak: "break-all" }}>{v}</span> },
              { title: "交易时间", dataIndex: "paidAt", width: 110, render: (v: number) => formatTime(v) },
              { title: "说明", dataIndex: "note", render: (v: string) => v || "-" },
              { title: "处理结果", dataIndex: "outcome", width: 110, render: (v: string | null) => (v ? <Tag color={v === LINE_OUTCOME_SETTLED ? "green" : "red"}>{v}</Tag> : "-") },
            ]}
          />
        </TableRegion>
        <UrlPagination total={data.total} page={data.page} pageSize={data.pageSize} />
      </Card>
    </>
  );
}
