// The live preview of a form definition being edited: the same SchemaForm experts fill, redrawn a moment
// after typing stops, at 桌面 width or as on a 手机 (390 px wide, one field per row). A definition that does not pass the (browser-side) checks shows its problems
// instead, and a render error inside rjsf is caught here rather than taking the page down.
import { Component, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import Alert from "antd/es/alert/index.js";
import Radio from "antd/es/radio/index.js";
import { checkFormSource } from "~/engine/forms/check-definition";
import { isSchemaNode, resolveRef } from "~/engine/forms/schema-walk";
import type { FormCatalogs } from "~/components/form/context";
import { SchemaForm } from "~/components/form/schema-form";
import type { SchemaFormDefinition } from "~/components/form/schema-form";

class PreviewBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch() {
    /* shown below; nothing to report: the definition is a draft being typed */
  }
  render() {
    return this.state.failed ? <Alert type="warning" showIcon title="预览无法显示此定义，请检查 schema 与 uiSchema 是否匹配" /> : this.props.children;
  }
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Each top-level field's shape (its schema without the words): what is typed into the preview is kept
 * while its field keeps its shape, and dropped when the field is removed or becomes another kind — a new
 * field may reuse a removed one's name (field4), and must not inherit its value.
 */
function shapesOf(definition: unknown): Record<string, string> {
  const props = ((definition as { schema?: { properties?: Record<string, Record<string, unknown>> } } | null)?.schema?.properties) ?? {};
  return Object.fromEntries(Object.entries(props).map(([k, s]) => {
    const { title: _t, description: _d, ...shape } = s ?? {};
    return [k, JSON.stringify(shape)];
  }));
}

/**
 * The top-level fields that are lists of groups drawn row by row (array items that are objects, or a $ref
 * to one); not a list a registered widget draws whole (专业, say), whose value an empty row is not.
 */
function listsOfGroups(definition: unknown): string[] {
  const def = isSchemaNode(definition) ? definition : {};
  const props = isSchemaNode(def.schema) && isSchemaNode(def.schema.properties) ? def.schema.properties : {};
  const ui = isSchemaNode(def.uiSchema) ? def.uiSchema : {};
  const drawnWhole = (k: string) => isSchemaNode(ui[k]) && (ui[k]["ui:widget"] !== undefined || ui[k]["ui:field"] !== undefined);
  return Object.entries(props).filter(([k, s]) => isSchemaNode(s) && s.type === "array" && isSchemaNode(s.items) && resolveRef(def.schema, s.items).type === "object" && !drawnWhole(k)).map(([k]) => k);
}

/** `version`: the number the definition will be published as (the text holds none). */
export function FormPreview({ text, version, catalogs }: { text: string; version: number; catalogs: FormCatalogs }) {
  const settled = useDebounced(text, 300);
  const checked = useMemo(() => checkFormSource(settled, { compile: false, version }), [settled, version]);
  const shapes = useMemo(() => shapesOf(checked.definition), [checked]);
  const [entered, setEntered] = useState<{ data: Record<string, unknown>; shapes: Record<string, string> }>({ data: {}, shapes: {} });
  const data = useMemo(() => {
    const kept: Record<string, unknown> = Object.fromEntries(Object.entries(entered.data).filter(([k]) => entered.shapes[k] !== undefined && entered.shapes[k] === shapes[k]));
    // A list of groups shows one empty row until the administrator changes it, so its fields (and a
    // title just edited) are seen without pressing 添加 first.
    for (const k of listsOfGroups(checked.definition)) if (!(k in kept)) kept[k] = [{}];
    return kept;
  }, [entered, shapes, checked]);
  const [phone, setPhone] = useState(false);
  if (checked.problems.length || !checked.definition) {
    return (
      <div className="preview-problems" data-testid="preview-problems">
        <Alert type="error" showIcon title="预览不可用：定义有问题" description={
          <ul>{checked.problems.slice(0, 20).map((p, i) => <li key={i}>第{p.line}行第{p.col}列：{p.message}</li>)}</ul>
        } />
      </div>
    );
  }
  const form = checked.definition as SchemaFormDefinition;
  return (
    <div className="form-preview" data-testid="form-preview">
      <Radio.Group size="small" optionType="button" value={phone ? "phone" : "desktop"} onChange={(e) => setPhone(e.target.value === "phone")}
        options={[{ value: "desktop", label: "桌面" }, { value: "phone", label: "手机（390 像素宽）" }]} aria-label="预览宽度" style={{ marginBottom: 12 }} />
      <div className={phone ? "form-preview-phone" : undefined} data-testid="form-preview-frame">
        <PreviewBoundary key={settled}>
          <SchemaForm form={form} formData={data} onChange={(d) => setEntered({ data: d as Record<string, unknown>, shapes })} catalogs={catalogs} mode="draft" narrow={phone} />
        </PreviewBoundary>
      </div>
    </div>
  );
}
