// Layout templates over the antd theme: lists as stacked cards (第N项 with 上移/下移/删除 as labelled
// buttons, big enough to tap), objects in one column on phones and two on wide screens.
import { createContext, useContext } from "react";
import Button from "antd/es/button/index.js";
import Col from "antd/es/col/index.js";
import Form from "antd/es/form/index.js";
import Row from "antd/es/row/index.js";
import ArrowDownOutlined from "@ant-design/icons/es/icons/ArrowDownOutlined";
import ArrowUpOutlined from "@ant-design/icons/es/icons/ArrowUpOutlined";
import CopyOutlined from "@ant-design/icons/es/icons/CopyOutlined";
import DeleteOutlined from "@ant-design/icons/es/icons/DeleteOutlined";
import PlusOutlined from "@ant-design/icons/es/icons/PlusOutlined";
import type { ArrayFieldItemTemplateProps, ArrayFieldTemplateProps, FieldTemplateProps, IconButtonProps, ObjectFieldTemplateProps, TemplatesType } from "@rjsf/utils";
import { TranslatableString, buttonId, getTemplate, getUiOptions, titleId } from "@rjsf/utils";
import type { SchemaFormContext } from "./context";
import { joinPointer } from "~/engine/forms/json-pointer";
import { schemasAlong } from "~/engine/forms/schema-walk";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { hiddenFields } from "~/engine/forms/show-conditions";

function TextButton({ icon, label, iconType, danger, uiSchema: _u, registry: _r, ...rest }: IconButtonProps & { label: string; danger?: boolean }) {
  return (
    <Button {...(rest as object)} danger={danger} type={iconType === "primary" ? "primary" : "default"} icon={icon as React.ReactNode}>
      {label}
    </Button>
  );
}

const buttons: Partial<TemplatesType["ButtonTemplates"]> = {
  AddButton: (p) => <TextButton {...p} icon={<PlusOutlined aria-hidden="true" />} label={p.registry.translateString(TranslatableString.AddItemButton)} />,
  CopyButton: (p) => <TextButton {...p} icon={<CopyOutlined aria-hidden="true" />} label={p.registry.translateString(TranslatableString.CopyButton)} />,
  MoveUpButton: (p) => <TextButton {...p} icon={<ArrowUpOutlined aria-hidden="true" />} label={p.registry.translateString(TranslatableString.MoveUpButton)} />,
  MoveDownButton: (p) => <TextButton {...p} icon={<ArrowDownOutlined aria-hidden="true" />} label={p.registry.translateString(TranslatableString.MoveDownButton)} />,
  RemoveButton: (p) => <TextButton {...p} danger icon={<DeleteOutlined aria-hidden="true" />} label={p.registry.translateString(TranslatableString.RemoveButton)} />,
};

const isListItem = (path: (string | number)[]) => typeof path[path.length - 1] === "number";

/** The list's heading (its ui:title, else its title), so each item's region is named 「教育经历 第1项」, not a
 *  bare 「第1项」 that two lists on one page would share (a screen reader could not tell them apart). */
const ListTitle = createContext("");

function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { canAdd, className, disabled, fieldPathId, items, onAddClick, readonly, registry, required, schema, title, uiSchema } = props;
  const uiOptions = getUiOptions(uiSchema);
  const TitleTemplate = getTemplate("ArrayFieldTitleTemplate", registry, uiOptions);
  const { AddButton } = registry.templates.ButtonTemplates;
  const heading = (uiOptions.title as string | undefined) || title;
  const titled = heading ? <TitleTemplate fieldPathId={fieldPathId} required={required} title={heading} schema={schema} uiSchema={uiSchema} registry={registry} /> : null;
  // A form that is one list (教育经历) would say its name twice, under the page's heading of the same words:
  // the list keeps its title for screen readers only.
  const repeatsPageHeading = heading && heading === registry.rootSchema.title;
  return (
    <fieldset className={`list-field ${className ?? ""}`} id={fieldPathId.$id}>
      {repeatsPageHeading ? <div className="visually-hidden">{titled}</div> : titled}
      {items.length === 0 ? <p className="list-empty">{registry.translateString(TranslatableString.EmptyArray)}</p> : null}
      <ListTitle.Provider value={heading ?? ""}>
        <div className="list-items">{items}</div>
      </ListTitle.Provider>
      {canAdd ? (
        <div className="list-add">
          <AddButton id={buttonId(fieldPathId, "add")} className="rjsf-array-item-add" disabled={disabled || readonly} onClick={onAddClick} uiSchema={uiSchema} registry={registry} />
        </div>
      ) : null}
    </fieldset>
  );
}

