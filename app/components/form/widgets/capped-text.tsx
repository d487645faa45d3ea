// Plain text inputs (no format of their own) capped at the schema's maxLength, counted in code points as
// the server counts (capped-input.tsx: n / max shown, a paste past the cap said). Without a cap the
// browser took any length, and 暂存 then refused the whole section for one over-long 学校 or 工作内容, the
// rest of what was typed unsaved until it was found. Numbers, and strings without maxLength, keep the
// theme's input.
import type { ComponentType } from "react";
import type { BaseInputTemplateProps, WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import { Theme as AntdTheme } from "@rjsf/antd";
import { CappedInput, CappedTextArea } from "../capped-input";

const ThemeInput = AntdTheme.templates!.BaseInputTemplate as ComponentType<BaseInputTemplateProps>;
const ThemeTextarea = AntdTheme.widgets!.TextareaWidget!;
const FULL_WIDTH = { width: "100%" };

/** The schema's maxLength (code points), or undefined when the field has none. */
function maxLengthOf(schema: WidgetProps["schema"]): number | undefined {
  return typeof schema.maxLength === "number" && schema.maxLength > 0 ? schema.maxLength : undefined;
}

/** The input's change/blur/focus handlers reporting to rjsf (none when read-only); "" is the field's empty value. */
function textEvents({ id, readonly, options, onChange, onBlur, onFocus }: WidgetProps) {
  if (readonly) return {};
  type Target = { target: { value: string } };
  return {
    onChange: (e: Target) => onChange(e.target.value === "" ? options.emptyValue : e.target.value),
    onBlur: (e: Target) => onBlur(id, e.target.value),
    onFocus: (e: Target) => onFocus(id, e.target.value),
  };
}

/** rjsf's BaseInputTemplate: a one-line text input that stops at maxLength (n / max shown); anything else is the theme's. */
export function CappedInputTemplate(props: BaseInputTemplateProps) {
  const { id, htmlName, value, disabled, readonly, placeholder, required, schema, type } = props;
  const max = maxLengthOf(schema);
  if (max === undefined || (type && type !== "text")) return <ThemeInput {...props} />;
  return (
    <CappedInput
      id={id}
      name={htmlName || id}
      value={value ?? ""}
      disabled={disabled || readonly}
      placeholder={placeholder}
      required={required}
      style={FULL_WIDTH}
      max={max}
      aria-describedby={ariaDescribedByIds(id)}
      {...textEvents(props)}
    />
  );
}

/** `ui:widget: "textarea"`: a multi-line input that stops at maxLength and shows 已写/上限 beneath. */
export function CappedTextareaWidget(props: WidgetProps) {
  const { id, htmlName, value, disabled, readonly, placeholder, schema, options } = props;
  const max = maxLengthOf(schema);
  if (max === undefined) return <ThemeTextarea {...props} />;
  return (
    <CappedTextArea
      id={id}
      name={htmlName || id}
      value={value ?? ""}
      disabled={disabled || readonly}
      placeholder={placeholder}
      rows={typeof options.rows === "number" ? options.rows : 4}
      style={FULL_WIDTH}
      max={max}
      aria-describedby={ariaDescribedByIds(id)}
      {...textEvents(props)}
    />
  );
}
