// Running workflow instances: start one pinned to a published version, and apply a transition in ONE
// transaction — read, decide with the pure function, a state change guarded by state and row_version
// in the WHERE clause (DESIGN rule 10), the history row, then the effects. Racing requests: one wins,
// the other gets a clear Chinese 409 and nothing of it is written.
import type { Knex } from "knex";
import { db, rowCount } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { WORKFLOW_START_EVENT } from "../constants";
import { recordAttributes } from "./attributes";
import type { AttributeValues } from "./attributes";
import { storeAttributes } from "./attribute-store.server";
import { EffectRefusal, EFFECTS } from "./effects";
import { RECORD_TYPES } from "./records";
import { getWorkflowVersion, latestWorkflowVersion } from "./registry.server";
import type { WorkflowVersion } from "./registry.server";
import { availableEvents, canStart, transition } from "./transition";
import type { AvailableEvent, TransitionInput } from "./transition";
import type { WorkflowDefinition } from "./definition-schema";
import type { Facts, InstancePatch, InstanceRecord, Refusal, WorkflowActor, WorkflowHooks } from "./types";

export const STALE_MESSAGE = "该申请状态已变化，请刷新后重试";

/**
 * The 409 for a page older than the instance, naming the state it is in now (「该申请已变为「已退回」…」),
 * so the user knows what happened (a reviewer acted, another tab submitted) before refreshing.
 * Falls back to STALE_MESSAGE for a state the definition does not title.
 */
export function staleMessage(def: Pick<WorkflowDefinition, "states">, state: string): string {
  const title = def.states[state]?.title;
  return title ? `该申请已变为「${title}」，请刷新页面后再操作` : STALE_MESSAGE;
}
/** A second instance where the database allows one (e.g. one application per expert per batch). */
export const DUPLICATE_MESSAGE = "您已有一份同类申请，不能重复申请";
const NOT_FOUND_MESSAGE = "申请不存在或已被删除";

type Row = {
  id: number;
  workflow_key: string;
  workflow_version: number;
  workflow_hash: string;
  owner_id: number;
  batch_id: number | null;
  record_type?: string | null;
  record_id?: number | null;
  number: string | null;
  state: string;
  row_version: number;
  data: string;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
};

export type HistoryEntry = {
  id: number;
  instanceId: number;
  rowVersion: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: number;
  comment: string | null;
  createdAt: number;
};

/** Facts, or a function computing them inside the transaction from the freshly read instance (use `trx`). */
export type FactsSource = Facts | ((a: { trx: Knex.Transaction; instance: InstanceRecord | null; def: WorkflowDefinition }) => Facts | Promise<Facts>);

export type RuntimeContext = { facts?: FactsSource; hooks?: WorkflowHooks };

let defaultHooks: WorkflowHooks = {};
/** Domain code registers how effects reach the outside (SMS outbox, number formats) once at start-up. */
export function configureWorkflowHooks(hooks: WorkflowHooks): void {
  defaultHooks = { ...defaultHooks, ...hooks };
}

const refuse = (status: Refusal["status"], message: string): Refusal => ({ ok: false, status, message });

export function toInstance(r: Row): InstanceRecord {
  return {
    id: r.id,
    workflowKey: r.workflow_key,
    workflowVersion: r.workflow_version,
    workflowHash: r.workflow_hash,
    ownerId: r.owner_id,
    batchId: r.batch_id ?? null,
    record: r.record_type && r.record_id != null ? { type: r.record_type, id: Number(r.record_id) } : null,
    number: r.number ?? null,
    state: r.state,
    rowVersion: r.row_version,
    data: JSON.parse(r.data),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at ?? null,
  };
}

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err.code === "23505" || (err.code === "SQLITE_CONSTRAINT" && /UNIQUE/.test(err.message ?? ""));
};

async function resolveFacts(source: FactsSource | undefined, trx: Knex.Transaction, instance: InstanceRecord | null, def: WorkflowDefinition): Promise<Facts> {
  if (!source) return {};
  return typeof source === "function" ? source({ trx, instance, def }) : source;
}

