// 身份证号: 18 characters, a trailing x becomes X, and a checksum or birth-date problem is shown as soon
// as the field loses focus, in the same words the server would use.
import { useState } from "react";
import { Input } from "antd";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import { fieldMessages } from "../validator";
import type { SchemaNode } from "~/engine/forms/schema-walk";

export function IdCardWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, schema, rawErrors }: WidgetProps) {
  const [hint, setHint] = useState<string | null>(null);
  // The form's own error (after 保存) takes the place of the hint, never both.
  const shown = rawErrors?.length ? null : hint;
  const hintId = `${id}-hint`;
  return (
    <>
      <Input
        id={id}
        value={value ?? ""}
        maxLength={18}
        inputMode="text"
        autoComplete="off"
        placeholder={placeholder}
        disabled={disabled}
        readOnly={readonly}
        status={rawErrors?.length || shown ? "error" : undefined}
        aria-invalid={rawErrors?.length || shown ? true : undefined}
        aria-describedby={[ariaDescribedByIds(id), shown ? hintId : ""].filter(Boolean).join(" ")}
        onChange={(e) => {
          const v = e.target.value.replace(/\s+/g, "").replace(/x$/, "X");
          if (hint && fieldMessages(schema as SchemaNode, v).length === 0) setHint(null);
          onChange(v === "" ? undefined : v);
        }}
        onBlur={() => {
          setHint(fieldMessages(schema as SchemaNode, value)[0] ?? null);
          onBlur(id, value);
        }}
        onFocus={() => onFocus(id, value)}
      />
      {shown ? (
        <div className="field-hint-error" id={hintId} role="alert">
          {shown}
        </div>
      ) : null}
    </>
  );
}