function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, index, registry, uiSchema } = props;
  const Buttons = getTemplate("ArrayFieldItemButtonsTemplate", registry, getUiOptions(uiSchema));
  const listTitle = useContext(ListTitle);
  return (
    <section className="list-item" aria-label={listTitle ? `${listTitle} 第${index + 1}项` : `第${index + 1}项`}>
      <div className="list-item-head">
        <span className="list-item-title">第{index + 1}项</span>
        {hasToolbar ? (
          <div className="list-item-tools">
            <Buttons {...buttonsProps} />
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}

function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { description, fieldPathId, formData, properties, registry, required, schema, title, uiSchema } = props;
  const uiOptions = getUiOptions(uiSchema);
  const TitleTemplate = getTemplate("TitleFieldTemplate", registry, uiOptions);
  const DescriptionTemplate = getTemplate("DescriptionFieldTemplate", registry, uiOptions);
  const isRoot = fieldPathId.path.length === 0;
  const narrow = !!(registry.formContext as SchemaFormContext | undefined)?.narrow;
  // Fields whose 显示条件 fails for this group's data (engine/forms/show-conditions), read from the
  // definition as written: rjsf's resolved schema has merged the conditions away.
  const written = isRoot ? (registry.rootSchema as SchemaNode) : schemasAlong(registry.rootSchema, joinPointer("", ...fieldPathId.path.map(String)))?.at(-1);
  const hidden = written ? hiddenFields(registry.rootSchema, written, formData) : new Set<string>();
  // The root's title is the page heading, and a list item's is its card header.
  const showTitle = !!title && !isRoot && !isListItem(fieldPathId.path);
  const wide = (p: (typeof properties)[number]) => {
    const s = p.content.props.schema as { type?: string } | undefined;
    const w = getUiOptions(p.content.props.uiSchema).widget;
    return s?.type === "object" || s?.type === "array" || w === "textarea" || w === "file" || properties.length < 2;
  };
  return (
    <fieldset className={isRoot ? "object-root" : "object-field"} id={fieldPathId.$id}>
      {showTitle ? <TitleTemplate id={titleId(fieldPathId)} title={title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} /> : null}
      {description ? <DescriptionTemplate id={`${fieldPathId.$id}__description`} description={description} schema={schema} uiSchema={uiSchema} registry={registry} /> : null}
      <Row gutter={16}>
        {properties
          .filter((p) => !p.hidden && !hidden.has(p.name))
          .map((p) => (
            <Col key={p.name} xs={24} md={narrow || wide(p) ? 24 : 12}>
              {p.content}
            </Col>
          ))}
      </Row>
    </fieldset>
  );
}

/**
 * One field: label (red star when required), control, the errors in place, then help and description.
 * The theme's own template shows help *instead of* errors, which would hide 「为必填项」 under a help text.
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { children, description, displayLabel, errors, help, rawHelp, rawDescription, hidden, id, label, rawErrors, registry, required, schema, uiSchema } = props;
  const WrapIfAdditional = getTemplate("WrapIfAdditionalTemplate", registry, getUiOptions(uiSchema));
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const extra = rawDescription || rawHelp ? (
    <>
      {rawDescription ? description : null}
      {rawHelp ? help : null}
    </>
  ) : undefined;
  const container = schema.type === "object" || schema.type === "array";
  return (
    <WrapIfAdditional {...props}>
      <Form.Item
        className={container ? "rjsf-container-item" : undefined}
        label={displayLabel && getUiOptions(uiSchema).widget !== "checkbox" ? label : undefined}
        htmlFor={id}
        required={required}
        help={rawErrors?.length ? errors : undefined}
        validateStatus={rawErrors?.length ? "error" : undefined}
        extra={extra}
        labelCol={{ span: 24 }}
        wrapperCol={{ span: 24 }}
      >
        {children}
      </Form.Item>
    </WrapIfAdditional>
  );
}

export const templates: Partial<TemplatesType> = {
  FieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  ObjectFieldTemplate,
  ButtonTemplates: buttons as TemplatesType["ButtonTemplates"],
};
