// A button that asks first, in a modal dialog (role="dialog"): 「确定…？」 with the confirming word and 取消.
// Used instead of a Popconfirm everywhere: its confirm click was seen to close the popover without firing
// on a busy machine (the exam's 开始/交卷, CI 2026-11-30), and a dialog is easier to hit on a phone.
import { useState } from "react";
import type { ReactNode } from "react";
import Button from "antd/es/button/index.js";
import Modal from "antd/es/modal/index.js";
import type { ButtonProps } from "antd";

export function ConfirmButton({ question, description, okText, okDisabled, onConfirm, children, ...button }: ButtonProps & {
  /** The dialog's question, e.g. 交卷后不能再修改答案。确定交卷？ */
  question: ReactNode;
  /** What the action does, under the question (将为 3 笔“已匹配”的缴费入账并通知专家). */
  description?: ReactNode;
  /** The confirming button's word (开始, 交卷). */
  okText: string;
  okDisabled?: boolean;
  onConfirm: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...button} onClick={() => setOpen(true)}>{children}</Button>
      <Modal
        open={open}
        title={question}
        okText={okText}
        cancelText="取消"
        okButtonProps={{ disabled: okDisabled }}
        onOk={() => {
          setOpen(false);
          onConfirm();
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {description}
      </Modal>
    </>
  );
}
