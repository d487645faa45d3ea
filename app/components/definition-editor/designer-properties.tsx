// The form designer's property panel for one field: 标题 (and a 说明文字's 说明内容), 必填, 占位文字, 提示, 选项 (each in its box, with
// 添加选项, 上移/下移 and 删除), 最大长度,
// 最小值/最大值, 格式 (a single-line text's), 默认值, 只读, 显示条件 (shown while a 单选/下拉选择/是否 field of the same group holds a value). Each change is one designer operation (engine/forms/designer-ops updateField); the
// definition checker's problems for this field are listed under it.
import { useEffect, useState } from "react";
import Alert from "antd/es/alert/index.js";
import Button from "antd/es/button/index.js";
import Checkbox from "antd/es/checkbox/index.js";
import Form from "antd/es/form/index.js";
import Input from "antd/es/input/index.js";
import InputNumber from "antd/es/input-number/index.js";
import { CappedInput, CappedTextArea } from "~/components/form/capped-input";
import Select from "antd/es/select/index.js";
import Space from "antd/es/space/index.js";
import ArrowDownOutlined from "@ant-design/icons/es/icons/ArrowDownOutlined";
import ArrowUpOutlined from "@ant-design/icons/es/icons/ArrowUpOutlined";
import DeleteOutlined from "@ant-design/icons/es/icons/DeleteOutlined";
import type { DesignerField } from "~/engine/forms/designer-model";
import type { ConditionChoice, FieldPatch, PaletteKind } from "~/engine/forms/designer-ops";
import { settingsOf, TEXT_FORMATS, TEXT_KINDS } from "~/engine/forms/designer-ops";
import type { SchemaNode } from "~/engine/forms/schema-walk";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : null);

/**
 * `kind`: the field's palette kind (designer-ops kindOf), whose property form, for a registered widget,
 * is shown after the common properties and written through `onSettings`; `choices`: the siblings a
 * 显示条件 can name (designer-ops conditionChoices).
 */
export function DesignerProperties({ field, kind, problems, choices, onPatch, onSettings }: {
  field: DesignerField; kind: PaletteKind | null; problems: string[]; choices: ConditionChoice[];
  onPatch: (patch: FieldPatch) => void; onSettings: (kind: PaletteKind, values: Record<string, unknown>) => void;
}) {
  const s = field.schema;
  const items = s.items && typeof s.items === "object" ? (s.items as Record<string, unknown>) : null;
  const options = Array.isArray(s.enum) ? s.enum : Array.isArray(items?.enum) ? (items!.enum as unknown[]) : null;
  const isText = s.type === "string" && !options;
  const isNumber = s.type === "integer" || s.type === "number";
  const container = !!field.children;
  // A 说明文字 (type null) holds no value: its text is all there is to set.
  const note = s.type === "null";
  return (
    <Form layout="vertical" size="small" className="designer-properties" aria-label="字段属性">
      <p className="muted">字段类型：{kind?.label ?? "其他（请在 JSON 中编辑）"}；字段名：<code>{field.key}</code></p>
      <Form.Item label="标题" htmlFor="designer-title">
        <CappedInput id="designer-title" value={str(s.title)} max={100} onChange={(e) => onPatch({ title: e.target.value })} />
      </Form.Item>
      {note ? (
        <Form.Item label="说明内容" htmlFor="designer-description">
          <CappedTextArea id="designer-description" value={str(s.description)} max={1000} autoSize={{ minRows: 3 }} onChange={(e) => onPatch({ description: e.target.value || null })} />
        </Form.Item>
      ) : null}
      {note ? null : <Form.Item>
        <Checkbox checked={field.required} onChange={(e) => onPatch({ required: e.target.checked })}>必填</Checkbox>
        {!container ? <Checkbox checked={s.readOnly === true} onChange={(e) => onPatch({ readOnly: e.target.checked })}>只读</Checkbox> : null}
      </Form.Item>}
      {!container && !note ? (
        <>
          <Form.Item label="占位文字" htmlFor="designer-placeholder">
            <CappedInput id="designer-placeholder" value={str(field.ui?.["ui:placeholder"])} max={100} onChange={(e) => onPatch({ placeholder: e.target.value || null })} />
          </Form.Item>
          <Form.Item label="提示" htmlFor="designer-help">
            <CappedInput id="designer-help" value={str(field.ui?.["ui:help"])} max={200} onChange={(e) => onPatch({ help: e.target.value || null })} />
          </Form.Item>
        </>
      ) : null}
      {options ? <OptionsProperty options={options.map(String)} onPatch={onPatch} /> : null}
      {isText ? (
        <Form.Item label="最大长度" htmlFor="designer-max-length">
          <InputNumber id="designer-max-length" min={1} max={5000} value={num(s.maxLength)} onChange={(v) => typeof v === "number" && onPatch({ maxLength: v })} />
        </Form.Item>
      ) : null}
      {isNumber ? (
        <Form.Item label="数值范围">
          <InputNumber aria-label="最小值" placeholder="最小值" value={num(s.minimum)} onChange={(v) => onPatch({ minimum: typeof v === "number" ? v : null })} />
          {" 至 "}
          <InputNumber aria-label="最大值" placeholder="最大值" value={num(s.maximum)} onChange={(v) => onPatch({ maximum: typeof v === "number" ? v : null })} />
        </Form.Item>
      ) : null}
      {kind && TEXT_KINDS.has(kind.kind) ? (
        <Form.Item label="格式" htmlFor="designer-format">
          <Select id="designer-format" value={str(s.format)} onChange={(v: string) => onPatch({ format: v || null })}
            options={[{ value: "", label: "无（任意文字）" }, ...TEXT_FORMATS.map((t) => ({ value: t.format, label: t.label }))]} />
        </Form.Item>
      ) : null}
      {!container && !note ? <DefaultProperty key={field.key} schema={s} options={options} onPatch={onPatch} /> : null}
      {kind?.settings ? <WidgetSettingsProperty field={field} kind={kind} onSettings={onSettings} /> : null}
      <ShowWhenProperty field={field} choices={choices} onPatch={onPatch} />
      {problems.length ? <Alert type="error" showIcon role="alert" title="此字段有问题" description={<ul>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>} /> : null}
    </Form>
  );
}

