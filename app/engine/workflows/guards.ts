// Guards a transition (or the start of an instance) may name: each returns true or the Chinese reason
// the action is refused. Domain data comes from the caller's facts. Browser-safe, so the wizard can
// grey out a button with the same reason the server would give.
import { formatTime } from "~/utils/format";
import type { Args, WorkflowDefinition } from "./definition-schema";
import type { Facts, GuardContext } from "./types";

export type Guard = {
  title: string;
  /** Problems with the arguments a definition gives (Chinese); absent = takes no arguments. */
  checkArgs?(args: Args, def: WorkflowDefinition): string[];
  evaluate(ctx: GuardContext, args: Args): true | string;
};

function fact<K extends keyof Facts>(ctx: GuardContext, name: K, guard: string): NonNullable<Facts[K]> | null {
  if (!(name in ctx.facts)) throw new Error(`workflow guard "${guard}" needs facts.${String(name)} (event ${ctx.event})`);
  return (ctx.facts[name] ?? null) as NonNullable<Facts[K]> | null;
}

const uploadSteps = (def: WorkflowDefinition) => def.steps.filter((s) => s.type === "sign-upload" && s.document);

export const GUARDS: Record<string, Guard> = {
  "steps-complete": {
    title: "各步骤已完成",
    evaluate(ctx) {
      const done = new Set(fact(ctx, "completedSteps", "steps-complete") ?? []);
      const missing = ctx.def.steps.filter((s) => s.type !== "review-submit" && !done.has(s.key));
      return missing.length === 0 ? true : `请先完成以下步骤：${missing.map((s) => s.title).join("、")}`;
    },
  },
  "batch-open": {
    title: "批次在报名时间内",
    evaluate(ctx) {
      const batch = fact(ctx, "batch", "batch-open");
      if (!batch) return "未找到对应的报名批次";
      if (ctx.now < batch.opensAt) return `「${batch.title}」尚未开始报名（开始时间：${formatTime(batch.opensAt)}）`;
      if (ctx.now >= batch.closesAt) return `「${batch.title}」报名已截止（截止时间：${formatTime(batch.closesAt)}）`;
      return true;
    },
  },
  "no-open-application": {
    title: "没有未办结的申请",
    evaluate(ctx) {
      const n = fact(ctx, "openInstances", "no-open-application") ?? 0;
      return n > 0 ? "您在本批次已有一份申请，不能重复申请" : true;
    },
  },
  "document-current": {
    title: "签字文书已上传且为最新",
    checkArgs(args, def) {
      const keys = new Set(uploadSteps(def).map((s) => s.document));
      const extra = Object.keys(args).filter((k) => k !== "documents");
      const problems = extra.map((k) => `不支持参数 "${k}"（可用：documents）`);
      const docs = args.documents;
      if (docs === undefined) return problems;
      if (!Array.isArray(docs) || docs.some((d) => typeof d !== "string")) return [...problems, "documents 应为文书模板名的列表"];
      for (const d of docs) if (!keys.has(d)) problems.push(`文书 "${d}" 不是任何签字上传步骤的文书`);
      return problems;
    },
    evaluate(ctx, args) {
      const statuses = fact(ctx, "documents", "document-current") ?? {};
      const wanted = Array.isArray(args.documents) ? (args.documents as string[]) : null;
      for (const step of uploadSteps(ctx.def)) {
        if (wanted && !wanted.includes(step.document!)) continue;
        const status = statuses[step.document!] ?? "missing";
        if (status === "missing") return `请先完成「${step.title}」：上传签字后的扫描件`;
        if (status === "stale") return `「${step.title}」中的文件是根据修改前的信息生成的，请重新下载、签字并上传`;
      }
      return true;
    },
  },
};
