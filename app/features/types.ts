// What a feature is: a named unit that registers its extensions into the engine at start-up. The
// registration functions arrive as an argument (`EngineApi`), so a feature built outside the app's
// bundle (a test's fixture feature) fills the same registries the app uses.
import type { DocumentTemplate } from "~/engine/documents/registry";
import type { FormCheck } from "~/engine/forms/checks.server";
import type { Effect } from "~/engine/workflows/effects";
import type { Guard } from "~/engine/workflows/guards";
import type { RecordType } from "~/engine/workflows/records";
import type { StepRuntime } from "~/engine/workflows/step-runtime.server";
import type { StepType } from "~/engine/workflows/step-types";
import type { WidgetRegistration } from "~/engine/forms/widget-palette";
import type { BatchCopier } from "~/models/batch-copy.server";

export type EngineApi = {
  registerStepType(name: string, type: StepType, runtime?: StepRuntime): void;
  /** The server side of a step type registered elsewhere (the engine's generic wizard types). */
  registerStepRuntime(type: string, runtime: StepRuntime): void;
  registerGuard(name: string, guard: Guard): void;
  registerEffect(name: string, effect: Effect): void;
  registerDocument<S, D>(name: string, template: DocumentTemplate<S, D>): void;
  registerRecordType(name: string, type: RecordType): void;
  /** A database check on a form's 下一步 (after schema and rules): field errors by JSON pointer. */
  registerFormCheck(formKey: string, name: string, check: FormCheck): void;
  /** How 复制 of a batch copies this feature's per-batch content (run in the clone's transaction). */
  registerBatchCopier(name: string, copy: BatchCopier): void;
  /** A widget (its component in components/form/widgets) this feature brings, with its form-designer palette entry. */
  registerWidget(name: string, registration?: WidgetRegistration): void;
};

export type Feature = { name: string; register(api: EngineApi): void };
