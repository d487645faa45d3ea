// A final step that shows its runtime's read-only panel (`extra.panel`, engine StepPanel) and the forms
// filled in before it, above the workflow's buttons: e.g. 核对变更 of a change request, the difference from
// the current record, then the request as filled (异动原因 and 附件 are not part of the difference).
import { StepPanelView } from "~/components/workflow/step-panel";
import type { StepPanel } from "~/engine/workflows/step-types";
import { FormSummaries } from "./review-submit-step";
import { StepNav } from "./step-nav";
import type { StepViewProps } from "./types";

export function PanelSubmitStep({ step, steps, catalogs, prev, actions }: StepViewProps) {
  const panel = (step.extra as { panel?: StepPanel } | null)?.panel;
  return (
    <>
      {panel ? <StepPanelView panel={panel} headingId={`panel-${step.key}`} /> : null}
      <FormSummaries steps={steps} catalogs={catalogs} />
      {actions}
      <StepNav prev={prev} />
    </>
  );
}
