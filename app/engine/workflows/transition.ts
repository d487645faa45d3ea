// The pure heart of the workflow engine: may this actor fire this event on this instance now, and if
// so, where does it go and which effects follow? No I/O; guards read the caller's facts. The same
// function decides the buttons (availableEvents) and the server's answer (runtime.server.ts).
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import type { CommentInput, Ref, TransitionDefinition, WorkflowDefinition } from "./definition-schema";
import { GUARDS } from "./guards";
import type { Guard } from "./guards";
import type { Facts, GuardContext, InstanceView, Refusal, WorkflowActor } from "./types";

export type TransitionInput = { comment?: string | null };

export type TransitionContext = {
  facts?: Facts;
  input?: TransitionInput;
  now?: number;
  /** Overrides the guard registry (tests). */
  guards?: Record<string, Guard>;
};

export type TransitionResult =
  | { ok: true; from: string; to: string; transition: TransitionDefinition; effects: Ref[]; comment: string | null }
  | Refusal;

export type AvailableEvent = {
  event: string;
  title: string;
  to: string;
  /** false when a guard refuses; `reason` says why (show it next to a disabled button). */
  enabled: boolean;
  reason?: string;
  comment?: CommentInput;
  /** What happens if it is taken, said in the confirmation before it is (confirmText). */
  confirm: string;
};

const DEFAULT_COMMENT_MAX = 500;

export const stateTitle = (def: WorkflowDefinition, state: string) => def.states[state]?.title ?? state;

/**
 * What the confirmation before `t` says: the transition's own `confirm:` text when the definition has
 * one, else sentences derived from the definition, so instances pinned to versions written before
 * `confirm:` existed say it too: the state it leads to (「提交审核后，状态将变为「已提交」。」), then what that
 * changes for the owner — a final state cannot be left (不可撤销); leaving an editable state locks the
 * input (and names the owner's way back, e.g. 撤回, if the target state has one); entering an editable
 * state opens it again; leaving a state the owner could take back from ends that (不能再撤回).
 */
export function confirmText(def: WorkflowDefinition, t: TransitionDefinition): string {
  if (t.confirm) return t.confirm;
  const to = def.states[t.to];
  /** The owner's transition from `state` back into an editable state (撤回), if any. */
  const wayBack = (state: string) => def.transitions.find((x) => x.owner && x.from.includes(state) && def.states[x.to]?.editable);
  const parts = [`${t.title}后，状态将变为「${stateTitle(def, t.to)}」。`];
  const fromEditable = t.from.some((s) => def.states[s]?.editable);
  if (to?.final) parts.push("此操作不可撤销。");
  else if (fromEditable && !to?.editable) {
    const back = wayBack(t.to);
    parts.push(back ? `此后资料不能修改，如需修改请先「${back.title}」。` : "此后资料不能修改。");
  } else if (to?.editable && !fromEditable) parts.push(t.owner ? "此后可以修改资料并重新提交。" : "申请人可修改资料后重新提交。");
  else {
    const lost = t.from.map(wayBack).find((x) => x && !wayBack(t.to));
    if (lost) parts.push(`此后申请人不能再「${lost.title}」。`);
  }
  return parts.join("");
}

/** The transition for `event` out of `state`, if any (the loader guarantees at most one). */
export function findTransition(def: WorkflowDefinition, state: string, event: string): TransitionDefinition | undefined {
  return def.transitions.find((t) => t.event === event && t.from.includes(state));
}

function refuse(status: Refusal["status"], message: string): Refusal {
  return { ok: false, status, message };
}

/** Role and owner rules: null when the actor may take the transition. */
function actorRefusal(t: TransitionDefinition, instance: InstanceView, actor: WorkflowActor): Refusal | null {
  if (!t.by.includes(actor.role)) return refuse(403, `您无权执行「${t.title}」操作`);
  if (t.owner && actor.id !== instance.ownerId) return refuse(403, `只有申请人本人可以执行「${t.title}」操作`);
  return null;
}

/** The first failing guard and its reason, or null. */
function failingGuard(def: WorkflowDefinition, refs: readonly Ref[], gctx: GuardContext, registry: Record<string, Guard>): { guard: Guard; reason: string } | null {
  for (const ref of refs) {
    const guard = registry[ref.name];
    if (!guard) throw new Error(`unknown workflow guard "${ref.name}" in ${def.key} v${def.version}`);
    const r = guard.evaluate(gctx, ref.args);
    if (r !== true) return { guard, reason: r };
  }
  return null;
}