/**
 * 默认值: what a new form starts with — a choice among the options, 是/否, a number, or text (written when
 * the box is left, so each keystroke is not a change); cleared, the default is removed. Uploads, dates and
 * multiple choices have none here (edited in JSON).
 */
function DefaultProperty({ schema: s, options, onPatch }: { schema: SchemaNode; options: unknown[] | null; onPatch: (patch: FieldPatch) => void }) {
  const current = s.default;
  const [text, setText] = useState(typeof current === "string" ? current : "");
  useEffect(() => setText(typeof current === "string" ? current : ""), [current]);
  const id = "designer-default";
  if (s.type === "array" || s.format === "date" || typeof s.format === "string" && s.format.startsWith("file")) return null;
  if (options) {
    return (
      <Form.Item label="默认值" htmlFor={id}>
        <Select id={id} allowClear placeholder="无" value={typeof current === "string" ? current : undefined} onChange={(v?: string) => onPatch({ default: v ?? null })}
          options={options.map((o) => ({ value: String(o), label: String(o) }))} />
      </Form.Item>
    );
  }
  if (s.type === "boolean") {
    return (
      <Form.Item label="默认值" htmlFor={id}>
        <Select id={id} value={current === true ? "true" : ""} onChange={(v: string) => onPatch({ default: v === "true" ? true : null })}
          options={[{ value: "", label: "否（不勾选）" }, { value: "true", label: "是（勾选）" }]} />
      </Form.Item>
    );
  }
  if (s.type === "integer" || s.type === "number") {
    return (
      <Form.Item label="默认值" htmlFor={id}>
        <InputNumber id={id} precision={s.type === "integer" ? 0 : undefined} value={num(current)} onChange={(v) => onPatch({ default: typeof v === "number" ? v : null })} />
      </Form.Item>
    );
  }
  if (s.type !== "string") return null;
  return (
    <Form.Item label="默认值" htmlFor={id}>
      <CappedInput id={id} value={text} max={num(s.maxLength) ?? 200} onChange={(e) => setText(e.target.value)} onBlur={() => text !== (typeof current === "string" ? current : "") && onPatch({ default: text || null })} />
    </Form.Item>
  );
}

/**
 * A registered widget's own properties, from its property form (a small JSON Schema, widget-palette):
 * integers and numbers in number boxes (with their range), booleans as checkboxes, strings with options as
 * selects, other strings as text boxes; an emptied box removes the setting.
 */
function WidgetSettingsProperty({ field, kind, onSettings }: { field: DesignerField; kind: PaletteKind; onSettings: (kind: PaletteKind, values: Record<string, unknown>) => void }) {
  const props = (kind.settings!.schema.properties ?? {}) as Record<string, SchemaNode>;
  const values = settingsOf(field, kind);
  const set = (name: string, value: unknown) => onSettings(kind, { [name]: value });
  return (
    <fieldset className="designer-widget-settings" aria-label={`${kind.label}的设置`}>
      {Object.entries(props).map(([name, p]) => {
        const title = String(p.title);
        const htmlId = `designer-setting-${name}`;
        if (p.type === "boolean") {
          return <Form.Item key={name}><Checkbox checked={values[name] === true} onChange={(e) => set(name, e.target.checked)}>{title}</Checkbox></Form.Item>;
        }
        if (p.type === "integer" || p.type === "number") {
          return (
            <Form.Item key={name} label={title} htmlFor={htmlId}>
              <InputNumber id={htmlId} min={num(p.minimum) ?? undefined} max={num(p.maximum) ?? undefined} precision={p.type === "integer" ? 0 : undefined}
                value={num(values[name])} onChange={(v) => set(name, typeof v === "number" ? v : null)} />
            </Form.Item>
          );
        }
        if (Array.isArray(p.enum)) {
          return (
            <Form.Item key={name} label={title} htmlFor={htmlId}>
              <Select id={htmlId} allowClear value={str(values[name]) || undefined} options={p.enum.map((v) => ({ value: String(v), label: String(v) }))} onChange={(v?: string) => set(name, v ?? null)} />
            </Form.Item>
          );
        }
        return (
          <Form.Item key={name} label={title} htmlFor={htmlId}>
            {num(p.maxLength) ? <CappedInput id={htmlId} value={str(values[name])} max={num(p.maxLength)!} onChange={(e) => set(name, e.target.value || null)} />
              : <Input id={htmlId} value={str(values[name])} onChange={(e) => set(name, e.target.value || null)} />}
          </Form.Item>
        );
      })}
    </fieldset>
  );
}

