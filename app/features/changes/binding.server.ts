// A change request bound to the record it was filed against (issue 18): at 提交审核 (and 重新核对并提交)
// `bind-change` computes the field-level difference of the request's form from the pool record as it is
// now and keeps it on the instance (`data.change`: the rows, the patch, the record's row_version and a
// hash of all of it); `apply-change` writes exactly that patch on approval, in the transition's
// transaction, guarded by the record's row_version in the WHERE clause (updatePoolRecord), so a request
// the record has moved away from is refused (stale), never applied blindly. `route-to-receiving-region`
// hands a transfer to the receiving region's reviewers (a second level, when a workflow names it).
import type { Knex } from "knex";
import { hashDefinition } from "~/engine/forms/hash.server";
import { storeAttributes } from "~/engine/workflows/attribute-store.server";
import { EffectRefusal, only } from "~/engine/workflows/effects";
import { getWorkflowVersion } from "~/engine/workflows/registry.server";
import type { Effect } from "~/engine/workflows/effects";
import type { WorkflowDefinition } from "~/engine/workflows/definition-schema";
import type { InstanceRecord } from "~/engine/workflows/types";
import { applicationScope } from "~/models/applications.server";
import { getPoolMember, jsonObject, PoolError, POOL_EVENT, updatePoolRecord } from "~/models/pool.server";
import type { PoolMember, PoolPatch } from "~/models/pool.server";
import { askedChange, diffSummary, type ChangeAsk } from "./diff";
import { CHANGE_GROUP, CHANGE_GROUPS, isChangeGroup, STALE_TEXT, type ChangeBinding, type ChangeGroup } from "./groups";

/** The step type that shows the difference (its `options.group` names the field group). */
export const CHANGE_STEP = "change-review";

/** The field group a definition's `change-review` step names; throws when there is none (a definition the loader let through without one). */
export function groupOf(def: WorkflowDefinition): ChangeGroup {
  const g = def.steps.find((s) => s.type === CHANGE_STEP)?.options?.group;
  if (!isChangeGroup(g)) throw new Error(`workflow ${def.key} v${def.version} has no ${CHANGE_STEP} step with a known group`);
  return g;
}

/** The hash an approval is bound to: the group, the record version, the rows shown and the patch written. */
export const bindingHash = (b: Pick<ChangeBinding, "group" | "base" | "rows" | "patch">) =>
  hashDefinition({ group: b.group, base: b.base, rows: b.rows, patch: b.patch });

type Json = Record<string, unknown>;

/** Specialty code → name, from the catalog (`conn`: the open transaction when inside one). */
export async function specialtyNameMap(conn: Knex | Knex.Transaction): Promise<Map<string, string>> {
  const rows: { code: string; name: string }[] = await conn("specialties").select("code", "name");
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** A catalog entry the patch names that the catalog does not offer (unknown or 停用), as a Chinese reason. */
async function catalogProblem(conn: Knex | Knex.Transaction, patch: PoolPatch): Promise<string | null> {
  if (patch.region !== undefined) {
    const r = await conn("regions").where({ name: patch.region }).whereNull("disabled_at").first("code");
    if (!r) return `评标地州「${patch.region}」不在地州目录中或已停用，请重新选择`;
  }
  for (const s of patch.specialties ?? []) {
    const r = await conn("specialties").where({ code: s.code }).whereNull("disabled_at").first("code");
    if (!r) return `专业「${s.code}」不在专业目录中或已停用，请重新选择`;
  }
  return null;
}

/** What a request asks of its record now: the record, the form's data, and the difference (or why none). */
export type CurrentChange = { group: ChangeGroup; member: PoolMember; data: Json; ask: ChangeAsk };

/**
 * Computes the request's change against its record as it is now, from its saved form (scope
 * `application:<id>`): the record, the form's data and `ask` (the rows and patch, or the Chinese reason
 * there is none: the group's rules, an entry not in the catalogs, nothing to change). `conn`: the open
 * transaction inside a transition. Throws an Error when the instance acts on no record or its definition
 * has no change-review step, and PoolError (missing-data, 404) when the record is gone.
 */
export async function currentChange(conn: Knex | Knex.Transaction, instance: Pick<InstanceRecord, "id" | "ownerId" | "record">, def: WorkflowDefinition): Promise<CurrentChange> {
  if (!instance.record) throw new Error(`instance ${instance.id} acts on no record`);
  const group = groupOf(def);
  const member = await getPoolMember(instance.record.id, conn);
  if (!member) throw new PoolError("missing-data", 404, "专家库中没有这条记录");
  const row = await conn("form_submissions").where({ owner_id: instance.ownerId, scope: applicationScope(instance.id), form_key: CHANGE_GROUPS[group].form }).first("data");
  const data = jsonObject(row?.data);
  const ask = askedChange(group, member, data, await specialtyNameMap(conn));
  if (ask.ok) {
    const problem = await catalogProblem(conn, ask.patch);
    if (problem) return { group, member, data, ask: { ok: false, message: problem } };
  }
  return { group, member, data, ask };
}

/** The binding kept on the instance, if it was submitted. */
export const bindingOn = (instance: { data: Record<string, unknown> }): ChangeBinding | undefined => instance.data.change as ChangeBinding | undefined;

const refusalOf = (e: unknown): never => {
  if (e instanceof PoolError) throw new EffectRefusal(e.status === 404 ? 422 : e.status, e.message);
  throw e;
};

/** 提交审核 / 重新核对并提交: binds the request to the record's current version (refuses an empty or bad change, 422). */
export const bindChange: Effect = {
  title: "核对变更内容",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const now = await currentChange(ctx.trx, ctx.instance, ctx.def).catch(refusalOf);
    if (!now.ask.ok) throw new EffectRefusal(422, now.ask.message);
    const b = { group: now.group, base: now.member.rowVersion, rows: now.ask.rows, patch: now.ask.patch as Record<string, unknown> };
    const change: ChangeBinding = { ...b, hash: bindingHash(b), at: ctx.now };
    ctx.set({ data: { ...ctx.instance.data, change } });
    // Listed with the difference as its summary, to the reviewers of the record's region as it is now.
    await storeAttributes(ctx.trx, ctx.instance.id, { summary: diffSummary(change.rows), region: now.member.region });
  },
};

