// 培训报名 (administrators): every expert's training enrolment with its payment status and deadline,
// filtered and paged in the URL; 延期 opens a new payment window (reason required, audited).
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
import { enrolmentAction, listEnrolments } from "~/features/training/admin.server";
import type { AdminAction } from "~/features/training/admin.server";
import { ENROLMENT_FILTERS } from "~/features/training/enrolment";
import { batchChoices } from "~/models/batches.server";
import { onExistingPage, parsePaging } from "~/utils/paging";
import { clientIp, field, httpError, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "培训报名 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Enrolment");
  const url = new URL(request.url);
  const paging = parsePaging(url);
  const text = (k: string, max: number) => (url.searchParams.get(k) ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
  const state = ENROLMENT_FILTERS.some((f) => f.value === text("status", 30)) ? text("status", 30) : undefined;
  const batchId = Number(text("batch", 12));
  const filters = { state, batchId: Number.isSafeInteger(batchId) && batchId > 0 ? batchId : undefined, keyword: text("q", 50) || undefined };
  const [{ paging: shown, ...list }, batches] = await Promise.all([
    onExistingPage(paging, (p) => listEnrolments(auth, { ...filters, offset: p.offset, limit: p.pageSize })),
    batchChoices(),
  ]);
  return json({ ...list, ...shown, filters, batches: batches.map((b) => ({ value: b.id, label: b.name })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Enrolment");
  const form = await readForm(request);
  if (field(form, "intent", 20) !== "transition") throw httpError(400, "未知的操作");
  const id = Number(field(form, "id", 12));
  const rowVersion = Number(field(form, "rowVersion", 12));
  if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(rowVersion)) throw httpError(400, "请求不完整，请刷新页面后重试");
  const r = await enrolmentAction(auth, id, { event: field(form, "event", 40), reason: field(form, "reason", 200), rowVersion }, clientIp(context));
  return json({ ok: r.ok, message: r.message }, { status: r.status });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Data["items"][number];
/** What an action does, said in its dialog (the workflow's title names it; this says the consequence). */
const ACTION_HINT: Record<string, string> = {
  extend: "自今日起重新计算缴费期限（按本批次设置的工作日数）。",
  "grant-attempt": "该专家的考试次数已用完；确定后增加一次考试机会，专家可在「测试」中重新考试。",
};
const STATE_COLOR: Record<string, string> = { "awaiting-payment": "orange", "payment-claimed": "blue", overdue: "red", paid: "green", studying: "green" };

export default function EnrolmentAdmin() {
  const { items, total, page, pageSize, filters, batches } = useLoaderData<typeof loader>();
  const act = useReasonedAction<{ row: Item; action: AdminAction }>();
  const target = act.target;
  const columns: TableColumnsType<Item> = [
    { title: "专家编号", dataIndex: "number", width: 130 },
    { title: "姓名", dataIndex: "name", width: 100 },
    { title: "批次", dataIndex: "batch", width: 130 },
    { title: "状态", dataIndex: "stateTitle", width: 110, render: (v: string, r) => <Tag color={STATE_COLOR[r.state]}>{v}</Tag> },
    { title: "应缴（元）", dataIndex: "due", width: 100 },
    { title: "缴费截止", dataIndex: "deadline", width: 190 },
    { title: "提交缴费", dataIndex: "claimedAt", width: 170 },
    { title: "凭证", key: "voucher", width: 70, render: (_v, r) => (r.voucher ? <a href={r.voucher} target="_blank" rel="noreferrer">查看</a> : "—") },
    {
      title: "操作", key: "action", width: 130,
      render: (_v, r) => r.actions.map((a) => (
        <Button key={a.event} size="small" autoInsertSpace={false} style={{ marginRight: 4 }} onClick={() => act.ask({ row: r, action: a })} aria-label={`${a.title}：${r.name}`}>{a.title}</Button>
      )),
    },
  ];
  return (
    <>
      <Typography.Title level={3} className="page-title">培训报名</Typography.Title>
      <ReasonedActionNotice action={act} />
      <FilteredList path="/admin/training" searchLabel="筛选培训报名" tableLabel="培训报名列表" total={total} page={page} pageSize={pageSize} filters={<>
        <FilterSelect name="status" label="状态" placeholder="全部状态" defaultValue={filters.state} options={ENROLMENT_FILTERS} width={140} />
        <FilterSelect name="batch" label="批次" placeholder="全部批次" defaultValue={filters.batchId} options={batches} width={180} />
        <Input name="q" aria-label="专家编号或姓名" placeholder="专家编号或姓名" defaultValue={filters.keyword ?? ""} maxLength={50} style={{ width: 200 }} />
      </>}>
        <Table<Item> rowKey="id" columns={columns} dataSource={items} pagination={false} locale={{ emptyText: "暂无培训报名" }} />
      </FilteredList>
      <ReasonDialog
        action={act}
        id="action-reason"
        title={target ? `${target.action.title}：${target.row.name}（${target.row.number}）` : ""}
        okText={target?.action.title ?? "确定"}
        hint={target ? ACTION_HINT[target.action.event] : undefined}
        reasonLabel={target?.action.reasonTitle ?? "原因"}
        maxLength={target?.action.maxLength ?? 200}
        onOk={({ row, action }, reason) => act.post.submit("transition", { id: String(row.id), event: action.event, rowVersion: String(row.rowVersion), reason })}
      />
    </>
  );
}
