// Types shared by the pure transition function, the registries and the runtime: the instance as the
// engine sees it, the actor, the facts a caller supplies for guards, and the hooks effects call out
// through. The engine knows nothing about experts; whatever domain data a guard or effect needs
// arrives through `Facts` and `WorkflowHooks`. Browser-safe (type-only imports).
import type { Knex } from "knex";
import type { Role } from "../constants";
import type { WorkflowDefinition } from "./definition-schema";

export type WorkflowActor = { id: number; role: Role };

/** What the pure function needs of an instance. */
export type InstanceView = { id?: number; state: string; rowVersion: number; ownerId: number; data?: Record<string, unknown> };

/** A workflow_instances row, camel-cased. */
export type InstanceRecord = {
  id: number;
  workflowKey: string;
  workflowVersion: number;
  workflowHash: string;
  ownerId: number;
  batchId: number | null;
  /** The record the instance acts on (`record:` workflows), else null. */
  record: { type: string; id: number } | null;
  number: string | null;
  state: string;
  rowVersion: number;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
};

export type DocumentStatus = "missing" | "stale" | "current";

/**
 * Domain facts for guards, computed by the caller (the engine cannot know them). A guard whose fact is
 * absent throws: forgetting to supply it is a programming error, not a user's.
 */
export type Facts = {
  /** Keys of the wizard steps the owner has completed (`steps-complete`). */
  completedSteps?: readonly string[];
  /** Signed-upload documents by document key (`document-current`). */
  documents?: Readonly<Record<string, DocumentStatus>>;
  [name: string]: unknown;
};

export type GuardContext = {
  def: WorkflowDefinition;
  /** null when starting a new instance. */
  instance: InstanceView | null;
  actor: WorkflowActor;
  event: string;
  facts: Facts;
  now: number;
};

/** Columns of the instance an effect may set; applied after all effects ran, in the same transaction. */
export type InstancePatch = { number?: string; submittedAt?: number | null; data?: Record<string, unknown> };

export type WorkflowHooks = {
  /** Sends a message to a user (SMS provider / outbox); runs inside the transition's transaction. */
  notify?(a: { trx: Knex.Transaction; userId: number; message: string; instance: InstanceRecord; event: string }): Promise<void>;
};

export type EffectContext = {
  trx: Knex.Transaction;
  def: WorkflowDefinition;
  /** The instance after the state change (with any patch earlier effects set). */
  instance: InstanceRecord;
  event: string;
  eventTitle: string;
  from: string;
  to: string;
  actor: WorkflowActor;
  comment: string | null;
  now: number;
  hooks: WorkflowHooks;
  /** The caller's payload for this transition (ApplyInput.payload); {} when none. */
  payload: Readonly<Record<string, unknown>>;
  set(patch: InstancePatch): void;
};

export type Refusal = { ok: false; status: 403 | 404 | 409 | 422; message: string };
