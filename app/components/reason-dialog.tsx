// An administrator's action on one row that needs a reason (撤销证书, 延期, 增加考试机会): the row it is
// about, the reason typed in a dialog, the server's answer shown in the dialog while it is open (a
// refusal) and above the list once it closed (the outcome). One hook for the state, one component for
// the dialog and one for the answer, so every such page asks the same way.
import { useState } from "react";
import type { ReactNode } from "react";
import Alert from "antd/es/alert/index.js";
import Modal from "antd/es/modal/index.js";
import { usePost } from "~/components/use-post";
import { CappedTextArea } from "~/components/form/capped-input";

type Answer = { ok: boolean; message: string };

/**
 * State of a reasoned action on rows of type `Target`: `ask(row)` opens the dialog with an empty reason,
 * `post.submit(intent, fields)` sends it (the dialog closes on an `ok` answer and stays open on a
 * refusal); `notice` is the last answer.
 */
export function useReasonedAction<Target>() {
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<Answer | null>(null);
  const post = usePost<Answer>((a) => {
    setNotice(a);
    if (a.ok) setTarget(null);
  });
  return {
    target, reason, setReason, notice, post,
    ask(row: Target) {
      setTarget(row);
      setReason("");
      setNotice(null);
    },
    close: () => setTarget(null),
  };
}

type Action<Target> = ReturnType<typeof useReasonedAction<Target>>;

/** The last answer above the list, once the dialog is closed (role status for success, alert for a refusal). */
export function ReasonedActionNotice<Target>({ action }: { action: Action<Target> }) {
  const { notice, target } = action;
  if (!notice || target) return null;
  return <Alert type={notice.ok ? "success" : "error"} showIcon role={notice.ok ? "status" : "alert"} title={notice.message} style={{ marginBottom: 16 }} />;
}

/**
 * The dialog: `title` and `okText` name the action, `hint` says what it does, `reasonLabel` labels the
 * text area (at most `maxLength` characters); `onOk(target, reason)` sends it through `action.post`.
 */
export function ReasonDialog<Target>({ action, id, title, okText, danger, hint, reasonLabel, maxLength, onOk }: {
  action: Action<Target>;
  /** The text area's id (its label points at it). */
  id: string;
  title: string;
  okText: string;
  danger?: boolean;
  hint?: ReactNode;
  reasonLabel: string;
  maxLength: number;
  onOk: (target: Target, reason: string) => void;
}) {
  const { target, reason, setReason, notice, post, close } = action;
  return (
    <Modal
      open={target !== null}
      title={title}
      okText={okText}
      okButtonProps={danger ? { danger: true } : undefined}
      cancelText="取消"
      confirmLoading={post.busy}
      onCancel={close}
      onOk={() => target !== null && onOk(target, reason)}
    >
      {hint ? <p>{hint}</p> : null}
      {notice && !notice.ok ? <Alert type="error" showIcon role="alert" title={notice.message} style={{ marginBottom: 12 }} /> : null}
      <label htmlFor={id}>{reasonLabel}</label>
      <CappedTextArea id={id} value={reason} onChange={(e) => setReason(e.target.value)} max={maxLength} rows={3} />
    </Modal>
  );
}
