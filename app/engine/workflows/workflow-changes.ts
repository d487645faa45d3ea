// What changed between two versions of a workflow, as sentences an administrator reads above the YAML
// diff (issue 20), like the form editor's: 流程名称/说明, 新增状态「…」, 删除状态「…」, 状态「…」名称改为「…」, 新增操作「…」
// （起 → 止，由 …执行）, 操作「…」改由 …执行, its from/to states, the conditions (guards) and results
// (effects) it names, and who may start the process. States are known by their names and transitions by
// their events, so renaming one reads as one removed and another added. Guards, effects and roles are
// given by their Chinese titles where the caller knows them (`titles`), else as written. Pure and
// browser-safe; reads whatever the YAML holds (through workflowOverview) without assuming it is valid.
import { parseWorkflowLoosely, workflowOverview } from "./overview";
import type { OverviewState, OverviewTransition, WorkflowOverview } from "./overview";

/** Chinese titles by name: roles, guards and effects. A name missing here is shown as written. */
export type ChangeTitles = { roles: Record<string, string>; guards: Record<string, string>; effects: Record<string, string> };

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const EMPTY: WorkflowOverview = { initial: "", states: [], transitions: [], startBy: [], startGuards: [] };

function read(yaml: string | null | undefined): { o: WorkflowOverview; title: string; description: string } {
  const raw = yaml ? parseWorkflowLoosely(yaml) : null;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return { o: (raw && workflowOverview(raw)) || EMPTY, title: text(raw?.title), description: text(raw?.description) };
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const quoted = (names: string[]) => names.map((n) => `「${n}」`).join("、");

/**
 * The sentences for going from YAML `before` to YAML `after` (either may be empty or unparsable: it
 * then reads as a workflow with no states), in the order: name and description, start, states, transitions.
 */
export function describeWorkflowChanges(before: string | null | undefined, after: string | null | undefined, titles: ChangeTitles = { roles: {}, guards: {}, effects: {} }): string[] {
  const ra = read(before);
  const rb = read(after);
  const [a, b] = [ra.o, rb.o];
  const out: string[] = [];
  if (ra.title && rb.title && ra.title !== rb.title) out.push(`流程名称改为「${rb.title}」`);
  if (ra.description !== rb.description) out.push(rb.description ? `流程说明改为「${rb.description}」` : "删除流程说明");
  const title = (map: Record<string, string>) => (n: string) => (has(map, n) ? map[n] : n);
  const roles = (names: string[]) => (names.length ? names.map(title(titles.roles)).join("、") : "无人");
  const stateTitle = (o: WorkflowOverview) => (n: string) => o.states.find((s) => s.name === n)?.title ?? n;
  const states = (o: WorkflowOverview, names: string[]) => names.map(stateTitle(o)).join("、");
  /** Names added to and removed from a list, as 「新增…」「删除…」 clauses. */
  const listChange = (what: string, was: string[], now: string[], map: Record<string, string>) => {
    const added = now.filter((n) => !was.includes(n)).map(title(map));
    const removed = was.filter((n) => !now.includes(n)).map(title(map));
    return [...(added.length ? [`${what}新增${quoted(added)}`] : []), ...(removed.length ? [`${what}删除${quoted(removed)}`] : [])];
  };

  if (!same([...a.startBy].sort(), [...b.startBy].sort())) out.push(`发起人改为${roles(b.startBy)}`);
  out.push(...listChange("发起条件", a.startGuards, b.startGuards, titles.guards));
  if (a.initial && b.initial && a.initial !== b.initial) out.push(`初始状态改为「${stateTitle(b)(b.initial)}」`);

  const defined = (o: WorkflowOverview) => o.states.filter((s) => s.defined);
  for (const s of defined(b)) {
    const old = defined(a).find((x) => x.name === s.name);
    if (!old) {
      out.push(`新增状态「${s.title}」${s.taskBy ? `（由${roles(s.taskBy)}审核）` : ""}`);
      continue;
    }
    const name = `状态「${old.title}」`;
    if (old.title !== s.title) out.push(`${name}名称改为「${s.title}」`);
    const flag = (k: keyof Pick<OverviewState, "final" | "editable">, yes: string, no: string) => {
      if (old[k] !== s[k]) out.push(`${name}${s[k] ? yes : no}`);
    };
    flag("final", "改为结束状态", "不再是结束状态");
    flag("editable", "改为申请人可修改", "改为申请人不可修改");
    if (!old.taskBy && s.taskBy) out.push(`${name}改为需审核（由${roles(s.taskBy)}审核）`);
    else if (old.taskBy && !s.taskBy) out.push(`${name}不再需要审核`);
    else if (old.taskBy && s.taskBy && !same([...old.taskBy].sort(), [...s.taskBy].sort())) out.push(`${name}改由${roles(s.taskBy)}审核`);
  }
  for (const s of defined(a)) if (!defined(b).some((x) => x.name === s.name)) out.push(`删除状态「${s.title}」`);

  const route = (o: WorkflowOverview, t: OverviewTransition) => `${t.from.length ? states(o, t.from) : "任意状态"} → ${stateTitle(o)(t.to)}`;
  const who = (t: OverviewTransition) => [t.owner ? "申请人" : "", t.by.length ? roles(t.by) : ""].filter(Boolean).join("、") || "无人";
  const events = (o: WorkflowOverview) => new Map(o.transitions.filter((t) => t.event).map((t) => [t.event, t]));
  const was = events(a);
  const now = events(b);
  for (const [event, t] of now) {
    const old = was.get(event);
    if (!old) {
      out.push(`新增操作「${t.title}」（${route(b, t)}，由${who(t)}执行）`);
      continue;
    }
    const name = `操作「${old.title}」`;
    if (old.title !== t.title) out.push(`${name}名称改为「${t.title}」`);
    if (!same(old.from, t.from) || old.to !== t.to) out.push(`${name}改为 ${route(b, t)}`);
    if (who(old) !== who(t)) out.push(`${name}改由${who(t)}执行`);
    for (const c of [...listChange("条件", old.guards, t.guards, titles.guards), ...listChange("结果", old.effects, t.effects, titles.effects)]) out.push(`${name}${c}`);
  }
  for (const [event, t] of was) if (!now.has(event)) out.push(`删除操作「${t.title}」`);
  return out;
}
