// The server side of a step type a feature registers: when its step counts as done, what its view
// needs, and what it does with a post of its own. The engine's generic wizard types need none (their
// options — forms, document — say it all); a feature's new type brings its runtime with it.
import { registerInto } from "../extensions";
import type { StepDefinition } from "./definition-schema";

/**
 * What a runtime is given: the feature's own view of the instance (`app`, e.g. an application with its
 * batch and saved forms), the step, and the saved form data of the instance keyed by form key.
 */
export type StepRuntimeContext = {
  app: unknown;
  step: StepDefinition;
  data: Record<string, { data: Record<string, unknown>; status: string; version: number } | undefined>;
  /** What this step saved on the instance (`instance.data.steps[step.key]`), if anything. */
  saved: unknown;
};

/** What a step's `accept` may do besides answering: save its own value on the instance. */
export type StepWriter = {
  /** Saves `value` (JSON) as this step's data; false when the instance is no longer editable. */
  save(value: unknown): Promise<boolean>;
};

/** A post of this step (`intent=step`): its fields by name, each cut to `max` characters. */
export type StepPost = { field(name: string, max: number): string };

/** The answer to a step post: ok → 200 with the message; otherwise status 4xx with a Chinese message. */
export type StepAnswer = { ok: true; message: string } | { ok: false; status: 400 | 404 | 409 | 422; message: string };

export type StepRuntime = {
  /** Whether the owner has done this step (read by `steps-complete`). */
  isComplete?(ctx: StepRuntimeContext): boolean | Promise<boolean>;
  /** Extra data for the step's view (JSON-serialisable). */
  load?(ctx: StepRuntimeContext): Promise<Record<string, unknown>>;
  /** Handles a post of the step while the instance is editable; runs as the instance's owner. */
  accept?(ctx: StepRuntimeContext, post: StepPost, writer: StepWriter): Promise<StepAnswer>;
};

const RUNTIMES: Record<string, StepRuntime> = {};

/** Adds the server side of a step type (throws if the name is taken by another). */
export function registerStepRuntime(type: string, runtime: StepRuntime): void {
  registerInto(RUNTIMES, "step runtime", type, runtime);
}

/** The registered runtime of a step type, if any. */
export const stepRuntime = (type: string): StepRuntime | undefined => RUNTIMES[type];

/** What a step saved on an instance (see runtime.server.ts saveStepData). */
export const savedStepData = (instance: { data: Record<string, unknown> }, stepKey: string): unknown =>
  (instance.data.steps as Record<string, unknown> | undefined)?.[stepKey];
