// Start-up registration of every feature into the engine (DESIGN "How to add …": a feature folder plus
// one line here). `registerFeature` is also exported from the server build, so a test can plug in a
// fixture feature of its own before or after start-up.
import { registerDocument } from "~/engine/documents/registry";
import { registerFormCheck } from "~/engine/forms/checks.server";
import { registerWidget } from "~/engine/forms/widget-palette";
import { registerEffect } from "~/engine/workflows/effects";
import { registerGuard } from "~/engine/workflows/guards";
import { registerRecordType } from "~/engine/workflows/records";
import { configureWorkflowHooks } from "~/engine/workflows/runtime.server";
import { registerStepRuntime } from "~/engine/workflows/step-runtime.server";
import { registerStepType } from "~/engine/workflows/step-types";
import { registerBatchCopier } from "~/models/batch-copy.server";
import { queueNotification } from "~/models/notifications.server";
import { admission } from "./admission/index.server";
import { courses } from "./courses/index.server";
import { certificates } from "./certificates/index.server";
import { changes } from "./changes/index.server";
import { pool } from "./pool/index.server";
import { training } from "./training/index.server";
import { exam } from "./exam/index.server";
import type { EngineApi, Feature } from "./types";

const FEATURES: Feature[] = [admission, pool, training, courses, exam, certificates, changes];

export const engineApi: EngineApi = {
  registerStepType(name, type, runtime) {
    registerStepType(name, type);
    if (runtime) registerStepRuntime(name, runtime);
  },
  registerStepRuntime,
  registerGuard,
  registerEffect,
  registerDocument,
  registerRecordType,
  registerFormCheck,
  registerBatchCopier,
  registerWidget,
};

const registered = new Map<string, Feature>();

/** Registers one feature; again the same one is a no-op, another of the same name throws. */
export function registerFeature(feature: Feature): void {
  const existing = registered.get(feature.name);
  if (existing === feature) return;
  if (existing) throw new Error(`feature "${feature.name}" is registered twice`);
  feature.register(engineApi);
  registered.set(feature.name, feature);
}

/** Registers the built-in features and how effects reach the outside (the SMS outbox). Idempotent. */
export function registerFeatures(): void {
  configureWorkflowHooks({ notify: ({ trx, userId, message }) => queueNotification(trx, userId, message) });
  for (const f of FEATURES) registerFeature(f);
}
