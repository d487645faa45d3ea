// 专家库 (reviewers and administrators): the experts in the pool that the user may read — all of them for
// an administrator, those now in a reviewer's regions — searchable by 专家编号 / 姓名 / 工作单位, filtered by
// 评标地州 and 状态, paged in SQL; each record opens its 变更历史 (and its state as of a date).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import Input from "antd/es/input/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import type { TableColumnsType } from "antd";
import { FilteredList, FilterSelect } from "~/components/filtered-list";
import { requireAuth } from "~/features/accounts/auth.server";
import { listPoolRecords } from "~/features/pool/list.server";
import { listRegions } from "~/models/catalogs.server";
import { EXPERT_STATUS_LABEL, type ExpertStatus } from "~/models/pool.server";
import { onExistingPage, parsePaging } from "~/utils/paging";
import { queryParam } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "专家库 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const url = new URL(request.url);
  const paging = parsePaging(url);
  // Built here: the labels live in a server module, which the browser bundle leaves empty.
  const statuses = Object.entries(EXPERT_STATUS_LABEL).map(([value, label]) => ({ value, label }));
  const status = statuses.some((s) => s.value === queryParam(url, "status", 20)) ? (queryParam(url, "status", 20) as ExpertStatus) : undefined;
  const filters = { q: queryParam(url, "q", 50) || undefined, region: queryParam(url, "region", 50) || undefined, status };
  const { paging: shown, ...list } = await onExistingPage(paging, (p) => listPoolRecords(auth, { ...filters, offset: p.offset, limit: p.pageSize }));
  const regions = (await listRegions()).map((r) => ({ value: r.name, label: r.name }));
  return json({ ...list, ...shown, filters, regions, statuses });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Data["items"][number];
const STATUS_COLOR: Record<string, string> = { active: "green", suspended: "orange", removed: "default" };

export default function PoolList() {
  const { items, total, page, pageSize, filters, regions, statuses } = useLoaderData<typeof loader>();
  const columns: TableColumnsType<Item> = [
    { title: "专家编号", dataIndex: "number", width: 130 },
    { title: "姓名", dataIndex: "name", width: 100 },
    { title: "评标地州", dataIndex: "region", width: 150 },
    { title: "工作单位", dataIndex: "workUnit", width: 220, ellipsis: true },
    { title: "主专业", dataIndex: "mainSpecialty", width: 140, ellipsis: true },
    { title: "入库日期", dataIndex: "admittedAt", width: 110 },
    { title: "状态", dataIndex: "statusLabel", width: 80, render: (v: string, r) => <Tag color={STATUS_COLOR[r.status]}>{v}</Tag> },
    { title: "操作", key: "action", width: 90, render: (_v, r) => <Link to={`/pool/${r.id}/history`} aria-label={`变更历史：${r.name}（${r.number}）`}>变更历史</Link> },
  ];
  return (
    <>
      <Typography.Title level={3} className="page-title">专家库</Typography.Title>
      <FilteredList path="/pool" searchLabel="筛选专家" tableLabel="专家列表" total={total} page={page} pageSize={pageSize} filters={<>
        <FilterSelect name="region" label="评标地州" placeholder="全部地州" defaultValue={filters.region} options={regions} width={170} />
        <FilterSelect name="status" label="状态" placeholder="全部状态" defaultValue={filters.status} options={statuses} width={120} />
        <Input name="q" aria-label="专家编号、姓名或工作单位" placeholder="专家编号、姓名或工作单位" defaultValue={filters.q ?? ""} maxLength={50} style={{ width: 240 }} />
      </>}>
        <Table<Item> rowKey="id" columns={columns} dataSource={items} pagination={false} locale={{ emptyText: "暂无专家" }} />
      </FilteredList>
    </>
  );
}