/** The pinned definition of an instance; a hash mismatch means the published row was tampered with. */
async function pinnedVersion(inst: InstanceRecord, conn: Knex): Promise<WorkflowVersion> {
  const v = await getWorkflowVersion(inst.workflowKey, inst.workflowVersion, conn);
  if (!v) throw new Error(`workflow ${inst.workflowKey} v${inst.workflowVersion} is not published`);
  if (v.hash !== inst.workflowHash) throw new Error(`workflow ${inst.workflowKey} v${inst.workflowVersion} hash differs from instance ${inst.id}'s`);
  return v;
}

/**
 * For a `record:` workflow, the record it starts on: its columns on the instance (type, id) and the
 * attributes read from it, or a refusal when it does not exist or is not the owner's. Throws when a
 * record workflow is started without a record, or a batch workflow with one (callers' mistakes).
 */
async function startRecord(def: WorkflowDefinition, input: StartInput, trx: Knex.Transaction): Promise<{ columns: Record<string, unknown>; attributes: AttributeValues } | Refusal | null> {
  if (!def.record) {
    if (input.recordId !== undefined) throw new Error(`workflow ${def.key} acts on no record`);
    return null;
  }
  if (input.recordId === undefined) throw new Error(`workflow ${def.key} starts from a ${def.record} record`);
  const type = RECORD_TYPES[def.record];
  if (!type) throw new Error(`record type "${def.record}" of workflow ${def.key} is not registered`);
  const rec = await type.load(trx, input.recordId);
  if (!rec || rec.ownerId !== (input.ownerId ?? input.actor.id)) return refuse(404, `未找到对应的${type.title}`);
  return { columns: { record_type: def.record, record_id: rec.id }, attributes: recordAttributes(def.attributes, rec.data) };
}

export type StartInput = {
  workflowKey: string;
  /** Defaults to the latest published version (a batch would name its own). */
  version?: number;
  actor: WorkflowActor;
  /** Defaults to the actor. */
  ownerId?: number;
  batchId?: number | null;
  /** The record a `record:` workflow acts on (its type must be the definition's). */
  recordId?: number;
  data?: Record<string, unknown>;
};

export async function startInstance(input: StartInput, ctx: RuntimeContext = {}): Promise<{ ok: true; instance: InstanceRecord } | Refusal> {
  const v = await startVersion(input);
  try {
    return await db.transaction((trx) => startInTransaction(trx, v, input, ctx));
  } catch (e) {
    if (isUniqueViolation(e)) return refuse(409, DUPLICATE_MESSAGE);
    throw e;
  }
}

/**
 * Starts an instance inside the caller's open transaction: an effect of one workflow starting another
 * (an approved admission enrolling the expert in training) commits or rolls back with the transition
 * that caused it. Same checks as startInstance; a second instance where the database allows one is a
 * 409 refusal, but the caller's transaction is then unusable on PostgreSQL, so callers check first.
 * Throws when the workflow is not published.
 */
export async function startInstanceWithin(trx: Knex.Transaction, input: StartInput, ctx: RuntimeContext = {}): Promise<{ ok: true; instance: InstanceRecord } | Refusal> {
  return startInTransaction(trx, await startVersion(input, trx), input, ctx);
}

async function startVersion(input: StartInput, conn: Knex = db): Promise<WorkflowVersion> {
  const v = input.version === undefined ? await latestWorkflowVersion(input.workflowKey, conn) : await getWorkflowVersion(input.workflowKey, input.version, conn);
  if (!v) throw new Error(`workflow ${input.workflowKey}${input.version ? ` v${input.version}` : ""} is not published`);
  return v;
}

async function startInTransaction(trx: Knex.Transaction, v: WorkflowVersion, input: StartInput, ctx: RuntimeContext): Promise<{ ok: true; instance: InstanceRecord } | Refusal> {
  const def = v.definition;
  const facts = await resolveFacts(ctx.facts, trx, null, def);
  const t = clockNow();
  const allowed = canStart(def, input.actor, { facts, now: t });
  if (!allowed.ok) return allowed;
  const ownerId = input.ownerId ?? input.actor.id;
  const record = await startRecord(def, input, trx);
  if (record && !("columns" in record)) return record;
  const [{ id }] = await trx("workflow_instances")
    .insert({
      workflow_key: def.key, workflow_version: def.version, workflow_hash: v.hash, owner_id: ownerId, batch_id: def.record ? null : input.batchId ?? null,
      state: def.initial, row_version: 1, data: JSON.stringify(input.data ?? {}), created_at: t, updated_at: t, ...(record?.columns ?? {}),
    })
    .returning<{ id: number }[]>("id");
  if (record) await storeAttributes(trx, id, record.attributes);
  await trx("workflow_history").insert({ instance_id: id, row_version: 1, event: WORKFLOW_START_EVENT, from_state: null, to_state: def.initial, actor_id: input.actor.id, created_at: t });
  const row = await trx<Row>("workflow_instances").where({ id }).first();
  return { ok: true as const, instance: toInstance(row!) };
}

