// The workflow's buttons for this person and state (【提交审核】【撤回】, 【开始审核】【通过】【退回修改】…),
// straight from the loader's events: a refused one is disabled with the guard's reason beside it; one
// that asks for a comment opens a dialog with a required text box first. The server's answer is shown
// above the buttons. Used by the applicant's wizard and the reviewer's task page alike.
import { useState } from "react";
import { Button, Input, Modal } from "antd";
import { FormNotice } from "~/components/form/form-errors";
import type { Notice } from "~/components/form/form-errors";
import { usePost } from "~/components/use-post";
import type { AvailableEvent } from "~/engine/workflows/transition";

export type WorkflowEvent = Pick<AvailableEvent, "event" | "title" | "enabled" | "reason" | "comment">;
type Answer = { ok: boolean; message: string; left?: boolean };

export function WorkflowActions({ events, rowVersion, primary = [], onAnswer }: {
  events: WorkflowEvent[];
  rowVersion: number;
  /** The events a person is expected to take here, drawn as primary buttons. */
  primary?: string[];
  /** Called with each answer after it is shown (the task page leaves when the task left the reviewer). */
  onAnswer?: (answer: Answer) => void;
}) {
  const [notice, setNotice] = useState<Notice>(null);
  const [asking, setAsking] = useState<WorkflowEvent | null>(null);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [taking, setTaking] = useState<string | null>(null);
  const post = usePost<Answer, string>((answer) => {
    setNotice({ type: answer.ok ? "success" : "error", text: answer.message });
    if (answer.ok) setAsking(null);
    onAnswer?.(answer);
  });

  const take = (e: WorkflowEvent, text?: string) => {
    setNotice(null);
    setTaking(e.event);
    post.submit("transition", { event: e.event, rowVersion: String(rowVersion), ...(text ? { comment: text } : {}) });
  };
  const confirmComment = () => {
    if (!asking) return;
    const text = comment.trim();
    if (asking.comment?.required !== false && !text) return setCommentError(`请填写${asking.comment?.title ?? "意见"}`);
    take(asking, text);
  };

  if (!events.length && !notice) return null;
  return (
    <div className="workflow-actions">
      <FormNotice notice={notice} onClose={() => setNotice(null)} />
      <div className="workflow-buttons">
        {events.map((e) => {
          const reasonId = `reason-${e.event}`;
          return (
            <div key={e.event} className="workflow-event">
              <Button
                size="large"
                type={primary.includes(e.event) ? "primary" : "default"}
                disabled={!e.enabled || post.busy}
                loading={post.busy && taking === e.event}
                aria-describedby={e.reason ? reasonId : undefined}
                onClick={() => {
                  if (!e.comment) return take(e);
                  setComment("");
                  setCommentError(null);
                  setAsking(e);
                }}
              >
                {e.title}
              </Button>
              {e.reason ? <span id={reasonId} className="workflow-reason">{e.reason}</span> : null}
            </div>
          );
        })}
      </div>
      <Modal
        open={!!asking}
        title={asking?.title}
        okText="确定"
        cancelText="取消"
        confirmLoading={post.busy}
        onOk={confirmComment}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <label htmlFor="workflow-comment" className="workflow-comment-label">
          {asking?.comment?.required !== false ? <span className="req" aria-hidden="true">*</span> : null}
          {asking?.comment?.title}
        </label>
        <Input.TextArea
          id="workflow-comment"
          rows={4}
          value={comment}
          maxLength={asking?.comment?.maxLength ?? 500}
          showCount
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? "workflow-comment-error" : undefined}
          onChange={(ev) => {
            setComment(ev.target.value);
            setCommentError(null);
          }}
        />
        {commentError ? <div id="workflow-comment-error" className="file-error" role="alert">{commentError}</div> : null}
      </Modal>
    </div>
  );
}
