// 我的培训's page: the 专家编号 (where the manual's screenshot marks it), each enrolment's payment status,
// the 课程名称 search (查询 / 重置) and the ten-column list whose 操作 is the one step that applies now
// (缴费, 学习 or 考试); on a phone each course is a card instead of a row.
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigate, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import List from "antd/es/list/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import type { TableColumnsType } from "antd";
import SearchOutlined from "@ant-design/icons/es/icons/SearchOutlined";
import ReloadOutlined from "@ant-design/icons/es/icons/ReloadOutlined";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import { STEP_PATH } from "~/features/training/enrolment";
import type { myTrainingPage } from "~/features/training/my-training.server";

type Data = SerializeFrom<Awaited<ReturnType<typeof myTrainingPage>>>;
type Row = Data["rows"][number];

/** 操作's short words for a row's one step (paying: by the payment's stage). */
const PAY_WORD: Record<Row["payment"], string> = { due: "缴费", claimed: "查看缴费", free: "去确认" };
const STEP_WORD = { study: "学习", exam: "考试", result: "考试" } as const;

/** The one thing a row's enrolment asks now, as a link named with the course (several rows share a step). */
function StepLink({ r }: { r: Row }) {
  if (!r.step) return null;
  const word = r.step === "pay" ? PAY_WORD[r.payment] : STEP_WORD[r.step];
  return <Link to={`/training/${r.enrolmentId}${STEP_PATH[r.step]}`} aria-label={`${word}：${r.course}`}>{word}</Link>;
}

/** A header that never wraps or clips (the widths below leave it room at 1366 px). */
const nowrap = () => ({ style: { whiteSpace: "nowrap" as const } });

/** Tag colours by the enrolment's state (training.yaml). */
const STATE_COLOR: Record<string, string> = { "awaiting-payment": "orange", "payment-claimed": "blue", overdue: "red", paid: "green", studying: "green" };

export function MyTrainingPage({ expertNumber, enrolments, rows, total, page, pageSize, q }: Data) {
  const navigation = useNavigation();
  const navigate = useNavigate();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/training";
  const emptyText = q ? "没有符合条件的课程" : "暂无培训课程";
  // Widths that fit a 1366 px screen beside the side menu: the times take their 16 characters, 课程名称 the rest.
  const plain: TableColumnsType<Row> = [
    { title: "序号", dataIndex: "seq", width: 56 },
    { title: "课程名称", dataIndex: "course", ellipsis: true },
    { title: "学习开始时间", dataIndex: "studyStart", width: 148 },
    { title: "学习结束时间", dataIndex: "studyEnd", width: 148 },
    { title: "学习进度", dataIndex: "progress", width: 88 },
    { title: "批阅状态", dataIndex: "reviewStatus", width: 96, render: (v: string) => <span className={`review-status review-status-${v}`}>● {v}</span> },
    { title: "是否补学", dataIndex: "retake", width: 88 },
    { title: "培训完毕", dataIndex: "finished", width: 88 },
    { title: "批阅时间", dataIndex: "reviewedAt", width: 148 },
    { title: "操作", key: "action", width: 96, render: (_v, r) => <StepLink r={r} /> },
  ];
  const columns = plain.map((c) => ({ ...c, onHeaderCell: nowrap }));
  return (
    <>
      <Typography.Title level={3} className="page-title">我的培训</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <p className="expert-number">专家编号：<strong>{expertNumber ?? "尚未入库"}</strong></p>
        {enrolments.length === 0 ? <p className="muted">暂无培训。入库申请审核通过后，本批次的岗前培训会出现在这里。</p> : null}
        {enrolments.map((e) => (
          <p key={e.id} className="enrolment-status">
            {e.batchName} 岗前培训：<Tag color={STATE_COLOR[e.state]}>{e.stateTitle}</Tag>
            {e.state === "awaiting-payment" || e.state === "overdue" ? (
              e.free
                ? <>本次培训无需缴费，请于 {e.deadline}{e.provisional ? "（暂定）" : ""} 前确认　<Link to={`/training/${e.id}/pay`}>去确认</Link></>
                : <>应缴 {e.due}，缴费截止 {e.deadline}{e.provisional ? "（暂定）" : ""}　<Link to={`/training/${e.id}/pay`}>去缴费</Link></>
            ) : null}
          </p>
        ))}
        {enrolments.some((e) => e.provisional) ? (
          <Alert type="info" showIcon title="标注“暂定”的日期所在年度的节假日安排尚未公布，按周一至周五计算，公布后以实际安排为准。" />
        ) : null}
      </Card>
      <Card>
        <Form method="get" className="list-filters" role="search" aria-label="按课程名称查询">
          <Space wrap>
            <label htmlFor="course-q">课程名称</label>
            <Input id="course-q" name="q" defaultValue={q} placeholder="请输入课程名称" allowClear maxLength={50} style={{ width: 220 }} />
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
            <Button icon={<ReloadOutlined />} onClick={() => navigate("/training")}>重置</Button>
          </Space>
        </Form>
        {/* The ten columns on a wider screen; on a phone (app.css) each course is a card of its own instead. */}
        <div className="my-training-table">
          <TableRegion label="培训课程列表" stickyLastColumn>
            <Table<Row>
              rowKey="key"
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={false}
              loading={loading}
              locale={{ emptyText }}
            />
          </TableRegion>
        </div>
        <List<Row>
          className="my-training-cards"
          aria-label="培训课程"
          dataSource={rows}
          loading={loading}
          locale={{ emptyText }}
          renderItem={(r) => (
            <List.Item key={r.key} actions={r.step ? [<StepLink key="step" r={r} />] : undefined}>
              <div className="my-training-card">
                <div className="my-training-card-title">{r.seq}. {r.course}</div>
                <dl>
                  <dt>学习时间</dt><dd>{r.studyStart === "-" ? "尚未开始" : `${r.studyStart} 至 ${r.studyEnd}`}</dd>
                  <dt>学习进度</dt><dd>{r.progress}（培训完毕：{r.finished}）</dd>
                  <dt>批阅状态</dt><dd><span className={`review-status review-status-${r.reviewStatus}`}>● {r.reviewStatus}</span>{r.reviewedAt !== "-" ? `（${r.reviewedAt}）` : ""}</dd>
                  <dt>是否补学</dt><dd>{r.retake}</dd>
                </dl>
              </div>
            </List.Item>
          )}
        />
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
