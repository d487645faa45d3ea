// 节假日日历: the working-day calendar's regional layer (放假 / 补班 days an administrator keeps, e.g.
// Xinjiang's 肉孜节 and 古尔邦节) by year — list, add, delete, every write audited — beside the national
// arrangement of that year (read-only, from chinese-days; a year without it is 暂定).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Radio from "antd/es/radio/index.js";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";
import { TableRegion } from "~/components/table-region";
import { adminForm } from "~/features/accounts/admin-action.server";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { addRegionalDay, calendarYear, deleteRegionalDay, parseYear } from "~/features/calendar/calendar-admin.server";
import type { RegionalDayView } from "~/features/calendar/calendar-admin.server";
import { dayNumber, weekdayLabel } from "~/features/calendar/dates";
import { NAME_MAX, REGION_ALL, SOURCE_MAX } from "~/features/calendar/day-rules";
import { formatTime } from "~/utils/format";
import { cleanText, field, httpError } from "~/utils/request.server";
import { CappedTextArea } from "~/components/form/capped-input";

export const meta: MetaFunction = () => [{ title: "节假日日历 - 评标专家管理系统" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireAuth(request);
  requireAbility(ability, "manage", "Catalog");
  const year = parseYear(new URL(request.url).searchParams.get("year"));
  if (year === null) throw httpError(400, "年份应为2000至2100之间的四位数字");
  return json(await calendarYear(year));
}

type Values = { date: string; kind: string; region: string; name: string; source: string };
type ActionData = { intent: string; ok: boolean; message?: string; errors?: Record<string, string>; values?: Values };

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, intent, actor, ip } = await adminForm(request, context, "Catalog");
  if (intent === "add") {
    // Read past the limits (the model says how long is too long); a typed line break is a space.
    const values: Values = {
      date: field(form, "date", 40), kind: field(form, "kind", 10), region: field(form, "region", 60), name: field(form, "name", 1000),
      source: cleanText(String(form.get("source") ?? "").replace(/\s*[\r\n]+\s*/g, " "), 5000),
    };
    const r = await addRegionalDay(actor, values, ip);
    return json<ActionData>({ intent, ...r, ...(r.ok ? {} : { values }) }, { status: r.ok ? 200 : r.status });
  }
  if (intent === "delete") {
    const raw = field(form, "id", 20);
    const r = await deleteRegionalDay(actor, /^\d{1,15}$/.test(raw) ? Number(raw) : 0, ip);
    return json<ActionData>({ intent, ...r }, { status: r.ok ? 200 : r.status });
  }
  throw httpError(400, "未知的操作");
}

const md = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const withWeekday = (date: string) => `${md(date)}（${weekdayLabel(date)}）`;

/** 1月28日至2月4日（8天）、… : consecutive dates as ranges. */
function ranges(dates: string[]): string {
  const out: string[][] = [];
  for (const d of dates) {
    const last = out.at(-1);
    const prev = last?.at(-1);
    if (last && prev && dayNumber(d)! - dayNumber(prev)! === 1) last.push(d);
    else out.push([d]);
  }
  return out.map((r) => (r.length === 1 ? md(r[0]) : `${md(r[0])}至${md(r.at(-1)!)}（${r.length}天）`)).join("、");
}

function DeleteButton({ row }: { row: RegionalDayView }) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="id" value={row.id} />
      <Button size="small" type="link" danger htmlType="submit" autoInsertSpace={false} aria-label={`删除 ${row.regionLabel} ${row.date} ${row.name}`}>删除</Button>
    </Form>
  );
}

