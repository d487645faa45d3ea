// 改名 for a catalog entry: pick the entry, type the new name. Used for regions and specialties alike.
import { Form } from "@remix-run/react";
import Button from "antd/es/button/index.js";
import Select from "antd/es/select/index.js";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input";
import { Field } from "~/components/field";

type Props = { intent: string; idPrefix: string; pickLabel: string; options: { value: string; label: string }[]; errors: Record<string, string>; busy: boolean };

export function RenameForm({ intent, idPrefix, pickLabel, options, errors, busy }: Props) {
  const [code, setCode] = useState("");
  return (
    <Form method="post" noValidate style={{ marginTop: 16 }}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={`${idPrefix}-pick`}>{pickLabel}</label>
        <Select id={`${idPrefix}-pick`} value={code} onChange={setCode} style={{ width: "100%" }} aria-label={pickLabel} options={options}
          aria-describedby={errors.code ? `${idPrefix}-pick-err` : undefined} />
        <input type="hidden" name="code" value={code} />
        {errors.code ? <div className="err" id={`${idPrefix}-pick-err`} role="alert">{errors.code}</div> : null}
      </div>
      <Field name="name" id={`${idPrefix}-name`} label="新名称" required max={50} error={errors.name} />
      <Button htmlType="submit" loading={busy}>改名</Button>
    </Form>
  );
}
