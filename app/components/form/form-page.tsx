// PLACEHOLDER until the schema-form component lands: shows the form title and a raw JSON editor.
import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";

export type FormPageProps = {
  form: { key: string; version: number; hash: string; title: string; schema: unknown; uiSchema: unknown; rules: unknown };
  data: Record<string, unknown>;
  status: string | null;
  updatedAt: string | null;
  catalogs: { regions: { code: string; name: string }[]; specialties: unknown[] };
};

export function FormPage({ form, data }: FormPageProps) {
  return (
    <Form method="post">
      <h1>{form.title}</h1>
      <CsrfInput />
      <textarea name="data" defaultValue={JSON.stringify(data)} aria-label="表单内容" />
      <button name="intent" value="save">暂存</button>
      <button name="intent" value="submit">保存</button>
    </Form>
  );
}
