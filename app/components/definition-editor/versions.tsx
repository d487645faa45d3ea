// The published versions of a definition, and a side-by-side diff of two of them (computed on the server).
import { Form } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import { ConfirmButton } from "~/components/confirm-button";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import Table from "antd/es/table/index.js";
import Tag from "antd/es/tag/index.js";
import { useState } from "react";
import { TableRegion } from "~/components/table-region";
import { formatTime } from "~/utils/format";
import type { DiffCell, DiffRow } from "~/utils/side-by-side-diff";

export type VersionInfo = { version: number; title: string; hash: string; source: string; published_at: number; published_by_name: string | null };
/** `sentences`: what changed in words (engine/forms/form-changes, engine/workflows/workflow-changes), shown above the lines. */
export type DiffData = { from: number; to: number; rows: DiffRow[]; added: number; removed: number; sentences: string[] | null } | null;

const SOURCE_LABEL: Record<string, string> = { builtin: "内置", admin: "管理员发布" };

/** `onRestore`: 以此版本为草稿 on each older version (loads it into the draft, renumbered latest + 1). */
export function VersionTable({ versions, onRestore, restoring }: { versions: VersionInfo[]; onRestore?: (version: number) => void; restoring?: boolean }) {
  const latest = versions[0]?.version;
  return (
    <TableRegion label="版本列表">
      <Table rowKey="version" dataSource={versions} pagination={false} size="small"
        columns={[
          { title: "版本", dataIndex: "version", width: 70, render: (v: number) => `v${v}` },
          { title: "标题", dataIndex: "title" },
          { title: "来源", dataIndex: "source", width: 110, render: (v: string) => <Tag>{SOURCE_LABEL[v] ?? v}</Tag> },
          { title: "发布人", dataIndex: "published_by_name", width: 110, render: (v: string | null) => v ?? "-" },
          { title: "发布时间", dataIndex: "published_at", width: 180, render: (v: number) => formatTime(v) },
          { title: "内容摘要", dataIndex: "hash", width: 130, render: (v: string) => <code>{v.slice(0, 12)}</code> },
          ...(onRestore ? [{
            title: "操作", key: "op", width: 150,
            render: (_v: unknown, r: VersionInfo) => r.version === latest ? "-" : (
              <ConfirmButton size="small" disabled={restoring} onConfirm={() => onRestore(r.version)} aria-label={`以此版本为草稿（v${r.version}）`}
                question={`以 v${r.version} 为草稿？`} description="编辑器中的内容和已保存的草稿将被该版本替换（未保存的修改会丢失）；已发布的版本不受影响。" okText="载入草稿">以此版本为草稿</ConfirmButton>
            ),
          }] : []),
        ]} />
    </TableRegion>
  );
}

function Cell({ cell, side }: { cell: DiffCell; side: "left" | "right" }) {
  if (!cell) return <><td className="diff-n" /><td className="diff-empty" /></>;
  const mark = cell.kind === "del" ? "−" : cell.kind === "add" ? "+" : " ";
  return (
    <>
      <td className="diff-n">{cell.n}</td>
      <td className={`diff-${cell.kind}`} data-side={side}>
        <span className="diff-mark" aria-label={cell.kind === "del" ? "删除" : cell.kind === "add" ? "新增" : undefined}>{mark}</span>
        {cell.text}
      </td>
    </>
  );
}

export function VersionDiff({ versions, diff }: { versions: VersionInfo[]; diff: DiffData }) {
  const [from, setFrom] = useState(diff?.from ?? versions[versions.length - 1]?.version);
  const [to, setTo] = useState(diff?.to ?? versions[0]?.version);
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version}` }));
  return (
    <>
      <Form method="get" style={{ marginBottom: 12 }}>
        <Space wrap>
          <label htmlFor="diff-from">旧版本</label>
          <Select id="diff-from" aria-label="旧版本" value={from} onChange={setFrom} options={options} style={{ width: 100 }} />
          <input type="hidden" name="from" value={from} />
          <label htmlFor="diff-to">新版本</label>
          <Select id="diff-to" aria-label="新版本" value={to} onChange={setTo} options={options} style={{ width: 100 }} />
          <input type="hidden" name="to" value={to} />
          <Button htmlType="submit">对比</Button>
        </Space>
      </Form>
      {!diff ? <p>只有一个版本，暂无可对比的内容。</p> : (
        <div className="version-diff" data-testid="version-diff">
          {diff.sentences ? (
            <section className="diff-sentences" aria-label={`v${diff.from} 至 v${diff.to} 的改动`}>
              {diff.sentences.length ? (
                <ul data-testid="diff-sentences">{diff.sentences.map((t, i) => <li key={i}>{t}</li>)}</ul>
              ) : <p>内容没有改动（只有格式或写法不同）。</p>}
            </section>
          ) : null}
          <p>{`v${diff.from} → v${diff.to}：新增 ${diff.added} 行，删除 ${diff.removed} 行。`}</p>
          <div className="diff-scroll" tabIndex={0} role="region" aria-label={`v${diff.from} 与 v${diff.to} 的差异`}>
            <table className="diff-table">
              <thead>
                <tr><th scope="col" colSpan={2}>v{diff.from}</th><th scope="col" colSpan={2}>v{diff.to}</th></tr>
              </thead>
              <tbody>
                {diff.rows.map((r, i) =>
                  "fold" in r ? (
                    <tr key={i}><td colSpan={4} className="diff-fold">…… {r.fold} 行未改变 ……</td></tr>
                  ) : (
                    <tr key={i}><Cell cell={r.left} side="left" /><Cell cell={r.right} side="right" /></tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </>
  );
}
