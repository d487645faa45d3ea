// One form filled by its owner: title, status (草稿/已完成) and last save, the schema form, and the
// 【暂存】 (types only) and 【保存】 (complete + rules) buttons. Both check in the browser first with
// the server's own validator, then post; the server's answer (errors per field) is shown in place.
import { useEffect, useMemo, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Alert, Button, Space, Tag, Typography } from "antd";
import { useCsrfToken } from "~/components/csrf-input";
import { SUBMISSION_STATUS } from "~/engine/constants";
import type { FieldErrors } from "~/engine/forms/messages";
import type { ValidationMode } from "~/engine/forms/validate";
import { validateDocument } from "~/engine/forms/validate";
import type { FormCatalogs } from "./context";
import { SchemaForm } from "./schema-form";
import type { SchemaFormDefinition } from "./schema-form";
import { recheck } from "./validator";

export { SubmissionView } from "./submission-view";
export type { SubmissionViewProps } from "./submission-view";

export type FormPageProps = {
  form: { key: string; version: number; hash: string; title: string; schema: unknown; uiSchema: unknown; rules: unknown };
  data: Record<string, unknown>;
  status: string | null;
  updatedAt: string | null;
  catalogs: FormCatalogs;
};

type SaveAnswer = { ok: true; message: string; status: string; updatedAt: string } | { ok: false; errors: FieldErrors; message: string };
type Intent = "save" | "submit";
const MODE: Record<Intent, ValidationMode> = { save: "draft", submit: "full" };
const FIX_FIRST = "请按提示修改后再保存";

const STATUS_TAG: Record<string, { color: string; text: string }> = {
  [SUBMISSION_STATUS.draft]: { color: "orange", text: "草稿" },
  [SUBMISSION_STATUS.complete]: { color: "green", text: "已完成" },
};

/** Brings the first field in error into view and focus, so a phone user sees what to fix. */
function focusFirstError() {
  requestAnimationFrame(() => {
    const item = document.querySelector(".schema-form .ant-form-item-has-error, .schema-form [aria-invalid='true']");
    item?.scrollIntoView({ block: "center", behavior: "smooth" });
    const control = item?.matches("input, textarea") ? (item as HTMLElement) : item?.querySelector<HTMLElement>("input:not([type=file]), textarea");
    control?.focus({ preventScroll: true });
  });
}

export function FormPage({ form, data: initial, status: initialStatus, updatedAt: initialUpdatedAt, catalogs }: FormPageProps) {
  const definition = form as unknown as SchemaFormDefinition;
  const csrf = useCsrfToken();
  const fetcher = useFetcher<SaveAnswer>();
  const [data, setData] = useState<Record<string, unknown>>(initial);
  const [errors, setErrors] = useState<{ list: FieldErrors; snapshot: unknown; mode: ValidationMode }>({ list: {}, snapshot: initial, mode: "draft" });
  const [notice, setNotice] = useState<{ type: "success" | "error"; text: string; detail?: string[] } | null>(null);
  const [saved, setSaved] = useState({ status: initialStatus, updatedAt: initialUpdatedAt });
  const sent = useRef<Intent | null>(null);
  const busy = fetcher.state !== "idle";

  // The server's answer, once per request.
  useEffect(() => {
    const answer = fetcher.data;
    if (fetcher.state !== "idle" || !answer || !sent.current) return;
    const intent = sent.current;
    sent.current = null;
    if (answer.ok) {
      setErrors({ list: {}, snapshot: data, mode: MODE[intent] });
      setSaved({ status: answer.status, updatedAt: answer.updatedAt });
      setNotice({ type: "success", text: answer.message });
    } else {
      const { "": whole, ...fields } = answer.errors ?? {};
      setErrors({ list: fields, snapshot: data, mode: MODE[intent] });
      setNotice({ type: "error", text: answer.message || FIX_FIRST, detail: whole });
      focusFirstError();
    }
  }, [fetcher.state, fetcher.data, data]);

  const save = (intent: Intent) => {
    const mode = MODE[intent];
    const check = validateDocument(definition, data, { mode });
    if (!check.ok) {
      const { "": whole, ...fields } = check.errors;
      setErrors({ list: fields, snapshot: data, mode });
      setNotice({ type: "error", text: FIX_FIRST, detail: whole });
      focusFirstError();
      return;
    }
    setNotice(null);
    sent.current = intent;
    fetcher.submit({ _csrf: csrf, intent, data: JSON.stringify(data) }, { method: "post" });
  };

  const onChange = (next: Record<string, unknown>) => {
    setData(next);
    // A field put right loses its error at once; untouched fields keep theirs.
    setErrors((e) => {
      const list = recheck(definition, next, e.list, e.snapshot, e.mode);
      return list === e.list ? e : { list, snapshot: next, mode: e.mode };
    });
  };

  const tag = saved.status ? STATUS_TAG[saved.status] : null;
  const fieldErrors = useMemo(() => errors.list, [errors.list]);
  return (
    <div className="form-page">
      <div className="form-page-head">
        <Typography.Title level={3} className="page-title">
          {form.title}
        </Typography.Title>
        <Space size={8} wrap className="form-page-meta">
          {tag ? <Tag color={tag.color}>{tag.text}</Tag> : <Tag>未填写</Tag>}
          {saved.updatedAt ? <span className="form-page-time">最后保存：{saved.updatedAt}</span> : null}
        </Space>
      </div>
      <div aria-live="polite">
        {notice ? (
          <Alert
            className="form-error"
            type={notice.type}
            showIcon
            role={notice.type === "error" ? "alert" : "status"}
            title={notice.text}
            description={notice.detail?.length ? notice.detail.join("；") : undefined}
            closable={notice.type === "success" ? { "aria-label": "关闭提示" } : undefined}
            onClose={() => setNotice(null)}
          />
        ) : null}
      </div>
      <SchemaForm form={definition} formData={data} onChange={onChange} serverErrors={fieldErrors} catalogs={catalogs} />
      <div className="form-actions">
        <Button size="large" loading={busy && sent.current === "save"} disabled={busy} onClick={() => save("save")}>
          暂存
        </Button>
        <Button size="large" type="primary" loading={busy && sent.current === "submit"} disabled={busy} onClick={() => save("submit")}>
          保存
        </Button>
      </div>
    </div>
  );
}
