// Guards a transition (or the start of an instance) may name: each returns true or the Chinese reason
// the action is refused. Domain data comes from the caller's facts. Browser-safe, so the wizard can
// grey out a button with the same reason the server would give.
import { registerInto } from "../extensions";
import type { Args, WorkflowDefinition } from "./definition-schema";
import { documentSteps, STEP_TYPES } from "./step-types";
import type { Facts, GuardContext } from "./types";

export type Guard = {
  title: string;
  /** Problems with the arguments a definition gives (Chinese); absent = takes no arguments. */
  checkArgs?(args: Args, def: WorkflowDefinition): string[];
  evaluate(ctx: GuardContext, args: Args): true | string;
  /**
   * The transition is a remedy for this condition (e.g. re-submitting a request that went stale): while the
   * guard fails, its button is not offered at all rather than shown disabled with the reason, which would
   * only puzzle the person. Firing it anyway is still refused with the reason.
   */
  offerOnlyWhenMet?: boolean;
};

/**
 * A fact the caller supplied, by name; throws when it was not supplied (forgetting it is a programming
 * error, not a user's). Exported for guards that features register.
 */
export function fact<K extends keyof Facts>(ctx: GuardContext, name: K, guard: string): NonNullable<Facts[K]> | null {
  if (!(name in ctx.facts)) throw new Error(`workflow guard "${guard}" needs facts.${String(name)} (event ${ctx.event})`);
  return (ctx.facts[name] ?? null) as NonNullable<Facts[K]> | null;
}


export const GUARDS: Record<string, Guard> = {
  "steps-complete": {
    title: "各步骤已完成",
    evaluate(ctx) {
      const done = new Set(fact(ctx, "completedSteps", "steps-complete") ?? []);
      const missing = ctx.def.steps.filter((s) => STEP_TYPES[s.type]?.countsAsStep !== false && !done.has(s.key));
      return missing.length === 0 ? true : `请先完成以下步骤：${missing.map((s) => s.title).join("、")}`;
    },
  },
  "document-current": {
    title: "签字文书已上传且为最新",
    checkArgs(args, def) {
      const keys = new Set(documentSteps(def).map((s) => s.document));
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
      for (const step of documentSteps(ctx.def)) {
        if (wanted && !wanted.includes(step.document!)) continue;
        const status = statuses[step.document!] ?? "missing";
        if (status === "missing") return `请先完成「${step.title}」：上传签字后的扫描件`;
        if (status === "stale") return `「${step.title}」中的文件是根据修改前的信息生成的，请重新下载、签字并上传`;
      }
      return true;
    },
  },
};

/** Adds a guard (throws if the name is taken by another). */
export function registerGuard(name: string, guard: Guard): void {
  registerInto(GUARDS, "guard", name, guard);
}
