// A text input for a string format with a canonical spelling (身份证号, 手机号, 统一社会信用代码, 电子邮箱, 姓名;
// issue 14 §5): people type or paste as they like (`138 0013 8000`, `+86…`, a lowercase x, full-width
// digits); when the field loses focus the value becomes the format's canonical spelling (the normaliser of
// engine/forms/formats.ts the server also applies), and a remaining problem is shown at once, in the
// server's words. No HTML maxlength, which would cut a paste with spaces before it is normalised: the
// schema's maxLength caps the normalised value, in code points as the server counts.
import { useState } from "react";
import Input from "antd/es/input/index.js";
import type { WidgetProps } from "@rjsf/utils";
import { ariaDescribedByIds } from "@rjsf/utils";
import { FORMAT, NORMALIZERS, textLength } from "~/engine/forms/formats";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { fieldMessages } from "../validator";

const INPUT_MODE: Record<string, "tel" | "email" | "text"> = { "cn-mobile": "tel", email: "email" };
// Normalised as typed too, since every step is harmless mid-word (spaces out, x → X); a phone or an e-mail
// address only on blur, so `+86 1` or a space being typed is not rewritten under the cursor.
const LIVE = new Set<string>([FORMAT.cnIdCard, FORMAT.uscc]);

/** The canonical spelling of `raw` for the field's format (unchanged when the format has no normaliser). */
function canonical(schema: SchemaNode, raw: string): string {
  const normalize = typeof schema.format === "string" ? NORMALIZERS[schema.format] : undefined;
  return normalize ? normalize(raw) : raw;
}

export function FormatTextWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, schema, rawErrors }: WidgetProps) {
  const [hint, setHint] = useState<string | null>(null);
  const node = schema as SchemaNode;
  const max = typeof node.maxLength === "number" ? node.maxLength : undefined;
  // The form's own error (after 暂存/下一步) takes the place of the hint, never both.
  const shown = rawErrors?.length ? null : hint;
  const hintId = `${id}-hint`;
  const format = typeof node.format === "string" ? node.format : "";
  return (
    <>
      <Input
        id={id}
        value={value ?? ""}
        inputMode={INPUT_MODE[format] ?? "text"}
        autoComplete="off"
        placeholder={placeholder}
        disabled={disabled}
        readOnly={readonly}
        status={rawErrors?.length || shown ? "error" : undefined}
        aria-invalid={rawErrors?.length || shown ? true : undefined}
        aria-describedby={[ariaDescribedByIds(id), shown ? hintId : ""].filter(Boolean).join(" ")}
        onChange={(e) => {
          let v = LIVE.has(format) ? canonical(node, e.target.value) : e.target.value;
          // Cap after normalising: a spaced paste fits; only a value whose canonical form is too long is cut.
          if (max !== undefined && textLength(canonical(node, v)) > max) v = Array.from(canonical(node, v)).slice(0, max).join("");
          if (hint && fieldMessages(node, canonical(node, v)).length === 0) setHint(null);
          onChange(v === "" ? undefined : v);
        }}
        onBlur={() => {
          const v = typeof value === "string" ? canonical(node, value) : value;
          if (v !== value) onChange(v === "" ? undefined : v);
          setHint(fieldMessages(node, v)[0] ?? null);
          onBlur(id, v);
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