export type ApplyInput = TransitionInput & {
  /** The row_version the user's page showed; a different one means someone acted in between. */
  expectedRowVersion?: number;
  /**
   * What the caller brings along for the transition's effects (`ctx.payload`), already validated by the
   * caller: e.g. the voucher of a payment claim, or the bill line a payment was matched from.
   */
  payload?: Record<string, unknown>;
};

export type ApplyResult = { ok: true; instance: InstanceRecord; from: string; to: string; event: string; historyId: number } | Refusal;

export async function applyTransition(instanceId: number, event: string, actor: WorkflowActor, input: ApplyInput = {}, ctx: RuntimeContext = {}): Promise<ApplyResult> {
  const hooks = { ...defaultHooks, ...ctx.hooks };
  try {
    return await transitionInTransaction(instanceId, event, actor, input, ctx, hooks);
  } catch (e) {
    if (e instanceof EffectRefusal) return refuse(e.status, e.message);
    throw e;
  }
}

/**
 * applyTransition inside the caller's open transaction, as a savepoint of it: a refusal, a failing
 * effect or a unique violation undoes this transition alone (the caller's transaction stays usable, on
 * PostgreSQL too), and what it wrote commits or rolls back with the caller's transaction. For callers
 * applying many transitions in a row (a bill's payments: one disk sync per hundred, not per payment).
 * Refusals come back as for applyTransition; database errors (a unique violation included) are thrown
 * after the savepoint is rolled back.
 */
export async function applyTransitionWithin(trx: Knex.Transaction, instanceId: number, event: string, actor: WorkflowActor, input: ApplyInput = {}, ctx: RuntimeContext = {}): Promise<ApplyResult> {
  const hooks = { ...defaultHooks, ...ctx.hooks };
  try {
    return await transitionInTransaction(instanceId, event, actor, input, ctx, hooks, trx);
  } catch (e) {
    if (e instanceof EffectRefusal) return refuse(e.status, e.message);
    throw e;
  }
}

async function transitionInTransaction(instanceId: number, event: string, actor: WorkflowActor, input: ApplyInput, ctx: RuntimeContext, hooks: WorkflowHooks, outer?: Knex.Transaction): Promise<ApplyResult> {
  // Nested in the caller's transaction, knex makes this a savepoint.
  return (outer ?? db).transaction(async (trx): Promise<ApplyResult> => {
    const row = await trx<Row>("workflow_instances").where({ id: instanceId }).first();
    if (!row) return refuse(404, NOT_FOUND_MESSAGE);
    const inst = toInstance(row);
    const { definition: def } = await pinnedVersion(inst, trx);
    if (input.expectedRowVersion !== undefined && input.expectedRowVersion !== inst.rowVersion) return refuse(409, staleMessage(def, inst.state));
    const t = clockNow();
    const facts = await resolveFacts(ctx.facts, trx, inst, def);
    const r = transition(def, inst, event, actor, { facts, input, now: t });
    if (!r.ok) return r;

    const changed = await trx("workflow_instances")
      .where({ id: inst.id, state: inst.state, row_version: inst.rowVersion })
      .update({ state: r.to, row_version: inst.rowVersion + 1, updated_at: t });
    if (rowCount(changed) !== 1) {
      // Lost to a transition committed since the row was read: say what it is now.
      const now = await trx<Row>("workflow_instances").where({ id: inst.id }).first("state");
      return refuse(409, now ? staleMessage(def, now.state) : NOT_FOUND_MESSAGE);
    }
    const [{ id: historyId }] = await trx("workflow_history")
      .insert({ instance_id: inst.id, row_version: inst.rowVersion + 1, event, from_state: r.from, to_state: r.to, actor_id: actor.id, comment: r.comment, created_at: t })
      .returning<{ id: number }[]>("id");

    const after: InstanceRecord = { ...inst, state: r.to, rowVersion: inst.rowVersion + 1, updatedAt: t };
    const patch: InstancePatch = {};
    for (const ref of r.effects) {
      const effect = EFFECTS[ref.name];
      if (!effect) throw new Error(`unknown workflow effect "${ref.name}" in ${def.key} v${def.version}`);
      await effect.run(
        {
          trx, def, instance: after, event, eventTitle: r.transition.title, from: r.from, to: r.to, actor, comment: r.comment, now: t, hooks, payload: input.payload ?? {},
          set(p) {
            Object.assign(patch, p);
            Object.assign(after, p);
          },
        },
        ref.args,
      );
    }
    const columns: Record<string, unknown> = {};
    if (patch.number !== undefined) columns.number = patch.number;
    if (patch.submittedAt !== undefined) columns.submitted_at = patch.submittedAt;
    if (patch.data !== undefined) columns.data = JSON.stringify(patch.data);
    if (Object.keys(columns).length) await trx("workflow_instances").where({ id: inst.id }).update(columns);
    return { ok: true, instance: after, from: r.from, to: r.to, event, historyId };
  });
}

