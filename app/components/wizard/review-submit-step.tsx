// A `review-submit` step: everything entered, read-only (each form with its own schema version), the
// status of each signed scan, then the workflow's buttons (【提交审核】…).
import Alert from "antd/es/alert/index.js";
import Tag from "antd/es/tag/index.js";
import Typography from "antd/es/typography/index.js";
import { FilePreview } from "~/components/form/file-preview";
import { SubmissionView } from "~/components/form/submission-view";
import { StepNav } from "./step-nav";
import { documentStatus } from "./sign-upload-step";
import type { StepViewProps } from "./types";

const TAG_COLOR = { success: "green", warning: "orange", info: "default" } as const;

/** Every form of the wizard's steps, read-only, each under its title (what 提交审核 sends). */
export function FormSummaries({ steps, catalogs }: Pick<StepViewProps, "steps" | "catalogs">) {
  return (
    <>
      {steps.flatMap((s) =>
        s.forms.map((f) => (
          <section key={f.key} className="wizard-form" aria-labelledby={`sum-${f.key}`}>
            <Typography.Title level={5} id={`sum-${f.key}`}>{f.title}</Typography.Title>
            <SubmissionView form={f} data={f.data} catalogs={catalogs} />
          </section>
        )),
      )}
    </>
  );
}

export function ReviewSubmitStep({ steps, application, catalogs, prev, actions }: StepViewProps) {
  return (
    <>
      {/* Only while there is something to check before submitting: once submitted the summary is a record. */}
      {application.editable ? <Alert className="wizard-review-hint" type="info" showIcon title="请核对以下信息，确认无误后提交审核。" /> : null}
      <FormSummaries steps={steps} catalogs={catalogs} />
      {steps.some((s) => s.document) ? (
        <section className="wizard-form" aria-labelledby="sum-documents">
          <Typography.Title level={5} id="sum-documents">签字材料</Typography.Title>
          <dl className="view-fields">
            {steps.map((s) => {
              if (!s.document) return null;
              const st = documentStatus(s.document);
              return (
                <div key={s.key} className="view-row view-row-wide">
                  <dt>{s.document.name}</dt>
                  <dd className="wizard-doc">
                    {/* A long warning wraps as text; a tag would not. */}
                    {st.type === "warning" ? <span className="workflow-reason">{st.text}</span> : <Tag color={TAG_COLOR[st.type]}>{st.text}</Tag>}
                    {s.document.file ? <FilePreview value={s.document.file} accept={s.document.accept} label={`${s.document.name}扫描件`} /> : null}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ) : null}
      {actions}
      <StepNav prev={prev} />
    </>
  );
}
