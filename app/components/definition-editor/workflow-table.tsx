// A workflow's states and transitions as tables beside its YAML, redrawn as it is typed: who may take each
// transition, the guards that must hold and the effects that follow, by their Chinese titles from the
// registries (the server sends them: features register most of them at start-up). A name no registry
// knows is shown as written, marked 未注册.
import { useMemo } from "react";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import { TableRegion } from "~/components/table-region";
import { parseWorkflowLoosely, workflowOverview } from "~/engine/workflows/overview";
import type { OverviewState, OverviewTransition } from "~/engine/workflows/overview";
import { ROLE_LABEL } from "~/models/constants";

/** Registry name → Chinese title, for the guards and effects a workflow may name. */
export type RegistryTitles = { guards: Record<string, string>; effects: Record<string, string> };

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const roleText = (roles: string[]) => roles.map((r) => (has(ROLE_LABEL, r) ? ROLE_LABEL[r as keyof typeof ROLE_LABEL] : r)).join("、");
const titled = (map: Record<string, string>, names: string[]) => (names.length ? names.map((n) => (has(map, n) ? map[n] : `${n}（未注册）`)).join("、") : "无");

export function WorkflowTable({ yaml, names }: { yaml: string; names: RegistryTitles }) {
  const o = useMemo(() => {
    const raw = parseWorkflowLoosely(yaml);
    return raw ? workflowOverview(raw) : null;
  }, [yaml]);
  if (!o) return <p className="diagram-empty">YAML 中还没有状态（states）。</p>;
  const stateTitle = new Map(o.states.map((s) => [s.name, s.title]));
  const stateText = (n: string) => stateTitle.get(n) ?? `${n}（未定义）`;
  return (
    <div className="workflow-table" data-testid="workflow-table">
      <p>
        发起：{o.startBy.length ? roleText(o.startBy) : "未设置"}；条件：{titled(names.guards, o.startGuards)}
      </p>
      <TableRegion label="状态列表">
        <Table<OverviewState> rowKey="name" dataSource={o.states} pagination={false} size="small" caption="状态"
          columns={[
            { title: "状态", dataIndex: "title", render: (t: string, s) => <>{t} <code>{s.name}</code></> },
            {
              title: "说明", key: "kind",
              render: (_v, s) => (
                <>
                  {s.initial ? <Tag>初始状态</Tag> : null}
                  {s.final ? <Tag>终态</Tag> : null}
                  {s.editable ? <Tag>申请人可修改</Tag> : null}
                  {s.taskBy ? <Tag color="blue">审核任务（{roleText(s.taskBy)}）</Tag> : null}
                  {!s.defined ? <Tag color="red">未定义</Tag> : null}
                </>
              ),
            },
          ]} />
      </TableRegion>
      <TableRegion label="转换列表">
        <Table<OverviewTransition & { key: number }> dataSource={o.transitions.map((t, key) => ({ ...t, key }))} pagination={false} size="small" caption="转换"
          columns={[
            { title: "操作", dataIndex: "title" },
            { title: "从", key: "from", render: (_v, t) => t.from.map(stateText).join("、") },
            { title: "到", key: "to", render: (_v, t) => stateText(t.to) },
            { title: "执行人", key: "by", render: (_v, t) => `${roleText(t.by)}${t.owner ? "（仅本人）" : ""}` },
            { title: "条件", key: "guards", render: (_v, t) => titled(names.guards, t.guards) },
            { title: "效果", key: "effects", render: (_v, t) => titled(names.effects, t.effects) },
          ]} />
      </TableRegion>
    </div>
  );
}
