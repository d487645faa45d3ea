// One review task: who applied for what (header), each form read-only in the version it was filled
// against, the signed scans, the actions this reviewer may take now (开始审核 / 通过 / 退回修改), and the
// history. After an action the route's loader runs again, so state, buttons and history follow.
import type { SerializeFrom } from "@remix-run/node";
import { Link, useLocation, useNavigate } from "@remix-run/react";
import Card from "antd/es/card/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import ArrowLeftOutlined from "@ant-design/icons/es/icons/ArrowLeftOutlined";
import { FilePreview } from "~/components/form/file-preview";
import { SubmissionView } from "~/components/form/submission-view";
import { StepPanelView } from "~/components/workflow/step-panel";
import { HistoryTimeline } from "~/components/workflow/history-timeline";
import { WorkflowActions } from "~/components/workflow/workflow-actions";
import { inboxFrom } from "./inbox-link";
import { NextTask } from "./next-task";
import type { TaskData as ServerData } from "./task.server";

export type TaskData = SerializeFrom<ServerData>;

/** The steps a reviewer moves a task forward with. */
const PRIMARY_EVENTS = ["accept", "approve", "forward"];
const STATE_COLOR: Record<string, string> = { submitted: "blue", reviewing: "orange", approved: "green", returned: "red" };

export function TaskPage({ application: a, panels, forms, scans, events, history, catalogs }: TaskData) {
  // The inbox link carries its query (tab, filters, page) so 返回列表 lands on the same list.
  const location = useLocation();
  const query = new URLSearchParams(location.search);
  const from = inboxFrom((location.state as { inbox?: string } | null)?.inbox ?? query.get("from"));
  const navigate = useNavigate();
  // After a last step of this reviewer's (e.g. 通过 at 自治区复审) the task is no longer theirs to read.
  const onAnswer = (answer: { ok: boolean; message: string; left?: boolean }) => {
    if (answer.ok && answer.left) navigate(`/review${from ?? ""}`, { state: { notice: `${a.applicant}：${answer.message}` } });
  };
  const facts: [string, React.ReactNode][] = [
    ["申请人", a.applicant || "—"],
    ["类型", a.workflowTitle],
    ["批次", a.batchName ?? "—"],
    ["地州", a.region || "—"],
    ["申请编号", a.applicationNumber],
    ...(a.expertNumber ? [["专家编号", a.expertNumber] as [string, React.ReactNode]] : []),
    ["状态", <Tag key="state" color={STATE_COLOR[a.state]}>{a.stateTitle}</Tag>],
    ["提交时间", a.submittedAt ?? "—"],
  ];

  return (
    <div className="task">
      <nav className="task-nav" aria-label="审核列表">
        <Link to={`/review${from ?? ""}`} className="task-back">
          <ArrowLeftOutlined aria-hidden="true" /> 返回列表
        </Link>
        <NextTask current={a.id} from={from} none={query.has("none")} />
      </nav>
      <header className="task-head">
        <Typography.Title level={3} className="page-title">
          {a.workflowTitle}审核{a.applicant ? `：${a.applicant}` : ""}
        </Typography.Title>
        <dl className="task-facts" aria-label="申请概况">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </header>

      {panels.map((p, i) => (
        <Card key={`panel-${i}`} size="small" className="task-panel">
          <StepPanelView panel={p} headingId={`task-panel-${i}`} />
        </Card>
      ))}

      {forms.map((f) => (
        <Card
          key={f.key}
          size="small"
          title={
            <h4 className="task-section-title" id={`form-${f.key}`}>
              {f.title}
              <span className="task-form-version">第 {f.version} 版</span>
            </h4>
          }
          role="region"
          aria-labelledby={`form-${f.key}`}
        >
          <SubmissionView form={f} data={f.data} catalogs={catalogs} />
        </Card>
      ))}

      {scans.length ? (
        <Card size="small" title={<h4 className="task-section-title" id="task-scans">签署材料</h4>} role="region" aria-labelledby="task-scans">
          <ul className="task-scans">
            {scans.map((s) => (
              <li key={s.key}>
                <strong>{s.title}</strong>
                {s.file ? (
                  <>
                    <FilePreview value={s.file} label={`${s.name}扫描件`} />
                    {s.uploadedAt ? <span className="muted">上传时间：{s.uploadedAt}</span> : null}
                  </>
                ) : (
                  <span className="view-empty">未上传</span>
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card size="small" className="task-actions" title={<h4 className="task-section-title" id="task-actions">审核操作</h4>} role="region" aria-labelledby="task-actions">
        {events.length ? null : <p className="muted task-no-action">当前状态为“{a.stateTitle}”，无需审核操作。</p>}
        <WorkflowActions events={events} rowVersion={a.rowVersion} primary={PRIMARY_EVENTS} onAnswer={onAnswer} />
      </Card>

      <HistoryTimeline history={history} />
    </div>
  );
}
