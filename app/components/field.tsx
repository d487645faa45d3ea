// A labelled antd input for hand-written forms of the signed-in pages (the frame: field-frame.tsx). The
// server's error goes away as soon as the field is edited (it spoke of the old value); the next answer shows its own.
import Input from "antd/es/input/index.js";
import type { InputProps } from "antd";
import { CappedInput } from "./form/capped-input";
import { DateInput } from "./date-input";
import { FieldFrame, fieldControlProps, useShownError } from "./field-frame";
import type { FieldFrameProps } from "./field-frame";

type Props = Omit<InputProps, "name"> & FieldFrameProps & {
  password?: boolean;
  /** The cap in characters as the server counts them (code points), shown as n / max (CappedInput); for text, rather than maxLength. */
  max?: number;
};

/**
 * A labelled input; `max` caps it visibly (a paste past the cap is said), `password` hides what is typed,
 * `type` date or datetime-local is antd's DatePicker (DateInput) rather than the browser's own.
 */
export function Field({ name, label, required, error: given, help, password, addon, id, onChange, max, ...input }: Props) {
  const { error, edited } = useShownError(given);
  const frame = { name, label, id, required, error, help, addon };
  const common = {
    ...input,
    ...fieldControlProps(frame),
    status: error ? ("error" as const) : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      edited();
      onChange?.(e);
    },
  };
  const control = password ? <Input.Password {...common} />
    : input.type === "date" || input.type === "datetime-local" ? <DateInput {...fieldControlProps(frame)} name={name} time={input.type === "datetime-local"} status={common.status} defaultValue={typeof input.defaultValue === "string" ? input.defaultValue : null} placeholder={input.placeholder} onChange={edited} />
    : max ? <CappedInput {...common} max={max} /> : <Input {...common} />;
  return <FieldFrame frame={frame}>{control}</FieldFrame>;
}
