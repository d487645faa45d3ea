// Errors of one or more schema forms filled on one page, shown in place: checked in the browser with
// the server's own validator before sending, replaced by the server's answer, and dropped field by
// field as the person puts them right. Plus the notice above the form and focusing the first error.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import Alert from "antd/es/alert/index.js";
import message from "antd/es/message/index.js";
import type { MessageArgsProps } from "antd";
import type { FieldErrors } from "~/engine/forms/messages";
import type { FormDefinition, ValidationMode } from "~/engine/forms/validate";
import { validateDocument } from "~/engine/forms/validate";
import { recheck } from "./validator";

type Definition = Pick<FormDefinition, "schema" | "rules">;
type Entry = { list: FieldErrors; snapshot: unknown; mode: ValidationMode };
const NONE: FieldErrors = {};

import { FIX_BEFORE } from "~/engine/forms/messages";

export const FIX_FIRST = FIX_BEFORE.draft;
export { FIX_BEFORE };

/** Field errors per form key; form-level messages (pointer "") are returned to the caller to show. */
export function useFormErrors(definitions: Record<string, Definition>) {
  const [entries, setEntries] = useState<Record<string, Entry>>({});

  /** Shows these errors (per form) for `docs`; returns the form-level messages of all forms. */
  const show = useCallback((errors: Record<string, FieldErrors>, docs: Record<string, unknown>, mode: ValidationMode): string[] => {
    const whole: string[] = [];
    const next: Record<string, Entry> = {};
    for (const key of Object.keys(definitions)) {
      const { "": top, ...fields } = errors[key] ?? {};
      if (top) whole.push(...top);
      next[key] = { list: fields, snapshot: docs[key], mode };
    }
    setEntries(next);
    return whole;
  }, [definitions]);

  /** Checks every form in the browser as the server will; null when all pass, else the form-level messages. */
  const check = useCallback((docs: Record<string, unknown>, mode: ValidationMode): string[] | null => {
    const errors: Record<string, FieldErrors> = {};
    for (const [key, def] of Object.entries(definitions)) {
      const r = validateDocument(def, docs[key] ?? {}, { mode });
      if (!r.ok) errors[key] = r.errors;
    }
    const whole = show(errors, docs, mode);
    return Object.keys(errors).length ? whole : null;
  }, [definitions, show]);

  /** A form's data changed: a field put right loses its error at once; untouched fields keep theirs. */
  const changed = useCallback((key: string, data: unknown) => {
    setEntries((all) => {
      const e = all[key];
      if (!e) return all;
      const list = recheck(definitions[key], data, e.list, e.snapshot, e.mode);
      return list === e.list ? all : { ...all, [key]: { list, snapshot: data, mode: e.mode } };
    });
  }, [definitions]);

  const of = useCallback((key: string) => entries[key]?.list ?? NONE, [entries]);
  return useMemo(() => ({ of, show, check, changed }), [of, show, check, changed]);
}

/** Brings the first field in error into view and focus, so a phone user sees what to fix. */
export function focusFirstError() {
  requestAnimationFrame(() => {
    const item = document.querySelector(".schema-form .ant-form-item-has-error, .schema-form [aria-invalid='true']");
    item?.scrollIntoView({ block: "center", behavior: "smooth" });
    const control = item?.matches("input, textarea") ? (item as HTMLElement) : item?.querySelector<HTMLElement>("input:not([type=file]), textarea");
    control?.focus({ preventScroll: true });
  });
}

export type Notice = { type: "success" | "error" | "warning"; text: string; detail?: string[] } | null;

/**
 * The answer to the last action: in place above the form (announced to screen readers; errors stay until
 * the next action), and, when that place is out of view — the button pressed may be thousands of pixels
 * below the top of a long form (暂存 at the bottom of 基本信息) — also as a toast at the top of the viewport.
 */
export function FormNotice({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const [toast, toastHolder] = message.useMessage();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const r = box.current?.getBoundingClientRect();
    if (!notice || !r || (r.top >= 0 && r.bottom <= window.innerHeight)) return;
    // Seen, not heard: the Alert already announces it (a second live region would say it twice).
    // `props` reaches the toast's element (rc-notification), though antd's type does not list it.
    void toast.open({ type: notice.type, content: notice.text, className: "form-toast", props: { "aria-hidden": true } } as MessageArgsProps);
  }, [notice, toast]);
  return (
    <div aria-live="polite" ref={box}>
      {toastHolder}
      {notice ? (
        <Alert
          className="form-error"
          type={notice.type}
          showIcon
          role={notice.type === "success" ? "status" : "alert"}
          title={notice.text}
          description={notice.detail?.length ? notice.detail.join("；") : undefined}
          closable={notice.type === "success" ? { "aria-label": "关闭提示" } : undefined}
          onClose={onClose}
        />
      ) : null}
    </div>
  );
}
