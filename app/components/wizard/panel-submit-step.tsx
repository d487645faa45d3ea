// A final step that shows its runtime's read-only panel (`extra.panel`, engine StepPanel) above the
// workflow's buttons: e.g. 核对变更 of a change request, the difference from the current record.
import { StepPanelView } from "~/components/workflow/step-panel";
import type { StepPanel } from "~/engine/workflows/step-types";
import { StepNav } from "./step-nav";
import type { StepViewProps } from "./types";

export function PanelSubmitStep({ step, prev, actions }: StepViewProps) {
  const panel = (step.extra as { panel?: StepPanel } | null)?.panel;
  return (
    <>
      {panel ? <StepPanelView panel={panel} headingId={`panel-${step.key}`} /> : null}
      {actions}
      <StepNav prev={prev} />
    </>
  );
}
