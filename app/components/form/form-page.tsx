// One form filled by its owner: title, status (草稿/已完成) and last save, the schema form, and the
// 【暂存】 (types only) and 【保存】 (complete + rules) buttons. Both check in the browser first with
// the server's own validator, then post; the server's answer (errors per field) is shown in place.
import { useMemo, useRef, useState } from "react";
import Button from "antd/es/button/index.js";
import Space from "antd/es/space/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { usePost } from "~/components/use-post";
import { SUBMISSION_STATUS } from "~/models/constants";
import type { FieldErrors } from "~/engine/forms/messages";
import type { ValidationMode } from "~/engine/forms/validate";
import { normalizeDocument } from "~/engine/forms/formats";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import type { FormCatalogs } from "./context";
import { FIX_FIRST, FormNotice, focusFirstError, useFormErrors } from "./form-errors";
import type { Notice } from "./form-errors";
import { commitTypedDates } from "./widgets/date-widget";
import { SchemaForm } from "./schema-form";
import type { SchemaFormDefinition } from "./schema-form";

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
const STATUS_TAG: Record<string, { color: string; text: string }> = {
  [SUBMISSION_STATUS.draft]: { color: "orange", text: "草稿" },
  [SUBMISSION_STATUS.complete]: { color: "green", text: "已完成" },
};

export function FormPage({ form, data: initial, status: initialStatus, updatedAt: initialUpdatedAt, catalogs }: FormPageProps) {
  const definition = form as unknown as SchemaFormDefinition;
  const definitions = useMemo(() => ({ [form.key]: definition }), [form.key, definition]);
  const errors = useFormErrors(definitions);
  const [current, setData] = useState<Record<string, unknown>>(initial);
  const [notice, setNotice] = useState<Notice>(null);
  const [saved, setSaved] = useState({ status: initialStatus, updatedAt: initialUpdatedAt });

  // The server's answer, once per request.
  const post = usePost<SaveAnswer, Intent>((answer, intent) => {
    if (answer.ok) {
      errors.show({}, { [form.key]: current }, MODE[intent]);
      setSaved({ status: answer.status, updatedAt: answer.updatedAt });
      setNotice({ type: "success", text: answer.message });
    } else {
      const whole = errors.show({ [form.key]: answer.errors ?? {} }, { [form.key]: current }, MODE[intent]);
      setNotice({ type: "error", text: answer.message || FIX_FIRST, detail: whole });
      focusFirstError();
    }
  });
  const busy = post.busy;

  const save = (intent: Intent) => {
    // A date still being typed counts (issue 14 §6): once committed, it is in `data` by the next task,
    // so the save then runs as the render after it has it.
    if (commitTypedDates()) {
      setTimeout(() => latest.current(intent));
      return;
    }
    // What is sent, and then shown, is the canonical spelling the server stores (issue 14 §5).
    const data = normalizeDocument(form.schema as SchemaNode, current) as Record<string, unknown>;
    if (JSON.stringify(data) !== JSON.stringify(current)) setData(data);
    const whole = errors.check({ [form.key]: data }, MODE[intent]);
    if (whole) {
      setNotice({ type: "error", text: FIX_FIRST, detail: whole });
      focusFirstError();
      return;
    }
    setNotice(null);
    post.submit(intent, { data: JSON.stringify(data) });
  };

  const latest = useRef(save);
  latest.current = save;

  const onChange = (next: Record<string, unknown>) => {
    setData(next);
    errors.changed(form.key, next);
  };

  const tag = saved.status ? STATUS_TAG[saved.status] : null;
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
      <FormNotice notice={notice} onClose={() => setNotice(null)} />
      <SchemaForm form={definition} formData={current} onChange={onChange} serverErrors={errors.of(form.key)} catalogs={catalogs} />
      <div className="form-actions">
        <Button size="large" loading={post.pending === "save"} disabled={busy} onClick={() => save("save")}>
          暂存
        </Button>
        <Button size="large" type="primary" loading={post.pending === "submit"} disabled={busy} onClick={() => save("submit")}>
          保存
        </Button>
      </div>
    </div>
  );
}
