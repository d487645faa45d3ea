// The batch editor's 专家证书 card: 证书编号 format, 发证单位 and validity (issue 17). Fields of the batch
// form (parsed with the rest in models/batch-admin.server.ts).
import Card from "antd/es/card/index.js";
import { Field } from "~/components/field";

export type CertificateSettings = { certificateNumberFormat: string; certificateIssuer: string; certificateYears: number };

export function CertificateSettingsCard({ value, errors }: { value: CertificateSettings; errors: Record<string, string> }) {
  return (
    <Card title="专家证书" style={{ marginBottom: 16 }}>
      <Field name="certificateNumberFormat" label="证书编号格式" required max={60} defaultValue={value.certificateNumberFormat} error={errors.certificateNumberFormat}
        help="{year} 为发证年份，{seq:5} 为五位顺序号，如 ZS{year}{seq:5}；编号在全部批次中唯一" />
      <Field name="certificateIssuer" label="发证单位" required max={100} defaultValue={value.certificateIssuer} error={errors.certificateIssuer} help="印在证书上，并在证书核验页显示" />
      <Field name="certificateYears" label="证书有效期（年）" inputMode="numeric" defaultValue={String(value.certificateYears)} error={errors.certificateYears} />
    </Card>
  );
}
