// `assign-number`: gives an approved applicant their 专家编号 in the format of the instance's batch
// (e.g. "XJ{year}{seq:5}"), or `prefix` + zero-padded sequence when the instance has no batch. A
// number is never reassigned: an instance that already has one keeps it.
import type { Effect } from "~/engine/workflows/effects";
import { only } from "~/engine/workflows/effects";
import { formatNumber } from "~/models/sequences.server";

export const assignNumber: Effect = {
  title: "分配专家编号",
  checkArgs(args) {
    const problems = only(args, ["prefix", "digits"]);
    if (args.prefix !== undefined && (typeof args.prefix !== "string" || !/^[A-Za-z0-9-]{0,20}$/.test(args.prefix))) problems.push("prefix 应为不超过20个字母或数字");
    if (args.digits !== undefined && (!Number.isInteger(args.digits) || (args.digits as number) < 1 || (args.digits as number) > 12)) problems.push("digits 应为1到12的整数");
    return problems;
  },
  async run(ctx, args) {
    if (ctx.instance.number) return;
    const batch = ctx.instance.batchId ? await ctx.trx("batches").where({ id: ctx.instance.batchId }).first("number_format") : undefined;
    const format = batch?.number_format ?? `${(args.prefix as string | undefined) ?? ""}{seq:${(args.digits as number | undefined) ?? 6}}`;
    // One counter per expanded prefix, whatever the batch: numbers are unique across the pool, and a
    // cloned batch (2026年第一批 from 2025年第一批) keeps its source's format.
    ctx.set({ number: await formatNumber(ctx.trx, format, "number") });
  },
};
