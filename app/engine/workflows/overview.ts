// A workflow's states and transitions as plain rows, read from whatever its YAML holds so far (the editor
// shows them while the text is still wrong, so every field is read defensively and nothing throws). The
// state diagram and the editor's table of states and transitions both read workflows through this.
// Browser-safe.
import { parse } from "yaml";

export type OverviewState = { name: string; title: string; initial: boolean; final: boolean; editable: boolean; taskBy: string[] | null; defined: boolean };
/** `guards` / `effects`: the registry names a transition refers to (arguments left out). */
export type OverviewTransition = { event: string; title: string; from: string[]; to: string; by: string[]; owner: boolean; guards: string[]; effects: string[] };
export type WorkflowOverview = { initial: string; states: OverviewState[]; transitions: OverviewTransition[]; startBy: string[]; startGuards: string[] };

const MAX_STATES = 60;
const MAX_TRANSITIONS = 200;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((x): x is string => typeof x === "string");
/** A registry reference is written `name` or `{ name: args }`. */
const refNames = (v: unknown): string[] =>
  (Array.isArray(v) ? v : []).flatMap((r) => (typeof r === "string" ? [r] : isObj(r) && Object.keys(r).length === 1 ? [Object.keys(r)[0]] : []));

/** The YAML as a mapping, or null when it does not parse (yet) or is not one. */
export function parseWorkflowLoosely(text: string): Record<string, unknown> | null {
  try {
    const raw: unknown = parse(text, { maxAliasCount: 100, uniqueKeys: false });
    return isObj(raw) ? raw : null;
  } catch {
    return null;
  }
}

/**
 * The rows of a parsed definition, or null without any states. Transitions to a state that is not
 * defined add that state with `defined: false` (so a mistake shows where it is); those from one are kept.
 */
export function workflowOverview(raw: Record<string, unknown>): WorkflowOverview | null {
  if (!isObj(raw.states)) return null;
  const defs = raw.states;
  const names = Object.keys(defs).slice(0, MAX_STATES);
  if (!names.length) return null;
  const initial = typeof raw.initial === "string" && names.includes(raw.initial) ? raw.initial : names[0];
  const transitions: OverviewTransition[] = [];
  for (const t of Array.isArray(raw.transitions) ? raw.transitions.slice(0, MAX_TRANSITIONS) : []) {
    if (!isObj(t) || typeof t.to !== "string") continue;
    const event = typeof t.event === "string" ? t.event : "";
    transitions.push({
      event, title: typeof t.title === "string" ? t.title : event, from: strings(t.from), to: t.to, by: strings(t.by),
      owner: t.owner === true, guards: refNames(t.guards), effects: refNames(t.effects),
    });
  }
  const states: OverviewState[] = names.map((name) => {
    const d = isObj(defs[name]) ? (defs[name] as Record<string, unknown>) : {};
    return {
      name, title: typeof d.title === "string" ? d.title : name, initial: name === initial, final: d.final === true,
      editable: d.editable === true, taskBy: isObj(d.task) ? strings(d.task.by) : null, defined: true,
    };
  });
  for (const to of new Set(transitions.map((t) => t.to))) {
    if (!names.includes(to)) states.push({ name: to, title: `${to}（未定义）`, initial: false, final: false, editable: false, taskBy: null, defined: false });
  }
  const start = isObj(raw.start) ? raw.start : {};
  return { initial, states, transitions, startBy: strings(start.by), startGuards: refNames(start.guards) };
}
