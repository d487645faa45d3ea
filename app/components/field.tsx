// A labelled form field for hand-written forms: red star when required, Chinese error in place,
// wired for screen readers (label for=, aria-invalid, aria-describedby).
import { Input } from "antd";
import type { InputProps } from "antd";

type Props = Omit<InputProps, "name"> & {
  name: string;
  label: string;
  required?: boolean;
  error?: string;
  help?: string;
  password?: boolean;
  addon?: React.ReactNode;
};

export function Field({ name, label, required, error, help, password, addon, id, ...input }: Props) {
  const inputId = id ?? `f-${name}`;
  const describedBy = [error ? `${inputId}-err` : "", help ? `${inputId}-help` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    ...input,
    id: inputId,
    name,
    status: error ? ("error" as const) : undefined,
    "aria-invalid": error ? true : undefined,
    "aria-required": required || undefined,
    "aria-describedby": describedBy,
  };
  const control = password ? <Input.Password {...common} /> : <Input {...common} />;
  return (
    <div className="field">
      <label htmlFor={inputId}>
        {required ? <span className="req" aria-hidden="true">*</span> : null}
        {label}
      </label>
      {addon ? <div className="code-row">{control}{addon}</div> : control}
      {help ? <div className="help" id={`${inputId}-help`}>{help}</div> : null}
      {error ? <div className="err" id={`${inputId}-err`} role="alert">{error}</div> : null}
    </div>
  );
}
