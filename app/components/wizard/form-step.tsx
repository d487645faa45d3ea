// A `form` step: all its forms stacked, each under its title, saved together. 【暂存】 checks types,
// 【下一步】 completeness and rules (the batch's eligibility rules on the server), both in the browser
// first; errors are shown in place under the right form. Read-only once the application is submitted.
import { useMemo, useState } from "react";
import { Button, Typography } from "antd";
import { FIX_FIRST, FormNotice, focusFirstError, useFormErrors } from "~/components/form/form-errors";
import type { Notice } from "~/components/form/form-errors";
import { SchemaForm } from "~/components/form/schema-form";
import type { SchemaFormDefinition } from "~/components/form/schema-form";
import { SubmissionView } from "~/components/form/submission-view";
import { usePost } from "~/components/use-post";
import { draftPath } from "~/utils/plain-paths";
import type { ValidationMode } from "~/engine/forms/validate";
import { StepNav } from "./step-nav";
import type { ApplyAnswer, StepViewProps } from "./types";

type Intent = "save" | "next";
const MODE: Record<Intent, ValidationMode> = { save: "draft", next: "full" };
type Docs = Record<string, Record<string, unknown>>;

export function FormStep({ step, application, catalogs, prev, next, actions }: StepViewProps) {
  const definitions = useMemo(() => Object.fromEntries(step.forms.map((f) => [f.key, f as unknown as SchemaFormDefinition])), [step.forms]);
  const errors = useFormErrors(definitions);
  const [docs, setDocs] = useState<Docs>(() => Object.fromEntries(step.forms.map((f) => [f.key, f.data as Record<string, unknown>])));
  const [notice, setNotice] = useState<Notice>(null);

  // 暂存 goes to its plain endpoint (a quicker answer; app/features/admission/draft-endpoint.server.ts).
  const plain = useMemo(() => ({ save: draftPath(application.id) }), [application.id]);
  const post = usePost<ApplyAnswer, Intent>((answer, intent) => {
    if (answer.ok) {
      errors.show({}, docs, MODE[intent]);
      if (intent === "next" && next) return next();
      setNotice({ type: "success", text: answer.message });
    } else {
      const whole = errors.show(answer.errors ?? {}, docs, MODE[intent]);
      setNotice({ type: "error", text: answer.message || FIX_FIRST, detail: whole });
      focusFirstError();
    }
  }, plain);

  const send = (intent: Intent) => {
    const whole = errors.check(docs, MODE[intent]);
    if (whole) {
      setNotice({ type: "error", text: FIX_FIRST, detail: whole });
      focusFirstError();
      return;
    }
    setNotice(null);
    post.submit(intent, { step: step.key, data: JSON.stringify(docs) });
  };

  const change = (key: string, data: Record<string, unknown>) => {
    setDocs((d) => ({ ...d, [key]: data }));
    errors.changed(key, data);
  };

  if (!application.editable) {
    return (
      <>
        {step.forms.map((f) => (
          <section key={f.key} className="wizard-form" aria-labelledby={`sec-${f.key}`}>
            <Typography.Title level={5} id={`sec-${f.key}`}>{f.title}</Typography.Title>
            <SubmissionView form={f} data={f.data} catalogs={catalogs} />
          </section>
        ))}
        {actions}
        <StepNav prev={prev}>
          {next ? <Button size="large" type="primary" onClick={next}>下一步</Button> : null}
        </StepNav>
      </>
    );
  }

  return (
    <>
      <FormNotice notice={notice} onClose={() => setNotice(null)} />
      {step.forms.map((f) => (
        <section key={f.key} className="wizard-form" aria-labelledby={`sec-${f.key}`}>
          <Typography.Title level={5} id={`sec-${f.key}`}>{f.title}</Typography.Title>
          <SchemaForm form={definitions[f.key]} formData={docs[f.key]} onChange={(d) => change(f.key, d)} serverErrors={errors.of(f.key)} catalogs={catalogs} />
        </section>
      ))}
      {actions}
      <StepNav prev={prev}>
        <Button size="large" loading={post.pending === "save"} disabled={post.busy} onClick={() => send("save")}>
          暂存
        </Button>
        <Button size="large" type="primary" loading={post.pending === "next"} disabled={post.busy} onClick={() => send("next")}>
          下一步
        </Button>
      </StepNav>
    </>
  );
}
