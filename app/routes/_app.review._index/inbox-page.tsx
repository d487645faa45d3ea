// 审核 inbox: per-state tabs with counts, filters (类型, 批次, 地州, 申请人/专家编号), the task table in
// the manual's columns (plus the selected workflow's own attributes) and paging, and the bulk actions
// the definitions offer on a tab (批量通过 on 审核中 for 入库申请). Every filter, the tab and the page
// live in the URL, so a list is linkable and the back button works.
import { useState } from "react";
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useLocation, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Select from "antd/es/select/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { ConfirmButton } from "~/components/confirm-button";
import type { TableColumnsType } from "antd";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import { usePost } from "~/components/use-post";
import type { BulkAnswer, InboxData as ServerData } from "./inbox.server";

export type InboxData = SerializeFrom<ServerData>;
type Item = InboxData["items"][number];
type Bulk = InboxData["tabs"][number]["bulk"][number];

/** A state's tag colour, by what the state is: a review task, final, or back with the applicant. */
const KIND_COLOR: Record<Item["kind"], string | undefined> = { task: "blue", final: "green", editable: "red", other: undefined };

type Result = { ok: boolean; partial: boolean; message: string; failed: { id: number; name: string; message: string }[] } | null;

export function InboxPage({ items, total, page, pageSize, filters, tabs, attributeColumns, options }: InboxData) {
  const [params] = useSearchParams();
  // The answer of a task page that came back here because its task left this reviewer (e.g. 自治区复审 通过).
  const handled = (useLocation().state as { notice?: string } | null)?.notice;
  const navigation = useNavigation();
  const [selected, setSelected] = useState<number[]>([]);
  const [result, setResult] = useState<Result>(null);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const post = usePost<BulkAnswer, "bulk">((answer) => {
    const failed = (answer.failed ?? []).map((f) => ({ ...f, name: names.get(f.id) ?? `#${f.id}` }));
    setResult({ ok: answer.ok, partial: !!answer.done && failed.length > 0, message: answer.message, failed });
    setSelected([]);
  });

  const status = filters.state ?? "";
  const tab = tabs.find((t) => t.key === status);
  const bulk = tab?.bulk ?? [];
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/review";

  const tabHref = (key: string) => {
    const next = new URLSearchParams(params);
    next.set("status", key);
    next.delete("page");
    return `/review?${next}`;
  };
  const runBulk = (action: Bulk) => {
    setResult(null);
    setNames(new Map(items.filter((i) => selected.includes(i.id)).map((i) => [i.id, i.applicant || `#${i.id}`])));
    post.submit("bulk", { event: action.event, id: selected.map(String) });
  };

  const columns: TableColumnsType<Item> = [
    { title: "序号", dataIndex: "seq", width: 64 },
    { title: "申请人", dataIndex: "applicant", width: 110, render: (v: string) => v || "—" },
    { title: "类型", dataIndex: "type", width: 130 },
    { title: "批次", dataIndex: "batch", width: 130, render: (v: string) => v || "—" },
    { title: "地州", dataIndex: "region", width: 110, render: (v: string) => v || "—" },
    { title: "专业", dataIndex: "specialty", ellipsis: true, render: (v: string) => v || "—" },
    // The selected workflow's own list attributes (e.g. 工作单位), in the order it declares them.
    // A workflow's own columns may hold a sentence (a change request's 原内容 → 变更后): wrapped, not cut.
    ...attributeColumns.map((c) => ({ title: c.title, key: `attr-${c.key}`, width: 240, render: (_v: unknown, r: Item) => r.attributes[c.key] || "—" })),
    { title: "提交时间", dataIndex: "submittedAt", width: 170 },
    { title: "状态", dataIndex: "stateTitle", width: 96, render: (v: string, r) => <Tag color={KIND_COLOR[r.kind]}>{v}</Tag> },
    {
      title: "操作",
      key: "action",
      width: 80,
      render: (_v, r) => (
        <Link to={`/review/${r.id}`} state={{ inbox: params.toString() ? `?${params}` : "" }} aria-label={`${r.open ? "审核" : "查看"}${r.applicant}的申请`}>
          {/* Tasks still to be handled open as 审核; decided ones as 查看. */}
          {r.open ? "审核" : "查看"}
        </Link>
      ),
    },
  ];

  const list = (
    <>
      {bulk.length ? (
        <div className="inbox-bulk">
          {bulk.map((action) => (
            <ConfirmButton
              key={action.event}
              type="primary"
              question={`确认${action.verb}选中的 ${selected.length} 条申请？`}
              description={action.confirm}
              okText="确定"
              onConfirm={() => runBulk(action)}
              disabled={!selected.length || post.busy}
              loading={post.busy}
            >
              {action.title}
            </ConfirmButton>
          ))}
          <span className="muted" aria-live="polite">{selected.length ? `已选择 ${selected.length} 条` : `勾选申请后可${bulk.map((b) => b.title).join("或")}`}</span>
        </div>
      ) : null}
      <TableRegion label="审核列表" stickyLastColumn>
        <Table<Item>
          rowKey="id"
          size="middle"
          dataSource={items}
          columns={columns}
          pagination={false}
          loading={loading}
          locale={{ emptyText: tab ? `暂无${tab.title}的申请` : "暂无数据" }}
          rowSelection={
            bulk.length
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(Number)),
                  // Only tasks this reviewer handles can be taken in bulk (not one they forwarded elsewhere).
                  getCheckboxProps: (r) => ({ "aria-label": `选择${r.applicant || `申请 ${r.id}`}`, disabled: !r.open }),
                  getTitleCheckboxProps: () => ({ "aria-label": "全选本页" }),
                }
              : undefined
          }
        />
      </TableRegion>
      <UrlPagination total={total} page={page} pageSize={pageSize} />
    </>
  );

  return (
    <div className="inbox">
      <Typography.Title level={3} className="page-title">审核</Typography.Title>
      <Card>
        {handled ? <Alert className="inbox-result" type="success" showIcon role="status" title={handled} /> : null}
        <InboxFilters key={JSON.stringify(filters)} filters={filters} options={options} pageSize={pageSize} />
        {result ? (
          <Alert
            className="inbox-result"
            type={result.ok ? "success" : result.partial ? "warning" : "error"}
            showIcon
            role={result.ok ? "status" : "alert"}
            title={result.message}
            description={
              result.failed.length ? (
                <ul className="inbox-failed">
                  {result.failed.map((f) => (
                    <li key={f.id}>{`${f.name}：${f.message}`}</li>
                  ))}
                </ul>
              ) : undefined
            }
            closable={{ "aria-label": "关闭提示" }}
            onClose={() => setResult(null)}
          />
        ) : null}
        {/* The states are links, not ARIA tabs: each is a URL of its own (linkable, back button). */}
        <nav className="inbox-tabs" aria-label="审核状态">
          <ul>
            {tabs.map((t) => (
              <li key={t.key}>
                <Link to={tabHref(t.key)} aria-current={t.key === status ? "page" : undefined} onClick={() => (setSelected([]), setResult(null))}>
                  {`${t.title}（${t.count}）`}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {list}
      </Card>
    </div>
  );
}

/** The filter bar; remounted (key) whenever the URL's filters change, so it always shows them. */
function InboxFilters({ filters, options, pageSize }: Pick<InboxData, "filters" | "options" | "pageSize">) {
  const navigate = useNavigate();
  // antd's Selects keep no native value: hidden inputs carry them into the GET form.
  const [type, setType] = useState(filters.workflow ?? "");
  const [batch, setBatch] = useState(filters.batchId ? String(filters.batchId) : "");
  const [region, setRegion] = useState(filters.region ?? "");
  return (
    <Form
      method="get"
      className="inbox-filters"
      role="search"
      aria-label="筛选"
      onSubmit={(e) => {
        // Same GET as without script, minus the empty fields: a short, readable link.
        e.preventDefault();
        const query = new URLSearchParams();
        for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string" && v.trim()) query.set(k, v.trim());
        // Another 类型 has tabs of its own: start on its first one.
        if ((query.get("type") ?? "") !== (filters.workflow ?? "")) query.delete("status");
        navigate(`/review?${query}`);
      }}
    >
      <input type="hidden" name="status" value={filters.state ?? ""} />
      <input type="hidden" name="size" value={pageSize} />
      <div className="inbox-filter">
        <label htmlFor="q-type">类型</label>
        <Select id="q-type" value={type} onChange={setType} options={[{ value: "", label: "全部" }, ...options.types]} />
        <input type="hidden" name="type" value={type} />
      </div>
      <div className="inbox-filter">
        <label htmlFor="q-batch">批次</label>
        <Select id="q-batch" value={batch} onChange={setBatch} options={[{ value: "", label: "全部" }, ...options.batches.map((b) => ({ value: String(b.value), label: b.label }))]} />
        <input type="hidden" name="batch" value={batch} />
      </div>
      <div className="inbox-filter">
        <label htmlFor="q-region">地州</label>
        <Select id="q-region" value={region} onChange={setRegion} showSearch={{ optionFilterProp: "label" }} options={[{ value: "", label: "全部" }, ...options.regions]} />
        <input type="hidden" name="region" value={region} />
      </div>
      <div className="inbox-filter inbox-filter-text">
        <label htmlFor="q-keyword">关键字</label>
        <Input id="q-keyword" name="q" defaultValue={filters.keyword ?? ""} placeholder="申请人姓名或专家编号" maxLength={50} allowClear />
      </div>
      <div className="inbox-filter-buttons">
        <Button type="primary" htmlType="submit">查询</Button>
        <Button onClick={() => navigate(filters.state ? `/review?status=${filters.state}` : "/review")}>重置</Button>
      </div>
    </Form>
  );
}
