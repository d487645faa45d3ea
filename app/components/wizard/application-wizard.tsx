// 入库申请 (and any other applicant wizard): title, the status line, the reviewer's comment when
// returned, the step bar, the current step (?step=<key>, so a reload keeps it) drawn by its type's
// view, the workflow's buttons, and the history. Everything comes from the workflow's steps. After the
// applicant's primary action (提交审核) the page opens with its result while that state lasts: a success
// Alert (antd's Result would bring its 403/404/500 illustrations, about 11 KB gzip).
import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { useSearchParams } from "@remix-run/react";
import Alert from "antd/es/alert/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { HistoryTimeline } from "~/components/workflow/history-timeline";
import { WorkflowActions } from "~/components/workflow/workflow-actions";
import type { WorkflowAnswer, WorkflowEvent } from "~/components/workflow/workflow-actions";
import { StepBar } from "./step-bar";
import { STEP_VIEWS } from "./step-views";
import type { WizardData } from "./types";

/** `notice`: what the applicant must act on next outside the steps (e.g. 缴费), shown above the step bar. */
export type ApplicationWizardProps = WizardData & { notice?: ReactNode };

/** The applicant's own forward action, drawn as the primary button and answered with a result. */
const PRIMARY = ["submit"];

export function ApplicationWizard({ application, steps, events, history, catalogs, notice }: ApplicationWizardProps) {
  const [params, setParams] = useSearchParams();
  // Without ?step: the first step still to do while editing, the summary once submitted. It is then
  // written into the URL at once, so the step stays put while saving completes it (and on reload).
  // Returned with every step done, it opens on the first step: the comment asks for changes, and the
  // summary (where 提交审核 is) would invite resubmitting unchanged.
  const todo = steps.findIndex((s) => !s.done && !(application.returnComment && s.summary));
  const fallback = !application.editable ? -1 : todo >= 0 ? todo : application.returnComment ? 0 : -1;
  const asked = steps.findIndex((s) => s.key === params.get("step"));
  const index = asked >= 0 ? asked : fallback >= 0 ? fallback : steps.length - 1;
  const step = steps[index];
  const go = (i: number, replace = false) => {
    const key = steps[i]?.key;
    if (!key) return;
    setParams(
      (p) => {
        p.set("step", key);
        return p;
      },
      { replace, preventScrollReset: replace },
    );
    if (!replace) window.scrollTo({ top: 0 });
  };
  useEffect(() => {
    if (asked < 0) go(index, true);
  });
  const View = step ? STEP_VIEWS[step.view] : undefined;
  /** The applicant's primary action just taken (提交审核): its result is shown while the state it led to lasts. */
  const [done, setDone] = useState<{ title: string; to: string } | null>(null);
  const answered = (answer: WorkflowAnswer, e: WorkflowEvent) => {
    if (!answer.ok || !PRIMARY.includes(e.event)) return false;
    setDone({ title: e.title, to: e.to });
    window.scrollTo({ top: 0 });
    return true; // shown once, as the result panel at the top
  };
  // 撤回 and the like must be reachable from every step once the application left editing.
  const actions =
    step && (step.summary || !application.editable) ? <WorkflowActions events={events} rowVersion={application.rowVersion} primary={PRIMARY} onAnswer={answered} /> : null;

  return (
    <div className="wizard">
      <div className="wizard-head">
        <Typography.Title level={3} className="page-title">
          {application.title}{application.batchName ? <span className="wizard-batch">{application.batchName}</span> : null}
        </Typography.Title>
        <dl className="wizard-status" aria-label="申请状态">
          <div>
            <dt>状态</dt>
            <dd><Tag color={application.editable ? "orange" : "blue"}>{application.stateTitle}</Tag></dd>
          </div>
          <div>
            <dt>申请编号</dt>
            <dd>{application.applicationNumber ?? <span className="muted">保存后生成</span>}</dd>
          </div>
          {application.submittedAt && !application.editable ? (
            <div>
              <dt>提交时间</dt>
              <dd>{application.submittedAt}</dd>
            </div>
          ) : null}
          {application.expertNumber ? (
            <div>
              <dt>专家编号</dt>
              <dd>{application.expertNumber}</dd>
            </div>
          ) : null}
        </dl>
      </div>
      {done && done.to === application.state ? (
        <Alert
          className="wizard-result"
          type="success"
          showIcon
          title={`${done.title}成功`}
          description={`申请编号 ${application.applicationNumber}，当前状态：${application.stateTitle}。您可以在下方查看已提交的资料和办理记录。`}
        />
      ) : null}
      {application.returnComment ? (
        <Alert className="wizard-return" type="warning" showIcon title={`审核意见：${application.returnComment.text}`} description={`退回时间：${application.returnComment.at}。请按审核意见修改后重新提交。`} />
      ) : null}
      {notice}
      <StepBar steps={steps} current={index} onChange={go} />
      <div className="wizard-body">
        <Typography.Title level={4} className="wizard-step-title">{step?.title}</Typography.Title>
        {View && step ? (
          <View
            key={step.key}
            step={step}
            steps={steps}
            application={application}
            catalogs={catalogs}
            prev={index > 0 ? () => go(index - 1) : undefined}
            next={index < steps.length - 1 ? () => go(index + 1) : undefined}
            actions={actions}
          />
        ) : (
          <Alert type="error" showIcon title="此步骤暂不支持在线办理，请联系管理员" />
        )}
      </div>
      <HistoryTimeline history={history} />
    </div>
  );
}