/** 通过: writes the bound patch to the record, guarded by the version it was bound to (409 when stale). */
export const applyChange: Effect = {
  title: "变更专家库记录",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const bound = bindingOn(ctx.instance);
    if (!bound) throw new EffectRefusal(422, "该申请没有变更内容，请退回专家重新提交");
    const now = await currentChange(ctx.trx, ctx.instance, ctx.def).catch(refusalOf);
    if (now.member.rowVersion !== bound.base) throw new EffectRefusal(409, STALE_TEXT);
    const again = now.ask.ok ? bindingHash({ group: now.group, base: now.member.rowVersion, rows: now.ask.rows, patch: now.ask.patch as Record<string, unknown> }) : null;
    if (again !== bound.hash) throw new EffectRefusal(409, "申请内容与提交时核对的变更不一致，不能通过，请退回专家重新核对后提交");
    const reason = typeof now.data.reason === "string" && now.data.reason.trim() ? now.data.reason.trim() : null;
    const after = await updatePoolRecord(ctx.trx, now.member.id, bound.patch as PoolPatch, {
      actorId: ctx.actor.id, sourceInstanceId: ctx.instance.id, expectedRowVersion: bound.base, now: ctx.now,
      event: bound.group === CHANGE_GROUP.region ? POOL_EVENT.transferred : POOL_EVENT.changed, reason: reason ?? CHANGE_GROUPS[bound.group].title + "变更",
    }).catch((e) => refusalOf(e instanceof PoolError && e.code === "stale" ? new PoolError("stale", 409, STALE_TEXT) : e));
    await storeAttributes(ctx.trx, ctx.instance.id, { region: after.region });
    await markOthersStale(ctx.trx, now.member.id, ctx.instance.id);
  },
};

export const STALE_MARK = "【已过期，需重新提交】";

/** Other submitted requests on the record were bound to the version just replaced: the inbox says so. */
async function markOthersStale(trx: Knex.Transaction, recordId: number, except: number): Promise<void> {
  const others: { id: number; data: string; state: string; workflow_key: string; workflow_version: number }[] = await trx("workflow_instances")
    .where({ record_type: "expert", record_id: recordId }).whereNot({ id: except }).select("id", "data", "state", "workflow_key", "workflow_version");
  for (const o of others) {
    const def = (await getWorkflowVersion(o.workflow_key, o.workflow_version, trx))?.definition;
    const b = bindingOn({ data: jsonObject(o.data) });
    // Only requests waiting for a reviewer: a returned or finished one has nothing to approve.
    if (b && def?.states[o.state]?.task) await storeAttributes(trx, o.id, { summary: `${STALE_MARK}${diffSummary(b.rows, 200 - STALE_MARK.length)}` });
  }
}

/**
 * 转入地州审核: the task goes to the reviewers of the region the transfer asks for; the region it leaves
 * is kept as the instance's origin_region, so the outgoing reviewers still read what they forwarded.
 */
export const routeToReceivingRegion: Effect = {
  title: "转调入地州审核",
  checkArgs: (args) => only(args, []),
  async run(ctx) {
    const region = bindingOn(ctx.instance)?.patch.region;
    if (typeof region !== "string" || !region) throw new EffectRefusal(422, "该申请没有新的评标地州，不能转调入地州审核");
    const from: { region: string | null } | undefined = await ctx.trx("workflow_instances").where({ id: ctx.instance.id }).first("region");
    await ctx.trx("workflow_instances").where({ id: ctx.instance.id }).update({ origin_region: from?.region ?? null });
    await storeAttributes(ctx.trx, ctx.instance.id, { region });
  },
};
