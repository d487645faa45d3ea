// The named extension points a workflow definition may refer to (DESIGN rule 6: definitions name,
// registries hold the code). Browser-safe.
import { ROLE } from "../constants";
import { EFFECTS } from "./effects";
import type { Effect } from "./effects";
import { GUARDS } from "./guards";
import type { Guard } from "./guards";
import { RECORD_TYPES } from "./records";
import type { RecordType } from "./records";
import { STEP_TYPES } from "./step-types";
import type { StepType } from "./step-types";

export type WorkflowRegistries = {
  stepTypes: Record<string, StepType>;
  guards: Record<string, Guard>;
  effects: Record<string, Effect>;
  recordTypes: Record<string, RecordType>;
  roles: readonly string[];
};

export const REGISTRIES: WorkflowRegistries = { stepTypes: STEP_TYPES, guards: GUARDS, effects: EFFECTS, recordTypes: RECORD_TYPES, roles: Object.values(ROLE) };

export { STEP_TYPES, GUARDS, EFFECTS };
export type { Effect, Guard, StepType };
