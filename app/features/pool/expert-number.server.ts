// `assign-number` (分配专家编号并入库): gives an approved applicant their 专家编号 in the format of the
// instance's batch (e.g. "XJ{year}{seq:5}"), or `prefix` + zero-padded sequence when the instance has no
// batch, and — when the instance holds the pool's source form (基本信息) — creates their 专家库 record in
// the same transaction. A number is never reassigned. A person already in the pool under another account
// refuses the whole approval (409 with the reason), so the roster never lists one person twice.
import { EffectRefusal, only } from "~/engine/workflows/effects";
import type { Effect } from "~/engine/workflows/effects";
import { enterPool, PoolError, POOL_SOURCE } from "~/models/pool.server";
import { formatNumber } from "~/models/sequences.server";

export const assignNumber: Effect = {
  title: "分配专家编号并入库",
  checkArgs(args) {
    const problems = only(args, ["prefix", "digits"]);
    if (args.prefix !== undefined && (typeof args.prefix !== "string" || !/^[A-Za-z0-9-]{0,20}$/.test(args.prefix))) problems.push("prefix 应为不超过20个字母或数字");
    if (args.digits !== undefined && (!Number.isInteger(args.digits) || (args.digits as number) < 1 || (args.digits as number) > 12)) problems.push("digits 应为1到12的整数");
    return problems;
  },
  async run(ctx, args) {
    if (!ctx.instance.number) {
      const batch = ctx.instance.batchId ? await ctx.trx("batches").where({ id: ctx.instance.batchId }).first("number_format") : undefined;
      const format = batch?.number_format ?? `${(args.prefix as string | undefined) ?? ""}{seq:${(args.digits as number | undefined) ?? 6}}`;
      // One counter per expanded prefix, whatever the batch: numbers are unique across the pool, and a
      // cloned batch (2026年第一批 from 2025年第一批) keeps its source's format.
      ctx.set({ number: await formatNumber(ctx.trx, format, "number") });
    }
    const hasSource = await ctx.trx("form_submissions")
      .where({ owner_id: ctx.instance.ownerId, scope: `application:${ctx.instance.id}`, form_key: POOL_SOURCE.basicInfo }).first("id");
    if (!hasSource) return;
    try {
      await enterPool(ctx.trx, { instanceId: ctx.instance.id, number: ctx.instance.number!, actorId: ctx.actor.id, now: ctx.now });
    } catch (e) {
      if (e instanceof PoolError && (e.status === 409 || e.status === 422)) throw new EffectRefusal(e.status, e.message);
      throw e;
    }
  },
};
