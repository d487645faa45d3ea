// Guards of the admission process (入库申请): the batch's registration window and one application per
// expert per batch. Their facts (`batch`, `openInstances`) come from the admission feature's fact
// source (models/applications.server.ts). Browser-safe.
import type { Guard } from "~/engine/workflows/guards";
import { fact } from "~/engine/workflows/guards";
import { formatTime } from "~/utils/format";

/** The facts these guards read. */
export type AdmissionFacts = {
  /** The batch the instance belongs to, or null when there is none (`batch-open`). */
  batch?: { title: string; opensAt: number; closesAt: number } | null;
  /** Other unfinished instances of this workflow the owner has in the same batch (`no-open-application`). */
  openInstances?: number;
};

export const batchOpen: Guard = {
  title: "批次在报名时间内",
  evaluate(ctx) {
    const batch = fact(ctx, "batch", "batch-open") as AdmissionFacts["batch"];
    if (!batch) return "未找到对应的报名批次";
    if (ctx.now < batch.opensAt) return `「${batch.title}」尚未开始报名（开始时间：${formatTime(batch.opensAt)}）`;
    if (ctx.now >= batch.closesAt) return `「${batch.title}」报名已截止（截止时间：${formatTime(batch.closesAt)}）`;
    return true;
  },
};

export const noOpenApplication: Guard = {
  title: "没有未办结的申请",
  evaluate(ctx) {
    const n = (fact(ctx, "openInstances", "no-open-application") as number | null) ?? 0;
    return n > 0 ? "您在本批次已有一份申请，不能重复申请" : true;
  },
};