export default function CalendarPage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state !== "idle";
  const [year, setYear] = useState(String(data.year));
  const failedAdd = answer?.intent === "add" && !answer.ok ? answer : undefined;
  const v = failedAdd?.values;
  const e = failedAdd?.errors ?? {};
  const [region, setRegion] = useState(v?.region ?? REGION_ALL);
  const [from, to] = data.dataYears;
  return (
    <>
      <Typography.Title level={3} className="page-title">节假日日历</Typography.Title>
      <Typography.Paragraph type="secondary">
        工作日按以下规则计算：周六、周日和国家法定节假日休息，调休上班日（补班）上班；本页“地方节假日”中登记的放假或补班日优先于全国安排，
        适用于所选地区的专家（“全疆”适用于所有地州）。缴费期限等“N个工作日”从起算日的次日开始计算。
      </Typography.Paragraph>
      <Form method="get" style={{ marginBottom: 16 }}>
        <Space wrap>
          <label htmlFor="q-year">年份</label>
          <Select id="q-year" value={year} onChange={setYear} style={{ width: 160 }} aria-label="年份"
            options={data.years.map((y) => ({ value: String(y), label: y >= from && y <= to ? `${y}年` : `${y}年（暂定）` }))} />
          <input type="hidden" name="year" value={year} />
          <Button type="primary" htmlType="submit">查询</Button>
        </Space>
      </Form>

      <Card title={`地方节假日（${data.year}年）`} style={{ marginBottom: 16 }}>
        {/* Each outcome shows where the administrator acted: 删除 above the list, 添加 above its form. */}
        {answer?.intent === "delete" ? (
          answer.ok ? <Alert type="success" showIcon role="status" title={answer.message} style={{ marginBottom: 16 }} />
          : <Alert type="error" showIcon role="alert" title={Object.values(answer.errors ?? {})[0]} style={{ marginBottom: 16 }} />
        ) : null}
        <TableRegion label="地方节假日列表">
          <Table
            rowKey="id"
            style={{ minWidth: 940 }}
            dataSource={data.regional}
            pagination={false}
            locale={{ emptyText: `${data.year}年暂无地方节假日` }}
            columns={[
              { title: "日期", dataIndex: "date", width: 110, render: (d: string, r) => <span style={{ whiteSpace: "nowrap" }}>{d}<br /><span className="muted">{r.weekday}</span></span> },
              { title: "适用地区", dataIndex: "regionLabel", width: 100 },
              { title: "类型", dataIndex: "kindLabel", width: 64, render: (l: string, r) => <Tag color={r.kind === "off" ? "red" : "blue"}>{l}</Tag> },
              { title: "名称", dataIndex: "name", width: 96 },
              { title: "全国安排", dataIndex: "national", width: 130,
                render: (n: string, r) => <>{n}<br />{r.changesNational ? <Tag color="orange">与全国不同</Tag> : <span className="muted">与全国相同</span>}</> },
              { title: "依据", dataIndex: "source", render: (s: string) => <Typography.Paragraph style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2, expandable: true, symbol: "展开" }}>{s}</Typography.Paragraph> },
              { title: "录入", key: "by", width: 140, render: (_v, r) => <>{r.createdBy}<br /><span className="muted">{formatTime(r.createdAt)}</span></> },
              { title: "操作", key: "op", width: 64, render: (_v, r) => <DeleteButton row={r} /> },
            ]}
          />
        </TableRegion>
        <Typography.Title level={5} style={{ marginTop: 24 }}>添加地方节假日</Typography.Title>
        {failedAdd ? <Alert type="error" showIcon role="alert" title="未添加，请按提示修改" style={{ marginBottom: 16 }} /> : null}
        {answer?.intent === "add" && answer.ok ? <Alert type="success" showIcon role="status" title={answer.message} style={{ marginBottom: 16 }} /> : null}
        <Form method="post" noValidate key={answer?.ok && answer.intent === "add" ? answer.message : "add"} style={{ maxWidth: 640 }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <Field name="date" id="cal-date" label="日期" required type="date" defaultValue={v?.date} error={e.date} help="每天一条；连续几天请逐日添加" />
          {/* A fieldset (the radios' group name is its legend); .field gives the star and error their look. */}
          <fieldset className="field" style={{ border: 0, padding: 0, minWidth: 0 }}>
            <legend style={{ fontSize: 14, marginBottom: 6 }}><span className="req" aria-hidden="true">*</span>类型</legend>
            <Radio.Group name="kind" defaultValue={v?.kind || "off"}
              options={[{ value: "off", label: "放假" }, { value: "work", label: "补班（调休上班）" }]} />
            {e.kind ? <div className="err" role="alert">{e.kind}</div> : null}
          </fieldset>
          <div className="field">
            <label htmlFor="cal-region"><span className="req" aria-hidden="true">*</span>适用地区</label>
            <Select id="cal-region" value={region} onChange={setRegion} style={{ width: "100%" }} aria-label="适用地区" showSearch={{ optionFilterProp: "label" }}
              status={e.region ? "error" : undefined} options={data.regionOptions} />
            <input type="hidden" name="region" value={region} />
            {e.region ? <div className="err" role="alert">{e.region}</div> : null}
          </div>
          <Field name="name" id="cal-name" label="名称" required max={NAME_MAX} defaultValue={v?.name} error={e.name} placeholder="如 古尔邦节" />
          <div className="field">
            <label htmlFor="cal-source"><span className="req" aria-hidden="true">*</span>依据</label>
            <CappedTextArea id="cal-source" name="source" rows={3} max={SOURCE_MAX} defaultValue={v?.source}
              placeholder="发文机关、通知标题或文号，以及通知中的相应条文"
              status={e.source ? "error" : undefined} aria-invalid={e.source ? true : undefined} aria-describedby={e.source ? "cal-source-err" : undefined} />
            {e.source ? <div className="err" id="cal-source-err" role="alert">{e.source}</div> : null}
          </div>
          <Button type="primary" htmlType="submit" loading={busy}>添加</Button>
        </Form>
      </Card>

      <Card title={`全国节假日（${data.year}年）`}>
        {data.published ? (
          <TableRegion label="全国节假日列表">
            <Table
              rowKey="name"
              dataSource={data.national}
              pagination={false}
              columns={[
                { title: "节日", dataIndex: "name", width: 140 },
                { title: "放假", dataIndex: "off", render: (d: string[]) => ranges(d) },
                { title: "调休上班（补班）", dataIndex: "work", render: (d: string[]) => (d.length ? d.map(withWeekday).join("、") : "—") },
              ]}
            />
          </TableRegion>
        ) : (
          <Alert type="warning" showIcon title={`${data.year}年为暂定`}
            description={`所用的全国节假日数据（chinese-days）目前只收录 ${from}年至${to}年国务院公布的放假安排，${data.year}年的安排尚未收录。` +
              `该年的日期暂按周一至周五上班、周六周日休息计算（地方节假日仍然适用），据此算出的期限显示为“暂定”；数据包随系统升级更新后，即按正式安排计算。`} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          全国安排来自节假日数据包 chinese-days（据国务院办公厅每年发布的部分节假日安排通知），只读；地方另有规定的，请在上方“地方节假日”中登记。
        </Typography.Paragraph>
      </Card>
    </>
  );
}
