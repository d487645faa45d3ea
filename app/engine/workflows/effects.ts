// Effects a transition may name, run in order inside the transition's database transaction (after the
// state change is written), so a failing effect undoes the whole transition. They reach the outside
// world only through the caller's hooks. Browser-safe module (only `run` touches the database, via ctx).
import type { Args, WorkflowDefinition } from "./definition-schema";
import type { EffectContext } from "./types";

export type Effect = {
  title: string;
  checkArgs?(args: Args, def: WorkflowDefinition): string[];
  run(ctx: EffectContext, args: Args): Promise<void>;
};

const only = (args: Args, allowed: string[]) =>
  Object.keys(args).filter((k) => !allowed.includes(k)).map((k) => `不支持参数 "${k}"（可用：${allowed.join("、") || "无"}）`);

/** `{number}`, `{state}`, `{event}`, `{title}`, `{comment}` in a message template. */
export function fillMessage(template: string, ctx: EffectContext): string {
  const values: Record<string, string> = {
    number: ctx.instance.number ?? "",
    state: ctx.def.states[ctx.to]?.title ?? ctx.to,
    event: ctx.eventTitle,
    title: ctx.def.title,
    comment: ctx.comment ?? "",
  };
  return template.replace(/\{(number|state|event|title|comment)\}/g, (_, k: string) => values[k]);
}

export const EFFECTS: Record<string, Effect> = {
  "stamp-submitted-at": {
    title: "记录提交时间",
    checkArgs: (args) => only(args, []),
    async run(ctx) {
      ctx.set({ submittedAt: ctx.now });
    },
  },
  // Back to the applicant before review (撤回): no longer submitted, so reviewers' lists drop it.
  "clear-submitted-at": {
    title: "清除提交时间",
    checkArgs: (args) => only(args, []),
    async run(ctx) {
      ctx.set({ submittedAt: null });
    },
  },
  "assign-number": {
    title: "分配编号",
    checkArgs(args) {
      const problems = only(args, ["prefix", "digits"]);
      if (args.prefix !== undefined && (typeof args.prefix !== "string" || !/^[A-Za-z0-9-]{0,20}$/.test(args.prefix))) problems.push("prefix 应为不超过20个字母或数字");
      if (args.digits !== undefined && (!Number.isInteger(args.digits) || (args.digits as number) < 1 || (args.digits as number) > 12)) problems.push("digits 应为1到12的整数");
      return problems;
    },
    async run(ctx, args) {
      if (ctx.instance.number) return; // numbers are never reassigned (approve after a later reopen keeps it)
      const number = ctx.hooks.nextNumber
        ? await ctx.hooks.nextNumber({ trx: ctx.trx, instance: ctx.instance, def: ctx.def, args })
        : `${(args.prefix as string | undefined) ?? ""}${String(ctx.instance.id).padStart((args.digits as number | undefined) ?? 6, "0")}`;
      ctx.set({ number });
    },
  },
  notify: {
    title: "通知",
    checkArgs(args) {
      const problems = only(args, ["to", "message"]);
      if (args.to !== undefined && args.to !== "owner") problems.push('to 目前只支持 "owner"（申请人）');
      if (typeof args.message !== "string" || !args.message.trim()) problems.push("缺少 message（通知内容）");
      else if (args.message.length > 300) problems.push("message 不能超过300个字");
      return problems;
    },
    async run(ctx, args) {
      if (!ctx.hooks.notify) throw new Error(`workflow effect "notify" needs a notify hook (${ctx.def.key}, event ${ctx.event})`);
      await ctx.hooks.notify({ trx: ctx.trx, userId: ctx.instance.ownerId, message: fillMessage(args.message as string, ctx), instance: ctx.instance, event: ctx.event });
    },
  },
};
