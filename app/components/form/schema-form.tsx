// Any form definition as an rjsf form on the antd theme, in Chinese: our widgets and list/object
// templates, our validator (the server's messages, not a second catalog), errors shown in place under
// each field (FieldErrors → extraErrors). readOnly renders the plain SubmissionView instead.
import { useMemo, useRef } from "react";
import type { RefObject } from "react";
import { withTheme } from "@rjsf/core";
import type Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { Theme as AntdTheme } from "@rjsf/antd";
import { useCsrfToken } from "~/components/csrf-input";
import type { FormDefinition, ValidationMode } from "~/engine/forms/validate";
import type { FieldErrors } from "~/engine/forms/messages";
import { applyDerivations, derivations } from "~/engine/forms/derive";
import type { FormCatalogs, SchemaFormContext } from "./context";
import { SubmissionView } from "./submission-view";
import { templates } from "./templates";
import { translateString } from "./translate";
import { createValidator, toErrorSchema } from "./validator";
import { formatWidgets, widgets } from "./widgets";
import { CappedInputTemplate, CappedTextareaWidget } from "./widgets/capped-text";

const ThemedForm = withTheme({
  widgets: { ...AntdTheme.widgets, TextareaWidget: CappedTextareaWidget, ...formatWidgets, ...widgets },
  templates: {
    ...AntdTheme.templates,
    BaseInputTemplate: CappedInputTemplate,
    ...templates,
    ButtonTemplates: { ...AntdTheme.templates!.ButtonTemplates!, ...templates.ButtonTemplates },
  },
});

export type SchemaFormDefinition = Pick<FormDefinition, "key" | "version" | "schema" | "rules"> & { uiSchema?: unknown };

export type SchemaFormProps = {
  form: SchemaFormDefinition;
  formData: unknown;
  onChange?: (data: Record<string, unknown>) => void;
  /** Field errors by JSON pointer (from the server or from our own check before sending), shown in place. */
  serverErrors?: FieldErrors;
  readOnly?: boolean;
  catalogs: FormCatalogs;
  formRef?: RefObject<Form>;
  /** How rjsf's own validation (if asked, e.g. formRef.validateForm()) checks: 暂存-style or complete. */
  mode?: ValidationMode;
  /** One field per row, as on a phone, whatever the window's width (the definition editor's 手机 preview). */
  narrow?: boolean;
};

// Arrays start empty (no placeholder item for minItems), objects get no invented empty children.
const DEFAULTS = { arrayMinItems: { populate: "never" as const }, emptyObjectFields: "skipEmptyDefaults" as const };
const NO_SUBMIT = <></>;

export function SchemaForm({ form, formData, onChange, serverErrors, readOnly, catalogs, formRef, mode = "full", narrow = false }: SchemaFormProps) {
  const csrf = useCsrfToken();
  const validator = useMemo(() => createValidator(form, mode), [form, mode]);
  const formContext = useMemo<SchemaFormContext>(() => ({ catalogs, csrf, rowGutter: 16, narrow }), [catalogs, csrf, narrow]);
  const extraErrors = useMemo(() => toErrorSchema(serverErrors), [serverErrors]);
  // Fields the definition's rules derive from another (出生日期 and 性别 from the 身份证号): filled as the source is typed.
  const derived = useMemo(() => derivations(form.rules), [form.rules]);
  const lastSeen = useRef<Record<string, unknown> | null>(null);
  if (readOnly) return <SubmissionView form={form} data={formData} catalogs={catalogs} />;
  return (
    <ThemedForm
      ref={formRef}
      className="schema-form"
      schema={form.schema as RJSFSchema}
      uiSchema={(form.uiSchema ?? {}) as UiSchema}
      formData={formData}
      validator={validator}
      formContext={formContext}
      translateString={translateString}
      extraErrors={extraErrors}
      experimental_defaultFormStateBehavior={DEFAULTS}
      noHtml5Validate
      showErrorList={false}
      idPrefix={`f-${form.key}`}
      onChange={(e) => {
        // Derive only from a source the person changed: compared with the last document this form saw
        // (not the parent's prop, which may lag behind a prefilled value and would overwrite a typed date).
        const after = (e.formData ?? {}) as Record<string, unknown>;
        const next = applyDerivations(derived, lastSeen.current ?? after, after);
        lastSeen.current = next;
        onChange?.(next);
      }}
      onSubmit={() => undefined}
    >
      {NO_SUBMIT}
    </ThemedForm>
  );
}
