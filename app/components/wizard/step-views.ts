// One view per wizard step type, by the same names as the engine's step-type registry
// (~/engine/workflows/step-types): a new type is a new entry in both.
import type { ComponentType } from "react";
import { FormStep } from "./form-step";
import { PanelSubmitStep } from "./panel-submit-step";
import { ReviewSubmitStep } from "./review-submit-step";
import { SignUploadStep } from "./sign-upload-step";
import type { StepViewProps } from "./types";

export const STEP_VIEWS: Record<string, ComponentType<StepViewProps>> = {
  form: FormStep,
  "sign-upload": SignUploadStep,
  "review-submit": ReviewSubmitStep,
  "panel-submit": PanelSubmitStep,
};
