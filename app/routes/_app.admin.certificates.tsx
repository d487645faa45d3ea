// 证书管理 (administrators): every certificate issued, searchable by 证书编号 / 姓名 / 专家编号 and state,
// paged in SQL (CASL rules as SQL); 撤销 with a reason (audited), effective at once on the verify page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Input from "antd/es/input/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import type { TableColumnsType } from "antd";
import { FilteredList, FilterSelect } from "~/components/filtered-list";
import { ReasonDialog, ReasonedActionNotice, useReasonedAction } from "~/components/reason-dialog";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { CERTIFICATE_STATUS_LABEL, MAX_REASON } from "~/features/certificates/certificate";
import type { CertificateStatus } from "~/features/certificates/certificate";
import { listCertificates, revokeCertificate } from "~/features/certificates/store.server";
import { onExistingPage, parsePaging } from "~/utils/paging";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "证书管理 - 评标专家管理系统" }];

const STATUSES = Object.entries(CERTIFICATE_STATUS_LABEL).map(([value, label]) => ({ value, label }));

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Certificate");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const text = (k: string, max: number) => (url.searchParams.get(k) ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
  const status = STATUSES.some((s) => s.value === text("status", 20)) ? (text("status", 20) as CertificateStatus) : undefined;
  const filters = { q: text("q", 50) || undefined, status };
  const { paging: shown, ...list } = await onExistingPage(paging, (p) => listCertificates(auth, { ...filters, offset: p.offset, limit: p.pageSize }));
  return json({ ...list, ...shown, filters });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Certificate");
  const form = await readForm(request);
  if (field(form, "intent", 20) !== "revoke") throw httpError(400, "未知的操作");
  const id = Number(field(form, "id", 12));
  if (!Number.isSafeInteger(id) || id <= 0) throw httpError(404, "证书不存在");
  const r = await revokeCertificate(auth, id, String(form.get("reason") ?? "").slice(0, 1000), clientIp(context));
  return json({ ok: r.ok, message: r.message }, { status: r.status });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Data["items"][number];
const STATUS_COLOR: Record<string, string> = { valid: "green", expired: "orange", revoked: "red" };

export default function CertificateAdmin() {
  const { items, total, page, pageSize, filters } = useLoaderData<typeof loader>();
  const revoke = useReasonedAction<Item>();
  const columns: TableColumnsType<Item> = [
    { title: "证书编号", dataIndex: "number", width: 140 },
    { title: "姓名", dataIndex: "name", width: 100 },
    { title: "专家编号", dataIndex: "expertNumber", width: 130 },
    { title: "专业", dataIndex: "specialties", width: 200, ellipsis: true },
    { title: "发证日期", dataIndex: "issuedOn", width: 110 },
    { title: "有效期至", dataIndex: "validUntil", width: 110 },
    {
      title: "状态", dataIndex: "statusLabel", width: 200,
      render: (v: string, r) => (
        <>
          <Tag color={STATUS_COLOR[r.status]}>{v}</Tag>
          {r.revokedAt ? <span className="muted">{r.revokedAt} {r.revokeReason}</span> : null}
        </>
      ),
    },
    {
      title: "操作", key: "action", width: 80,
      render: (_v, r) => (r.status !== "revoked" ? <Button size="small" danger autoInsertSpace={false} onClick={() => revoke.ask(r)} aria-label={`撤销：${r.number}`}>撤销</Button> : null),
    },
  ];
  return (
    <>
      <Typography.Title level={3} className="page-title">证书管理</Typography.Title>
      <ReasonedActionNotice action={revoke} />
      <FilteredList path="/admin/certificates" searchLabel="筛选证书" tableLabel="证书列表" total={total} page={page} pageSize={pageSize} filters={<>
        <FilterSelect name="status" label="证书状态" placeholder="全部状态" defaultValue={filters.status} options={STATUSES} width={140} />
        <Input name="q" aria-label="证书编号、姓名或专家编号" placeholder="证书编号、姓名或专家编号" defaultValue={filters.q ?? ""} maxLength={50} style={{ width: 240 }} />
      </>}>
        <Table<Item> rowKey="id" columns={columns} dataSource={items} pagination={false} locale={{ emptyText: "暂无证书" }} />
      </FilteredList>
      <ReasonDialog
        action={revoke}
        id="revoke-reason"
        title={revoke.target ? `撤销证书：${revoke.target.number}（${revoke.target.name}）` : ""}
        okText="撤销"
        danger
        hint="撤销后立即生效：扫描该证书二维码将显示“已撤销”及撤销原因。"
        reasonLabel="撤销原因"
        maxLength={MAX_REASON}
        onOk={(row, reason) => revoke.post.submit("revoke", { id: String(row.id), reason })}
      />
    </>
  );
}
