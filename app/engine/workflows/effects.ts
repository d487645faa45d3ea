// Effects a transition may name, run in order inside the transition's database transaction (after the
// state change is written), so a failing effect undoes the whole transition. They reach the outside
// world only through the caller's hooks. Browser-safe module (only `run` touches the database, via ctx).
import { registerInto } from "../extensions";
import type { Args, WorkflowDefinition } from "./definition-schema";
import type { EffectContext } from "./types";

/**
 * Thrown by an effect that finds the transition cannot go ahead (e.g. the person is already in the
 * pool under another account): the whole transition is rolled back and the actor gets `status` with
 * the Chinese `message`, like a guard's refusal.
 */
export class EffectRefusal extends Error {
  constructor(readonly status: 409 | 422, message: string) {
    super(message);
  }
}

export type Effect = {
  title: string;
  checkArgs?(args: Args, def: WorkflowDefinition): string[];
  run(ctx: EffectContext, args: Args): Promise<void>;
};

/** Problems for argument names outside `allowed` (Chinese), for effects' and guards' checkArgs. */
export const only = (args: Args, allowed: string[]) =>
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

/** Adds an effect (throws if the name is taken by another). */
export function registerEffect(name: string, effect: Effect): void {
  registerInto(EFFECTS, "effect", name, effect);
}