/** The first failing guard's reason, or null. */
export function guardRefusal(def: WorkflowDefinition, refs: readonly Ref[], gctx: GuardContext, registry: Record<string, Guard> = GUARDS): string | null {
  return failingGuard(def, refs, gctx, registry)?.reason ?? null;
}

function commentRefusal(spec: CommentInput | undefined, comment: string | null): Refusal | null {
  if (!spec) return null;
  if (spec.required && !comment) return refuse(422, `请填写${spec.title}`);
  const max = spec.maxLength ?? DEFAULT_COMMENT_MAX;
  if (comment && comment.length > max) return refuse(422, `${spec.title}不能超过${max}个字`);
  // A direction override (U+202E …) would turn the text around wherever it is shown (the expert's page, a PDF).
  const invisible = comment ? invisibleCharProblem(comment) : null;
  if (invisible) return refuse(422, `${spec.title}${invisible}`);
  return null;
}

export function transition(
  def: WorkflowDefinition,
  instance: InstanceView,
  event: string,
  actor: WorkflowActor,
  ctx: TransitionContext = {},
): TransitionResult {
  const t = findTransition(def, instance.state, event);
  if (!t) {
    const named = def.transitions.find((x) => x.event === event);
    if (!named) return refuse(422, "不支持的操作");
    return refuse(409, `当前状态为「${stateTitle(def, instance.state)}」，不能${named.title}`);
  }
  const denied = actorRefusal(t, instance, actor);
  if (denied) return denied;

  // Only a declared input is kept; a comment nobody asked for is dropped rather than stored.
  const comment = t.input?.comment ? (ctx.input?.comment ?? "").trim() || null : null;
  const badInput = commentRefusal(t.input?.comment, comment);
  if (badInput) return badInput;

  const gctx: GuardContext = { def, instance, actor, event, facts: ctx.facts ?? {}, now: ctx.now ?? Date.now() };
  const reason = guardRefusal(def, t.guards, gctx, ctx.guards);
  if (reason) return refuse(422, reason);

  return { ok: true, from: instance.state, to: t.to, transition: t, effects: t.effects, comment };
}

/**
 * The events this actor could fire on the instance now, for buttons: those the role/owner rules allow,
 * each enabled or disabled with the guard's reason. Required input is not checked (the button asks for it).
 */
export function availableEvents(def: WorkflowDefinition, instance: InstanceView, actor: WorkflowActor, ctx: Omit<TransitionContext, "input"> = {}): AvailableEvent[] {
  const out: AvailableEvent[] = [];
  for (const t of def.transitions) {
    if (!t.from.includes(instance.state) || actorRefusal(t, instance, actor)) continue;
    const gctx: GuardContext = { def, instance, actor, event: t.event, facts: ctx.facts ?? {}, now: ctx.now ?? Date.now() };
    const failing = failingGuard(def, t.guards, gctx, ctx.guards ?? GUARDS);
    if (failing?.guard.offerOnlyWhenMet) continue;
    const reason = failing?.reason ?? null;
    out.push({
      event: t.event,
      title: t.title,
      to: t.to,
      enabled: reason === null,
      ...(reason ? { reason } : {}),
      ...(t.input?.comment ? { comment: t.input.comment } : {}),
      confirm: confirmText(def, t),
    });
  }
  return out;
}

/** May this actor start a new instance? (`start:` absent = anyone signed in; guards run with instance null.) */
export function canStart(def: WorkflowDefinition, actor: WorkflowActor, ctx: Omit<TransitionContext, "input"> = {}): { ok: true } | Refusal {
  if (!def.start) return { ok: true };
  if (!def.start.by.includes(actor.role)) return refuse(403, `您无权发起「${def.title}」`);
  const gctx: GuardContext = { def, instance: null, actor, event: "start", facts: ctx.facts ?? {}, now: ctx.now ?? Date.now() };
  const reason = guardRefusal(def, def.start.guards, gctx, ctx.guards);
  return reason ? refuse(422, reason) : { ok: true };
}

/** A step is editable by the owner only while the state says so. */
export const isEditable = (def: WorkflowDefinition, state: string) => def.states[state]?.editable === true;
export const isFinal = (def: WorkflowDefinition, state: string) => def.states[state]?.final === true;
