// The step bar: antd Steps on wide screens (done marks from the loader, any step can be opened), and on
// phones a compact 「第 N 步 / 共 M 步」 line instead, so nothing overflows 390 px. A step that must be
// done again (its signed document no longer matches the data it was printed from) is marked as such.
import Steps from "antd/es/steps/index.js";
import ExclamationOutlined from "@ant-design/icons/es/icons/ExclamationOutlined";
import type { WizardStep } from "./types";

/** What a step still needs, said under its title: redo (stale signed scan) or nothing. */
export const REDO = "需重新签字上传";
const mustRedo = (s: WizardStep) => s.document?.status === "stale";

export function StepBar({ steps, current, onChange }: { steps: WizardStep[]; current: number; onChange: (index: number) => void }) {
  return (
    <nav aria-label="申请步骤" className="wizard-steps">
      <Steps
        className="wizard-steps-full"
        current={current}
        responsive={false}
        onChange={onChange}
        items={steps.map((s, i) => ({
          key: s.key,
          title: s.title,
          status: mustRedo(s) ? "error" : i === current ? "process" : s.done ? "finish" : "wait",
          content: mustRedo(s) ? REDO : s.done ? "已完成" : undefined,
          // antd's own error icon is a cross labelled "close"; this one says what it means.
          ...(mustRedo(s) ? { icon: <ExclamationOutlined aria-label="警告" /> } : {}),
        }))}
      />
      <p className="wizard-steps-compact">
        <span className="wizard-steps-count">第 {current + 1} 步 / 共 {steps.length} 步</span>
        <span className="wizard-steps-title">{steps[current]?.title}</span>
        {steps[current]?.done ? <span className="wizard-steps-done">已完成</span> : null}
        {steps.some(mustRedo) ? <span className="wizard-steps-redo">{steps.filter(mustRedo).map((s) => s.title).join("、")}：{REDO}</span> : null}
      </p>
    </nav>
  );
}