/** Largest JSON a step may keep on an instance, in bytes (UTF-8). */
const MAX_STEP_DATA_BYTES = 64 * 1024;

/**
 * Saves one step's value in the instance's data (`data.steps[stepKey]`) while the instance is in one
 * of `editableStates`: read, change and a write guarded by id, state and row_version in the WHERE
 * clause (DESIGN rule 10). Returns false when the instance left those states meanwhile. Throws a
 * RangeError for a value over 64 KB (callers check sizes first; this is the last line).
 */
export async function saveStepData(instanceId: number, stepKey: string, value: unknown, editableStates: readonly string[]): Promise<boolean> {
  const text = JSON.stringify(value ?? null);
  if (Buffer.byteLength(text) > MAX_STEP_DATA_BYTES) throw new RangeError(`step data of instance ${instanceId} over ${MAX_STEP_DATA_BYTES} bytes`);
  return db.transaction(async (trx) => {
    const row = await trx<Row>("workflow_instances").where({ id: instanceId }).whereIn("state", [...editableStates]).first();
    if (!row) return false;
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const steps = { ...((data.steps as Record<string, unknown> | undefined) ?? {}), [stepKey]: JSON.parse(text) };
    const n = await trx("workflow_instances").where({ id: instanceId, state: row.state, row_version: row.row_version })
      .update({ data: JSON.stringify({ ...data, steps }), updated_at: clockNow() });
    return rowCount(n) === 1;
  });
}

/** An instance by id, or undefined; `conn` may be the reader for a plain read off the writer's queue. */
export async function getInstance(id: number, conn: Knex = db): Promise<InstanceRecord | undefined> {
  const row = await conn<Row>("workflow_instances").where({ id }).first();
  return row ? toInstance(row) : undefined;
}

/** The definition an instance is pinned to. */
export async function instanceDefinition(inst: InstanceRecord): Promise<WorkflowDefinition> {
  return (await pinnedVersion(inst, db)).definition;
}

/** Oldest first. */
export async function getHistory(instanceId: number): Promise<HistoryEntry[]> {
  const rows = await db("workflow_history").where({ instance_id: instanceId }).orderBy("row_version", "asc");
  return rows.map((r) => ({
    id: r.id, instanceId: r.instance_id, rowVersion: r.row_version, event: r.event, fromState: r.from_state ?? null,
    toState: r.to_state, actorId: r.actor_id, comment: r.comment ?? null, createdAt: r.created_at,
  }));
}

/** Buttons for this actor on this instance (facts as for applyTransition, computed outside a transaction). */
export async function instanceEvents(inst: InstanceRecord, actor: WorkflowActor, facts: Facts = {}): Promise<AvailableEvent[]> {
  return availableEvents(await instanceDefinition(inst), inst, actor, { facts, now: clockNow() });
}
