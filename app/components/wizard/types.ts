// The wizard's props are the application page's data as JSON (what the apply route's loader sends):
// one source of truth for both sides, imported from the module that builds it, not from the route.
import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import type { ApplicationPage } from "~/features/admission/application-page.server";

export type WizardData = SerializeFrom<ApplicationPage>;
export type WizardApplication = WizardData["application"];
export type WizardStep = WizardData["steps"][number];
export type WizardForm = WizardStep["forms"][number];
export type WizardDocument = NonNullable<WizardStep["document"]>;
export type WizardEvent = WizardData["events"][number];
export type { ApplyAnswer } from "~/features/admission/save-step.server";

/** What every step view gets; views are chosen by the step's type (see step-views.ts). */
export type StepViewProps = {
  step: WizardStep;
  steps: WizardStep[];
  application: WizardApplication;
  catalogs: WizardData["catalogs"];
  /** Moves to the previous / next step; absent on the first / last. */
  prev?: () => void;
  next?: () => void;
  /** The workflow's buttons (提交审核, 撤回 …), where this step shows them; null when it does not. */
  actions: ReactNode;
};
