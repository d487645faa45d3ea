// The step bar: antd Steps on wide screens (done marks from the loader, any step can be opened), and on
// phones a compact 「第 N 步 / 共 M 步」 line instead, so nothing overflows 390 px.
import { Steps } from "antd";
import type { WizardStep } from "./types";

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
          status: i === current ? "process" : s.done ? "finish" : "wait",
          content: s.done ? "已完成" : undefined,
        }))}
      />
      <p className="wizard-steps-compact">
        <span className="wizard-steps-count">第 {current + 1} 步 / 共 {steps.length} 步</span>
        <span className="wizard-steps-title">{steps[current]?.title}</span>
        {steps[current]?.done ? <span className="wizard-steps-done">已完成</span> : null}
      </p>
    </nav>
  );
}