/** 显示条件: 「始终显示」 or 当「字段」为「值」时显示. Values travel as text in the selects (是/否 as true/false). */
function ShowWhenProperty({ field, choices, onPatch }: { field: DesignerField; choices: ConditionChoice[]; onPatch: (patch: FieldPatch) => void }) {
  const when = field.showWhen?.when ?? "";
  const source = choices.find((c) => c.key === when);
  if (!choices.length && !field.showWhen) return <p className="muted">显示条件：同一组中没有单选、下拉选择或是/否字段，始终显示。</p>;
  return (
    <Form.Item label="显示条件">
      <Space wrap>
        <Select aria-label="显示条件字段" value={when} style={{ minWidth: 150 }}
          options={[{ value: "", label: "始终显示" }, ...choices.map((c) => ({ value: c.key, label: `当「${c.title}」` }))]}
          onChange={(k: string) => {
            const c = choices.find((x) => x.key === k);
            onPatch({ showWhen: c ? { when: c.key, equals: c.values[0].value } : null });
          }} />
        {source ? (
          <>
            <span>为</span>
            <Select aria-label="显示条件取值" value={String(field.showWhen!.equals)} style={{ minWidth: 100 }}
              options={source.values.map((v) => ({ value: String(v.value), label: v.label }))}
              onChange={(v: string) => onPatch({ showWhen: { when, equals: source.values.find((x) => String(x.value) === v)!.value } })} />
            <span>时显示{field.required ? "（显示时必填）" : ""}</span>
          </>
        ) : null}
      </Space>
    </Form.Item>
  );
}

/**
 * What is wrong with option `i` of `rows` (empty, or the same as an earlier one, after trimming), or null.
 * Said beside the box: the designer used to drop such a row silently when its box was left.
 */
export function optionProblem(rows: readonly string[], i: number): string | null {
  const text = rows[i].trim();
  if (!text) return "选项不能为空，请填写或删除";
  const first = rows.findIndex((r) => r.trim() === text);
  return first < i ? `与选项 ${first + 1} 重复，请修改或删除` : null;
}

/**
 * 选项: one box per option; a typed option is written when its box is left (so clearing a box to retype
 * it does not drop the option at once), the buttons write at once. An empty or repeated option is said
 * beside its box and nothing is written until it is fixed (the designer never leaves no option).
 */
function OptionsProperty({ options, onPatch }: { options: string[]; onPatch: (patch: FieldPatch) => void }) {
  const [rows, setRows] = useState(options);
  const written = options.join("\n");
  useEffect(() => setRows(written.split("\n")), [written]);
  const problems = rows.map((_, i) => optionProblem(rows, i));
  const write = (next: string[]) => {
    setRows(next);
    if (next.every((_, i) => optionProblem(next, i) === null)) onPatch({ options: next });
  };
  const move = (i: number, to: number) => {
    const next = [...rows];
    [next[i], next[to]] = [next[to], next[i]];
    write(next);
  };
  return (
    <Form.Item label="选项">
      <ol className="designer-options" aria-label="选项">
        {rows.map((o, i) => (
          <li key={i}>
            <Space.Compact block>
              <CappedInput aria-label={`选项 ${i + 1}`} value={o} max={50} status={problems[i] ? "error" : undefined} aria-invalid={problems[i] ? true : undefined}
                aria-describedby={problems[i] ? `designer-option-${i}-problem` : undefined}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? e.target.value : x)))} onBlur={() => write(rows)} />
              <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`上移选项 ${i + 1}`} title="上移" />
              <Button icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, i + 1)} aria-label={`下移选项 ${i + 1}`} title="下移" />
              <Button icon={<DeleteOutlined />} danger disabled={rows.length === 1} onClick={() => write(rows.filter((_, j) => j !== i))} aria-label={`删除选项 ${i + 1}`} title="删除" />
            </Space.Compact>
            {problems[i] ? <div className="field-hint-error" id={`designer-option-${i}-problem`} role="alert">{problems[i]}</div> : null}
          </li>
        ))}
      </ol>
      <Button size="small" onClick={() => write([...rows, `选项${rows.length + 1}`])}>添加选项</Button>
    </Form.Item>
  );
}
