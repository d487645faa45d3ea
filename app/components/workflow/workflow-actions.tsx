// The workflow's buttons for this person and state (【提交审核】【撤回】, 【开始审核】【通过】【退回修改】…),
// straight from the loader's events: a refused one is disabled with the guard's reason beside it. Every
// one asks first (「确定提交审核？」 and what will happen, the event's `confirm` from the definition); one
// that asks for a comment has its text box in that dialog. The server's answer is shown above the
// buttons and as a toast where the person is (FormNotice). Used by the applicant's wizard and the reviewer's task page alike.
import { useState } from "react";
import Button from "antd/es/button/index.js";
import Modal from "antd/es/modal/index.js";
import { FormNotice } from "~/components/form/form-errors";
import type { Notice } from "~/components/form/form-errors";
import { usePost } from "~/components/use-post";
import type { AvailableEvent } from "~/engine/workflows/transition";
import { CappedTextArea } from "~/components/form/capped-input";

export type WorkflowEvent = Pick<AvailableEvent, "event" | "title" | "to" | "enabled" | "reason" | "comment" | "confirm">;
export type WorkflowAnswer = { ok: boolean; message: string; left?: boolean };
type Answer = WorkflowAnswer;

export function WorkflowActions({ events, rowVersion, primary = [], onAnswer }: {
  events: WorkflowEvent[];
  rowVersion: number;
  /** The events a person is expected to take here, drawn as primary buttons. */
  primary?: string[];
  /**
   * Called with each answer and the event it answers (the task page leaves when the task left the
   * reviewer). Returns true when the caller shows the answer itself (the wizard's 提交审核成功 panel):
   * it is then not repeated above the buttons and as a toast.
   */
  onAnswer?: (answer: Answer, event: WorkflowEvent) => boolean | void;
}) {
  const [notice, setNotice] = useState<Notice>(null);
  const [asking, setAsking] = useState<WorkflowEvent | null>(null);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [taking, setTaking] = useState<string | null>(null);
  const post = usePost<Answer, string>((answer) => {
    const taken = asking;
    setAsking(null);
    const shown = taken ? onAnswer?.(answer, taken) === true : false;
    setNotice(shown ? null : { type: answer.ok ? "success" : "error", text: answer.message });
  });

  const take = (e: WorkflowEvent, text?: string) => {
    setNotice(null);
    setTaking(e.event);
    post.submit("transition", { event: e.event, rowVersion: String(rowVersion), ...(text ? { comment: text } : {}) });
  };
  const confirm = () => {
    if (!asking) return;
    if (!asking.comment) return take(asking);
    const text = comment.trim();
    if (asking.comment.required !== false && !text) return setCommentError(`请填写${asking.comment.title}`);
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
        title={asking ? `确定${asking.title}？` : undefined}
        okText="确定"
        cancelText="取消"
        confirmLoading={post.busy}
        onOk={confirm}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <p className="workflow-confirm">{asking?.confirm}</p>
        {asking?.comment ? (
          <>
            <label htmlFor="workflow-comment" className="workflow-comment-label">
              {asking.comment.required !== false ? <span className="req" aria-hidden="true">*</span> : null}
              {asking.comment.title}
            </label>
            <CappedTextArea
              id="workflow-comment"
              rows={4}
              value={comment}
              max={asking.comment.maxLength ?? 500}
              aria-invalid={commentError ? true : undefined}
              aria-describedby={commentError ? "workflow-comment-error" : undefined}
              onChange={(ev) => {
                setComment(ev.target.value);
                setCommentError(null);
              }}
            />
            {commentError ? <div id="workflow-comment-error" className="file-error" role="alert">{commentError}</div> : null}
          </>
        ) : null}
      </Modal>
    </div>
  );
}
