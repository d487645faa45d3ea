// The labelled field block of hand-written forms, without antd: red star when required, the Chinese
// error in place, wired for screen readers (label for=, aria-invalid, aria-required, aria-describedby).
// `Field` (field.tsx) puts an antd Input in it; `PlainField` a plain <input> for the signed-out pages.
import { useEffect, useState } from "react";
import type { ChangeEvent, InputHTMLAttributes, ReactNode } from "react";
import { useActionData } from "@remix-run/react";

/** What the frame needs; `id` defaults to `f-<name>` (tests and error anchors rely on it). */
export type FieldFrameProps = {
  name: string;
  label: string;
  id?: string;
  required?: boolean;
  error?: string;
  help?: string;
  /** Beside the control, e.g. the 获取验证码 button. */
  addon?: ReactNode;
};

/** The control's id and accessibility attributes for a frame's props. */
export function fieldControlProps({ name, id, required, error, help }: FieldFrameProps) {
  const inputId = id ?? `f-${name}`;
  const describedBy = [error ? `${inputId}-err` : "", help ? `${inputId}-help` : ""].filter(Boolean).join(" ") || undefined;
  return {
    id: inputId,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-required": required || undefined,
    "aria-describedby": describedBy,
  } as const;
}

/**
 * The server's error for a field while it still applies: gone once the person edits the field (it spoke
 * of the old value), back with the next answer (even one with the same text). Call `edited` on change.
 * "The next answer" is a new action result: React Router hands the route the same object while the
 * navigation that brought it finishes (loaders revalidating) and a new one per submission, so an edit
 * made meanwhile stays edited, and no render has to catch the navigation busy (CI 2026-11-30, twice).
 * A different message (a fetcher's answer, which is no action result of the route) shows at once.
 */
export function useShownError(given: string | undefined): { error: string | undefined; edited: () => void } {
  const [touched, setTouched] = useState(false);
  const answer = useActionData();
  useEffect(() => setTouched(false), [answer, given]);
  const edited = () => {
    if (given) setTouched(true);
  };
  return { error: touched ? undefined : given, edited };
}

/** Label, the control (children), help and error, in the `.field` block of base.css. */
export function FieldFrame({ frame, children }: { frame: FieldFrameProps; children: ReactNode }) {
  const { id } = fieldControlProps(frame);
  return (
    <div className="field">
      <label htmlFor={id}>
        {frame.required ? <span className="req" aria-hidden="true">*</span> : null}
        {frame.label}
      </label>
      {frame.addon ? <div className="code-row">{children}{frame.addon}</div> : children}
      {frame.help ? <div className="help" id={`${id}-help`}>{frame.help}</div> : null}
      {frame.error ? <div className="err" id={`${id}-err`} role="alert">{frame.error}</div> : null}
    </div>
  );
}

type PlainProps = FieldFrameProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id"> & { password?: boolean };

/** A plain text or password input in the frame (no scripts needed; works before hydration). */
export function PlainField({ name, label, id, required, error: given, help, addon, password, onChange, ...input }: PlainProps) {
  const { error, edited } = useShownError(given);
  const frame = { name, label, id, required, error, help, addon };
  const changed = (e: ChangeEvent<HTMLInputElement>) => {
    edited();
    onChange?.(e);
  };
  return (
    <FieldFrame frame={frame}>
      <input {...input} {...fieldControlProps(frame)} onChange={changed} type={password ? "password" : (input.type ?? "text")} className="plain-input" />
    </FieldFrame>
  );
}
