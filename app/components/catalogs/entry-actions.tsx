// The per-entry buttons of 目录管理 (停用/启用, 删除), each a tiny POST form so they work before hydration,
// and the 已停用 tag. The server decides whether an entry may be deleted.
import { Form } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import { CsrfInput } from "~/components/csrf-input";

type Entry = { code: string; name: string; disabled?: true };

function RowForm({ intent, kind, entry, label, danger }: { intent: string; kind: string; entry: Entry; label: string; danger?: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="code" value={entry.code} />
      <Button size="small" type="link" danger={danger} htmlType="submit" autoInsertSpace={false} aria-label={`${label}${entry.name}`}>{label}</Button>
    </Form>
  );
}

export function EntryActions({ kind, entry }: { kind: "region" | "specialty"; entry: Entry }) {
  return (
    <Space size={0} className="entry-actions" aria-label={`${entry.name} 的操作`} role="group">
      {entry.disabled ? <Tag>已停用</Tag> : null}
      <RowForm intent={entry.disabled ? "enable" : "disable"} kind={kind} entry={entry} label={entry.disabled ? "启用" : "停用"} />
      <RowForm intent="delete" kind={kind} entry={entry} label="删除" danger />
    </Space>
  );
}
