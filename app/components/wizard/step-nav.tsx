// The bar of buttons under a step (sticky on phones, like the form page's): 【上一步】 on the left,
// the step's own buttons (【暂存】【下一步】…) on the right.
import type { ReactNode } from "react";
import Button from "antd/es/button/index.js";

export function StepNav({ prev, children }: { prev?: () => void; children?: ReactNode }) {
  return (
    <div className="form-actions wizard-nav">
      {prev ? (
        <Button size="large" className="wizard-prev" onClick={prev}>
          上一步
        </Button>
      ) : null}
      {children}
    </div>
  );
}
