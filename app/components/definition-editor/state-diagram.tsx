// The workflow's state diagram as inline SVG, redrawn from the YAML as it is typed (laid out by dagre in
// engine/workflows/diagram; each label is a group `.edge-label`, which the browser test checks for overlaps).
import { useMemo } from "react";
import { diagramFromYaml } from "~/engine/workflows/diagram";
import { ROLE_LABEL } from "~/models/constants";

export function StateDiagram({ yaml }: { yaml: string }) {
  const d = useMemo(() => diagramFromYaml(yaml, ROLE_LABEL), [yaml]);
  if (!d) return <p className="diagram-empty">YAML 中还没有可绘制的状态（states）。</p>;
  const summary = `状态图：${d.states.length} 个状态，${d.edges.length} 个转换`;
  return (
    <div className="state-diagram" data-testid="state-diagram">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${d.width} ${d.height}`} width={d.width} height={d.height} style={{ maxWidth: "100%", height: "auto" }}>
        <title>{summary}</title>
        <defs>
          <marker id="sd-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#434343" />
          </marker>
          <marker id="sd-arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#b3261e" />
          </marker>
        </defs>
        {d.edges.filter((e) => e.path).map((e, i) => (
          <path key={`p${i}`} d={e.path} fill="none" stroke={e.missing ? "#b3261e" : "#434343"} strokeWidth={1.5}
            strokeDasharray={e.missing ? "5 4" : undefined} markerEnd={`url(#${e.missing ? "sd-arrow-bad" : "sd-arrow"})`} />
        ))}
        {d.states.map((s) => {
          const undefinedState = s.title.endsWith("（未定义）");
          return (
            <g key={s.name} data-state={s.name}>
              {s.initial ? <circle cx={s.x - 14} cy={s.y + s.h / 2} r={5} fill="#1f1f1f" /> : null}
              <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={8} fill={undefinedState ? "#fff1f0" : s.task ? "#e6f4ff" : "#ffffff"}
                stroke={undefinedState ? "#b3261e" : "#1f1f1f"} strokeWidth={s.final ? 3 : 1.5} strokeDasharray={undefinedState ? "5 4" : undefined} />
              <text x={s.x + s.w / 2} y={s.y + s.h / 2 + 5} textAnchor="middle" fontSize={14} fill={undefinedState ? "#b3261e" : "#1f1f1f"}>{s.title}</text>
            </g>
          );
        })}
        {d.edges.filter((e) => e.path).map((e, i) => (
          <g key={`l${i}`} className="edge-label">
            <rect x={e.lx - e.lw / 2} y={e.ly - e.lh / 2} width={e.lw} height={e.lh} fill="#ffffff" opacity={0.92} />
            <text x={e.lx} y={e.ly + 4} textAnchor="middle" fontSize={12} fill={e.missing ? "#b3261e" : "#1f1f1f"}>{e.label}</text>
          </g>
        ))}
      </svg>
      <p className="diagram-legend">粗框为终态，蓝底为审核任务，黑点指向初始状态；红色虚线为指向未定义状态的转换。</p>
    </div>
  );
}
