// A workflow's state diagram as boxes and arrows with coordinates: states in layers by their distance from
// the initial state (top to bottom), transitions as arrows labelled with the event title and the roles
// that may take it. Works on whatever the YAML holds so far (the editor draws while the text is still
// wrong), so every field is read defensively. Browser-safe, no graph library.
import { parse } from "yaml";

export type DiagramState = { name: string; title: string; final: boolean; initial: boolean; task: boolean; x: number; y: number; w: number; h: number };
export type DiagramEdge = { from: string; to: string; label: string; path: string; lx: number; ly: number; lw: number; missing: boolean };
export type Diagram = { states: DiagramState[]; edges: DiagramEdge[]; width: number; height: number };

const BOX_H = 40;
const GAP_X = 48;
const GAP_Y = 96;
const PAD = 24;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
/** Rough width of a label at 12px: CJK characters are square, the rest about half. */
export const textWidth = (s: string, size = 12) => [...s].reduce((w, c) => w + (/[\u2e80-\uffef]/.test(c) ? size : size * 0.6), 0);

/**
 * The diagram of a YAML text, or null when it is not (yet) a mapping with states. `roleLabels` name the
 * roles on the arrows (the application's words, e.g. reviewer → its label); a role without one shows as written.
 */
export function diagramFromYaml(text: string, roleLabels: Readonly<Record<string, string>> = {}): Diagram | null {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch {
    return null;
  }
  return isObj(raw) ? layoutDiagram(raw, roleLabels) : null;
}

export function layoutDiagram(raw: Record<string, unknown>, roleLabels: Readonly<Record<string, string>> = {}): Diagram | null {
  if (!isObj(raw.states)) return null;
  const names = Object.keys(raw.states).slice(0, 60);
  if (!names.length) return null;
  const initial = typeof raw.initial === "string" && names.includes(raw.initial) ? raw.initial : names[0];
  type T = { from: string; to: string; title: string; by: string[] };
  const transitions: T[] = [];
  for (const t of Array.isArray(raw.transitions) ? raw.transitions.slice(0, 200) : []) {
    if (!isObj(t) || typeof t.to !== "string") continue;
    const froms = (Array.isArray(t.from) ? t.from : [t.from]).filter((f): f is string => typeof f === "string");
    const by = (Array.isArray(t.by) ? t.by : []).map((r) => (Object.prototype.hasOwnProperty.call(roleLabels, String(r)) ? roleLabels[String(r)] : String(r)));
    const title = typeof t.title === "string" ? t.title : typeof t.event === "string" ? t.event : "";
    for (const from of froms) transitions.push({ from, to: t.to, title, by });
  }

  // Layers: breadth-first distance from the initial state; unreachable states go below the rest.
  const layer = new Map<string, number>([[initial, 0]]);
  for (let queue = [initial]; queue.length; ) {
    const next: string[] = [];
    for (const s of queue) {
      for (const t of transitions) {
        if (t.from === s && names.includes(t.to) && !layer.has(t.to)) {
          layer.set(t.to, layer.get(s)! + 1);
          next.push(t.to);
        }
      }
    }
    queue = next;
  }
  const deepest = Math.max(...layer.values());
  for (const n of names) if (!layer.has(n)) layer.set(n, deepest + 1);
  // Missing targets are drawn too (dashed, in red), so the mistake is visible where it is.
  const missing = [...new Set(transitions.filter((t) => !names.includes(t.to)).map((t) => t.to))];
  const bottom = Math.max(...layer.values()) + 1;
  for (const m of missing) layer.set(m, bottom);

  const rows: string[][] = [];
  for (const n of [...names, ...missing]) (rows[layer.get(n)!] ??= []).push(n);
  const widthOf = (n: string) => {
    const st = raw.states as Record<string, unknown>;
    const title = isObj(st[n]) && typeof (st[n] as Record<string, unknown>).title === "string" ? ((st[n] as Record<string, unknown>).title as string) : n;
    return { title, w: Math.max(88, textWidth(title, 14) + 32) };
  };
  const rowWidths = rows.map((r) => (r ?? []).reduce((s, n) => s + widthOf(n).w, 0) + GAP_X * Math.max(0, (r ?? []).length - 1));
  const inner = Math.max(...rowWidths, 200);
  const states: DiagramState[] = [];
  rows.forEach((row, i) => {
    let x = PAD + (inner - rowWidths[i]) / 2;
    for (const n of row ?? []) {
      const { title, w } = widthOf(n);
      const def = (raw.states as Record<string, unknown>)[n];
      states.push({
        name: n, title: missing.includes(n) ? `${n}（未定义）` : title, w, h: BOX_H, x, y: PAD + i * (BOX_H + GAP_Y),
        final: isObj(def) && def.final === true, initial: n === initial, task: isObj(def) && isObj(def.task),
      });
      x += w + GAP_X;
    }
  });
  const at = new Map(states.map((s) => [s.name, s]));

  // Arrows: one layer down is a straight line; anything else bends out to the right, wider each time.
  let bends = 0;
  const edges: DiagramEdge[] = transitions.map((t) => {
    const a = at.get(t.from);
    const b = at.get(t.to);
    const label = t.by.length ? `${t.title}（${t.by.join("、")}）` : t.title;
    const lw = textWidth(label) + 8;
    if (!a || !b) return { from: t.from, to: t.to, label, path: "", lx: 0, ly: 0, lw, missing: true };
    const down = layer.get(t.to)! === layer.get(t.from)! + 1;
    if (down) {
      const x1 = a.x + a.w / 2;
      const y1 = a.y + a.h;
      const x2 = b.x + b.w / 2;
      const y2 = b.y;
      const same = transitions.filter((o) => o.from === t.from && layer.get(o.to) === layer.get(t.to)!).length;
      return { from: t.from, to: t.to, label, path: `M${x1},${y1} L${x2},${y2}`, lx: (x1 + x2) / 2 + (same > 1 ? (x2 - x1) / 4 : 0), ly: (y1 + y2) / 2, lw, missing: !at.has(t.to) || missing.includes(t.to) };
    }
    bends++;
    const reach = 40 + bends * 28;
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2 + (a === b ? -8 : 0);
    const x2 = b.x + b.w;
    const y2 = b.y + b.h / 2 + (a === b ? 8 : 0);
    const cx = Math.max(x1, x2) + reach;
    return { from: t.from, to: t.to, label, path: `M${x1},${y1} C${cx},${y1} ${cx},${y2} ${x2},${y2}`, lx: cx - reach / 4 + lw / 2, ly: (y1 + y2) / 2, lw, missing: missing.includes(t.to) };
  });
  const right = Math.max(...states.map((s) => s.x + s.w), ...edges.map((e) => e.lx + e.lw / 2)) + PAD;
  return { states, edges, width: Math.max(right, inner + 2 * PAD), height: PAD * 2 + rows.length * (BOX_H + GAP_Y) - GAP_Y };
}
