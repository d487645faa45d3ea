// A workflow's state diagram as boxes and arrows with coordinates, laid out by dagre (@dagrejs/dagre, a
// maintained layered-graph layout): states in ranks from the initial state down, each transition an arrow
// whose label (event title and the roles that may take it) is placed by dagre as a node of its own, so
// labels never overlap each other or the boxes (issue 20; our earlier hand placement did). Works on
// whatever the YAML holds so far (the editor draws while the text is still wrong). Browser-safe.
import dagre from "@dagrejs/dagre";
import { parseWorkflowLoosely, workflowOverview } from "./overview";

export type DiagramState = { name: string; title: string; final: boolean; initial: boolean; task: boolean; x: number; y: number; w: number; h: number };
/** `lx`, `ly`: the label's centre; `lw` × `lh` its box. `path`: SVG path data, empty when the source state is unknown. */
export type DiagramEdge = { from: string; to: string; label: string; path: string; lx: number; ly: number; lw: number; lh: number; missing: boolean };
export type Diagram = { states: DiagramState[]; edges: DiagramEdge[]; width: number; height: number };

const BOX_H = 40;
const LABEL_H = 18;
const PAD = 24;

/** Rough width of a label at 12px: CJK characters are square, the rest about 0.6 of the size. */
export const textWidth = (s: string, size = 12) => [...s].reduce((w, c) => w + (/[\u2e80-\uffef]/.test(c) ? size : size * 0.6), 0);

/**
 * The diagram of a YAML text, or null when it is not (yet) a mapping with states. `roleLabels` name the
 * roles on the arrows (the application's words, e.g. reviewer → its label); a role without one shows as written.
 */
export function diagramFromYaml(text: string, roleLabels: Readonly<Record<string, string>> = {}): Diagram | null {
  const raw = parseWorkflowLoosely(text);
  return raw ? layoutDiagram(raw, roleLabels) : null;
}

/** A smooth path through dagre's points: straight ends, quadratic bends at the points between. */
function pathThrough(points: { x: number; y: number }[]): string {
  if (points.length < 2) return "";
  const f = (n: number) => Math.round(n * 10) / 10;
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const q = points[i + 1];
    d += ` Q${f(p.x)},${f(p.y)} ${f((p.x + q.x) / 2)},${f((p.y + q.y) / 2)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${f(last.x)},${f(last.y)}`;
}

export function layoutDiagram(raw: Record<string, unknown>, roleLabels: Readonly<Record<string, string>> = {}): Diagram | null {
  const o = workflowOverview(raw);
  if (!o) return null;
  const role = (r: string) => (Object.prototype.hasOwnProperty.call(roleLabels, r) ? roleLabels[r] : r);
  const known = new Set(o.states.map((s) => s.name));

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 28, edgesep: 16, ranksep: 36, marginx: PAD, marginy: PAD, acyclicer: "greedy" });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of o.states) g.setNode(s.name, { width: Math.max(88, textWidth(s.title, 14) + 32), height: BOX_H });

  // Ranks read as the process runs: breadth-first distance from the initial state. An arrow back up (退回,
  // 撤回) is given to dagre the other way round, so it never pulls a later state above an earlier one.
  const rank = new Map<string, number>([[o.initial, 0]]);
  for (let queue = [o.initial]; queue.length; ) {
    const next: string[] = [];
    for (const s of queue) {
      for (const t of o.transitions) {
        if (t.from.includes(s) && known.has(t.to) && !rank.has(t.to)) {
          rank.set(t.to, rank.get(s)! + 1);
          next.push(t.to);
        }
      }
    }
    queue = next;
  }
  const below = Math.max(...rank.values()) + 1;
  const rankOf = (s: string) => rank.get(s) ?? below;

  type Pending = { from: string; to: string; label: string; lw: number; name: string | null; back: boolean };
  const pending: Pending[] = [];
  o.transitions.forEach((t, i) => {
    const label = t.by.length ? `${t.title}（${t.by.map(role).join("、")}）` : t.title;
    const lw = textWidth(label) + 8;
    t.from.forEach((from, j) => {
      const name = known.has(from) ? `t${i}-${j}` : null;
      const back = from !== t.to && rankOf(t.to) <= rankOf(from);
      if (name) g.setEdge(back ? t.to : from, back ? from : t.to, { width: lw, height: LABEL_H, labelpos: "c" }, name);
      pending.push({ from, to: t.to, label, lw, name, back });
    });
  });
  dagre.layout(g);

  const states: DiagramState[] = o.states.map((s) => {
    const n = g.node(s.name);
    return { name: s.name, title: s.title, final: s.final, initial: s.initial, task: s.taskBy !== null, w: n.width, h: n.height, x: n.x - n.width / 2, y: n.y - n.height / 2 };
  });
  const undefinedStates = new Set(o.states.filter((s) => !s.defined).map((s) => s.name));
  const edges: DiagramEdge[] = pending.map((p) => {
    const e = p.name ? g.edge(p.back ? { v: p.to, w: p.from, name: p.name } : { v: p.from, w: p.to, name: p.name }) : null;
    const missing = undefinedStates.has(p.to) || !p.name;
    if (!e?.points) return { from: p.from, to: p.to, label: p.label, path: "", lx: 0, ly: 0, lw: p.lw, lh: LABEL_H, missing };
    return { from: p.from, to: p.to, label: p.label, path: pathThrough(p.back ? [...e.points].reverse() : e.points), lx: e.x ?? 0, ly: e.y ?? 0, lw: p.lw, lh: LABEL_H, missing };
  });
  // marginx (PAD) leaves room for the initial state's dot, drawn left of its box.
  const graph = g.graph();
  return { states, edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}
