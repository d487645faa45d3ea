// 我的培训's page: the 专家编号 (where the manual's screenshot marks it), each enrolment's payment status,
// the 课程名称 search (查询 / 重置) and the ten-column list with 学习 and 缴费.
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigate, useNavigation } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Card from "antd/es/card/index.js";
import Input from "antd/es/input/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import type { TableColumnsType } from "antd";
import SearchOutlined from "@ant-design/icons/es/icons/SearchOutlined";
import ReloadOutlined from "@ant-design/icons/es/icons/ReloadOutlined";
import { TableRegion } from "~/components/table-region";
import { UrlPagination } from "~/components/url-pagination";
import type { myTrainingPage } from "~/features/training/my-training.server";

type Data = SerializeFrom<Awaited<ReturnType<typeof myTrainingPage>>>;
type Row = Data["rows"][number];

/** Tag colours by the enrolment's state (training.yaml). */
const STATE_COLOR: Record<string, string> = { "awaiting-payment": "orange", "payment-claimed": "blue", overdue: "red", paid: "green", studying: "green" };

export function MyTrainingPage({ expertNumber, enrolments, rows, total, page, pageSize, q }: Data) {
  const navigation = useNavigation();
  const navigate = useNavigate();
  const columns: TableColumnsType<Row> = [
    { title: "序号", dataIndex: "seq", width: 64 },
    { title: "课程名称", dataIndex: "course", width: 220, ellipsis: true },
    { title: "学习开始时间", dataIndex: "studyStart", width: 165 },
    { title: "学习结束时间", dataIndex: "studyEnd", width: 165 },
    { title: "学习进度", dataIndex: "progress", width: 90 },
    { title: "批阅状态", dataIndex: "reviewStatus", width: 100, render: (v: string) => <span className={`review-status review-status-${v}`}>● {v}</span> },
    { title: "是否补学", dataIndex: "retake", width: 90 },
    { title: "培训完毕", dataIndex: "finished", width: 90 },
    { title: "批阅时间", dataIndex: "reviewedAt", width: 165 },
    {
      title: "操作",
      key: "action",
      width: 150,
      render: (_v, r) => (
        <Space size="small">
          {r.canStudy ? <Link to={`/training/${r.enrolmentId}`}>学习</Link> : <span className="muted" title="缴费成功后可进入学习">学习</span>}
          <Link to={`/training/${r.enrolmentId}/pay`} aria-label={`缴费：${r.course}`}>缴费</Link>
          {r.canExam ? <Link to={`/training/${r.enrolmentId}/exam`} aria-label={`考试：${r.course}`}>考试</Link> : null}
        </Space>
      ),
    },
  ];
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
        {/* 操作 stays at the right edge while the ten columns scroll (a phone; a 1366 px screen is tight too). */}
        <TableRegion label="培训课程列表" stickyLastColumn>
          <Table<Row>
            rowKey="key"
            columns={columns}
            dataSource={rows}
            pagination={false}
            loading={navigation.state === "loading" && navigation.location?.pathname === "/training"}
            locale={{ emptyText: q ? "没有符合条件的课程" : "暂无培训课程" }}
          />
        </TableRegion>
        <UrlPagination total={total} page={page} pageSize={pageSize} />
      </Card>
    </>
  );
}
