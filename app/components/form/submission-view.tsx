// Any submission, read-only, rendered with the definition it was filled against: labels and plain
// values, lists as stacked cards, files as previews, specialties by name. For reviewers and summaries.
import Tag from "antd/es/tag/index.js";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { childSchema, isSchemaNode, resolveRef } from "~/engine/forms/schema-walk";
import type { FormCatalogs } from "./context";
import { EMPTY_CATALOGS, specialtyNames } from "./context";
import { FilePreview } from "./file-preview";

export type SubmissionViewProps = {
  form: { schema: unknown; uiSchema?: unknown };
  data: unknown;
  catalogs?: FormCatalogs;
};

type Ctx = { root: SchemaNode; names: Map<string, string> };
type Ui = Record<string, unknown>;

const uiOf = (ui: unknown, key: string | number): Ui => (isSchemaNode(ui) && isSchemaNode(ui[key]) ? (ui[key] as Ui) : {});
const optionsOf = (ui: Ui): Ui => (isSchemaNode(ui["ui:options"]) ? (ui["ui:options"] as Ui) : {});
const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
const EMPTY = <span className="view-empty">未填写</span>;

function orderedKeys(schema: SchemaNode, ui: Ui): string[] {
  const props = isSchemaNode(schema.properties) ? Object.keys(schema.properties) : [];
  const order = Array.isArray(ui["ui:order"]) ? (ui["ui:order"] as string[]) : [];
  const head = order.filter((k) => k !== "*" && props.includes(k));
  return [...head, ...props.filter((k) => !head.includes(k))];
}

function Value({ ctx, schema, ui, value, label }: { ctx: Ctx; schema: SchemaNode; ui: Ui; value: unknown; label: string }) {
  const widget = ui["ui:widget"];
  if (isEmpty(value)) return EMPTY;
  if (widget === "file" || schema.format === "file-ref") {
    const accept = optionsOf(ui).accept;
    return <FilePreview value={value} accept={typeof accept === "string" ? accept : undefined} label={label} />;
  }
  if (widget === "specialty" && Array.isArray(value)) {
    return (
      <ul className="view-tags">
        {value.map((c: { code?: string; main?: boolean }, i) => (
          <li key={i}>
            {ctx.names.get(String(c?.code)) ?? String(c?.code ?? "")}
            {c?.main ? <Tag color="blue" className="view-main">主专业</Tag> : null}
          </li>
        ))}
      </ul>
    );
  }
  if (schema.type === "object" && isSchemaNode(value)) {
    const keys = orderedKeys(schema, ui);
    // A small group of plain values (起止时间) reads best on one line.
    if (keys.every((k) => !["object", "array"].includes(String(childSchema(ctx.root, schema, k)?.type)))) {
      if (keys.length === 2 && keys.every((k) => childSchema(ctx.root, schema, k)?.format === "date")) {
        return <span>{`${value[keys[0]] ?? "—"} 至 ${value[keys[1]] || "今"}`}</span>;
      }
    }
    return <Fields ctx={ctx} schema={schema} ui={ui} value={value} />;
  }
  if (Array.isArray(value)) {
    const item = childSchema(ctx.root, schema, "0");
    const itemUi = uiOf(ui, "items");
    if (item?.type === "object") {
      return (
        <ol className="view-list">
          {value.map((v, i) => (
            <li key={i} className="view-card">
              <div className="view-card-title">第{i + 1}项</div>
              <Fields ctx={ctx} schema={item} ui={itemUi} value={v} />
            </li>
          ))}
        </ol>
      );
    }
    return <span>{value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("、")}</span>;
  }
  if (typeof value === "boolean") return <span>{value ? "是" : "否"}</span>;
  return <span className="view-text">{String(value)}</span>;
}

function Fields({ ctx, schema, ui, value }: { ctx: Ctx; schema: SchemaNode; ui: Ui; value: unknown }) {
  const data = isSchemaNode(value) ? value : {};
  return (
    <dl className="view-fields">
      {orderedKeys(schema, ui).map((key) => {
        const child = childSchema(ctx.root, schema, key);
        if (!child) return null;
        const childUi = uiOf(ui, key);
        // A field of type null (说明文字) is text for whoever fills the form in, not an answer.
        if (childUi["ui:widget"] === "hidden" || child.type === "null") return null;
        const label = (childUi["ui:title"] as string) || (child.title as string) || key;
        const wide = child.type === "array" && childSchema(ctx.root, child, "0")?.type === "object";
        return (
          <div key={key} className={wide ? "view-row view-row-wide" : "view-row"}>
            <dt>{label}</dt>
            <dd>
              <Value ctx={ctx} schema={child} ui={childUi} value={data[key]} label={label} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function SubmissionView({ form, data, catalogs = EMPTY_CATALOGS }: SubmissionViewProps) {
  if (!isSchemaNode(form.schema)) return null;
  const root = form.schema;
  const ctx: Ctx = { root, names: specialtyNames(catalogs.specialties) };
  return (
    <div className="submission-view">
      <Fields ctx={ctx} schema={resolveRef(root, root)} ui={isSchemaNode(form.uiSchema) ? (form.uiSchema as Ui) : {}} value={data} />
    </div>
  );
}
