// The server side of a step type: when its step counts as done, what its view needs, and what it does
// with the posts sent for it. Every type's posts go through one contract and one dispatcher
// (acceptStepPost): a feature's new type (tests/fixtures/features/note-feature.ts) and the engine's
// generic wizard types alike — their runtimes (saving a form step, attaching a signed scan) need the
// application's storage, so the app registers them at start-up (features/admission/step-runtimes.server.ts).
// Nothing here switches on a type's name.
import { registerInto } from "../extensions";
import type { StepDefinition, WorkflowDefinition } from "./definition-schema";
import { saveStepData } from "./runtime.server";
import { isEditable, stateTitle } from "./transition";
import type { StepPanel } from "./step-types";
import type { InstanceRecord } from "./types";

/** The saved form data of an instance, keyed by form key. */
export type StepFormData = Record<string, { data: Record<string, unknown>; status: string; version: number } | undefined>;

/**
 * What a runtime is given: the feature's own view of the instance (`app`, e.g. an application with its
 * batch and saved forms), the step, and the saved form data of the instance keyed by form key.
 */
export type StepRuntimeContext = {
  app: unknown;
  step: StepDefinition;
  data: StepFormData;
  /** What this step saved on the instance (`instance.data.steps[step.key]`), if anything. */
  saved: unknown;
};

/**
 * What `accept` is given: as StepRuntimeContext, but the saved form data is read only when asked for
 * (a form step's 暂存, the hottest post, never needs it).
 */
export type StepPostContext = Omit<StepRuntimeContext, "data"> & { data(): Promise<StepFormData> };

/** What a step's `accept` may do besides answering: save its own value on the instance. */
export type StepWriter = {
  /** Saves `value` (JSON) as this step's data; false when the instance is no longer editable. */
  save(value: unknown): Promise<boolean>;
};

/**
 * A post for a step, as the wizard sends it: `intent` says what it asks (`step` for a feature type's own
 * post; one of the intents its runtime declares), `step` the step's key. Read before the instance is
 * loaded, so the saved rows of the posted forms can come in the same query.
 */
export type StepPost = {
  intent: string;
  step: string;
  /** A posted field by name, cut to `max` characters ("" when absent). */
  field(name: string, max: number): string;
  /**
   * The JSON object posted in `data` (form documents keyed by form key). Throws the 4xx (a Response with
   * a Chinese message) when it is missing, too long or malformed.
   */
  documents(): Record<string, unknown>;
};

/** The answer to a step post: ok → 200 with the message; otherwise a 4xx with a Chinese message, and per-form, per-field errors where the post was form data (`kept`: forms saved as drafts all the same). */
export type StepAnswer =
  | { ok: true; message: string }
  | { ok: false; status: 400 | 404 | 409 | 422; message: string; errors?: Record<string, Record<string, string[]>>; kept?: string[] };

export type StepRuntime = {
  /** Whether the owner has done this step (read by `steps-complete`). */
  isComplete?(ctx: StepRuntimeContext): boolean | Promise<boolean>;
  /** Extra data for the step's view (JSON-serialisable). */
  load?(ctx: StepRuntimeContext): Promise<Record<string, unknown>>;
  /** The step's read-only panel for a reviewer's task page (null: nothing to show). */
  panel?(ctx: StepRuntimeContext): Promise<StepPanel | null>;
  /** The intents `accept` takes (default: `step`). */
  intents?: readonly string[];
  /** Handles a post of the step while the instance is editable; runs as the instance's owner. */
  accept?(ctx: StepPostContext, post: StepPost, writer: StepWriter): Promise<StepAnswer>;
};

const RUNTIMES: Record<string, StepRuntime> = {};
const DEFAULT_INTENTS = ["step"] as const;

/** Adds the server side of a step type (throws if the name is taken by another). */
export function registerStepRuntime(type: string, runtime: StepRuntime): void {
  registerInto(RUNTIMES, "step runtime", type, runtime);
}

/** The registered runtime of a step type, if any. */
export const stepRuntime = (type: string): StepRuntime | undefined => RUNTIMES[type];

/** Whether some registered runtime takes posts of this intent (else the intent is simply unknown). */
export const isStepIntent = (intent: string): boolean => Object.values(RUNTIMES).some((r) => r.accept && (r.intents ?? DEFAULT_INTENTS).includes(intent));

/** What a step saved on an instance (see runtime.server.ts saveStepData). */
export const savedStepData = (instance: { data: Record<string, unknown> }, stepKey: string): unknown =>
  (instance.data.steps as Record<string, unknown> | undefined)?.[stepKey];

/**
 * Hands a step post to the runtime of its step's type: null when the definition has no such step or its
 * type takes no posts of this intent (the caller answers 400); 409 when the instance is no longer
 * editable (当前状态为「…」，不能修改, for every type alike); else the runtime's answer. `target.app` is
 * what the runtime sees as `app`; `data` reads the instance's saved form data when the runtime asks for it.
 */
export async function acceptStepPost(
  target: { app: unknown; def: WorkflowDefinition; instance: InstanceRecord },
  post: StepPost,
  data: () => Promise<StepFormData>,
): Promise<StepAnswer | null> {
  const { def, instance } = target;
  const step = def.steps.find((s) => s.key === post.step);
  const runtime = step && RUNTIMES[step.type];
  if (!step || !runtime?.accept || !(runtime.intents ?? DEFAULT_INTENTS).includes(post.intent)) return null;
  if (!isEditable(def, instance.state)) return { ok: false, status: 409, message: `当前状态为「${stateTitle(def, instance.state)}」，不能修改` };
  const writer: StepWriter = {
    save: (value) => saveStepData(instance.id, step.key, value, Object.keys(def.states).filter((k) => isEditable(def, k))),
  };
  return runtime.accept({ app: target.app, step, saved: savedStepData(instance, step.key), data }, post, writer);
}
