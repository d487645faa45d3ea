// What the review inbox shows of a workflow, from its definition (issue 13: workflow instances are
// generic): its tabs, the bulk actions offered on each, and the kind of a state (the tag colour).
// A definition's `inbox:` section declares them; without it the tabs follow the states. Browser-safe.
import type { WorkflowDefinition } from "~/engine/workflows/definition-schema";
import { findTransition, stateTitle } from "~/engine/workflows/transition";

/** What a state is to a reviewer: a review task, a final state, one the applicant edits again, or other. */
export type StateKind = "task" | "final" | "editable" | "other";

/** A bulk action as the inbox offers it: `verb` is the transition's own title (通过), `title` the button's (批量通过). */
export type BulkAction = { event: string; title: string; verb: string; confirm?: string };

/** One inbox tab: the instances in state `key`, and the bulk actions their tasks allow. */
export type InboxTab = { key: string; title: string; bulk: BulkAction[] };

/** The kind of `state` in `def` (a state the definition does not know is "other"). */
export function stateKind(def: WorkflowDefinition, state: string): StateKind {
  const s = def.states[state];
  if (s?.task) return "task";
  if (s?.final) return "final";
  if (s?.editable) return "editable";
  return "other";
}

/**
 * The declared bulk action `event` as offered on tasks in `state`: only on a review-task state the
 * event's transition leaves from. Undefined when the definition offers no such bulk action there.
 */
/** Whether `event` leaves review-task `state` in `def` (a task pinned to an older version may take a bulk action its version never declared). */
export const isTaskTransition = (def: WorkflowDefinition, state: string, event: string): boolean =>
  !!def.states[state]?.task && !!findTransition(def, state, event);

export function bulkActionAt(def: WorkflowDefinition, state: string, event: string): BulkAction | undefined {
  const declared = def.inbox?.bulk?.find((b) => b.event === event);
  const transition = findTransition(def, state, event);
  if (!declared || !transition || !def.states[state]?.task) return undefined;
  return { event, title: declared.title, verb: transition.title, ...(declared.confirm ? { confirm: declared.confirm } : {}) };
}

/**
 * The tabs of one definition, in order. Declared (`inbox.tabs`): those, then every review-task state
 * they leave out under its state title (a task is never hidden from its reviewers). Not declared: the
 * task states, then every other state but the initial one, in the order the definition lists them,
 * titled by their state titles. Each tab carries the bulk actions offered on its state.
 */
export function definitionTabs(def: WorkflowDefinition): InboxTab[] {
  const states = Object.keys(def.states);
  const tasks = states.filter((s) => def.states[s].task);
  const chosen = def.inbox?.tabs
    ? [...def.inbox.tabs, ...tasks.filter((s) => !def.inbox!.tabs!.some((t) => t.state === s)).map((s) => ({ state: s, title: stateTitle(def, s) }))]
    : [...tasks, ...states.filter((s) => !def.states[s].task && s !== def.initial)].map((s) => ({ state: s, title: stateTitle(def, s) }));
  return chosen.map(({ state, title }) => ({
    key: state,
    title,
    bulk: (def.inbox?.bulk ?? []).flatMap((b) => bulkActionAt(def, state, b.event) ?? []),
  }));
}

/**
 * Tabs of several workflows in one inbox: the same state key is one tab (its first title; the bulk
 * actions of all, one per event, the first declaration winning), in order of first appearance.
 */
export function mergeTabs(lists: readonly InboxTab[][]): InboxTab[] {
  const merged = new Map<string, InboxTab>();
  for (const tab of lists.flat()) {
    const seen = merged.get(tab.key);
    if (!seen) merged.set(tab.key, { ...tab, bulk: [...tab.bulk] });
    else for (const b of tab.bulk) if (!seen.bulk.some((x) => x.event === b.event)) seen.bulk.push(b);
  }
  return [...merged.values()];
}
