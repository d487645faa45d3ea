// Batches (批次): reading them, whether one is open, and its eligibility rules per form. The first batch
// is seeded from db/seeds/batch-2025-1.json when there is none, so admission works before batch admin.
import type { Rule } from "~/engine/forms/rules";
import { isSchemaNode } from "~/engine/forms/schema-walk";
import { withDisabledChoices } from "~/engine/forms/checks.server";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import seed from "../../db/seeds/batch-2025-1.json";

export type BatchRow = {
  id: number;
  name: string;
  opens_at: number;
  closes_at: number;
  batch_date: string;
  workflow_key: string;
  workflow_version: number;
  form_versions: string;
  pledge_text: string;
  eligibility_rules: string;
  application_types: string;
  number_format: string;
};

export type BatchRule = Rule & { form: string };

export const BATCH_COLUMNS = [
  "id", "name", "opens_at", "closes_at", "batch_date", "workflow_key", "workflow_version", "form_versions", "pledge_text",
  "eligibility_rules", "application_types", "number_format",
] as const;

export type Batch = {
  id: number;
  name: string;
  opensAt: number;
  closesAt: number;
  batchDate: string;
  workflow: { key: string; version: number };
  forms: Record<string, number>;
  pledgeText: string;
  eligibilityRules: BatchRule[];
  applicationTypes: string[];
  numberFormat: string;
};

export const toBatch = (r: BatchRow): Batch => ({
  id: r.id,
  name: r.name,
  opensAt: Number(r.opens_at),
  closesAt: Number(r.closes_at),
  batchDate: r.batch_date,
  workflow: { key: r.workflow_key, version: r.workflow_version },
  forms: JSON.parse(r.form_versions),
  pledgeText: r.pledge_text,
  eligibilityRules: JSON.parse(r.eligibility_rules),
  applicationTypes: JSON.parse(r.application_types),
  numberFormat: r.number_format,
});

const DAY = 24 * 60 * 60 * 1000;

export async function seedFirstBatch(pledgeText: string): Promise<void> {
  const [{ n }] = await db("batches").count<{ n: number | string }[]>({ n: "*" });
  if (Number(n) > 0) return;
  const t = now();
  await db("batches").insert({
    name: seed.name,
    opens_at: t - DAY,
    closes_at: t + seed.openForDays * DAY,
    batch_date: seed.batchDate,
    workflow_key: seed.workflow.key,
    workflow_version: seed.workflow.version,
    form_versions: JSON.stringify(seed.forms),
    pledge_text: pledgeText,
    eligibility_rules: JSON.stringify(seed.eligibilityRules),
    application_types: JSON.stringify(seed.applicationTypes),
    number_format: seed.numberFormat,
    created_at: t,
    updated_at: t,
  });
}

export async function getBatch(id: number): Promise<Batch | undefined> {
  const row = await db<BatchRow>("batches").where({ id }).first();
  return row ? toBatch(row) : undefined;
}

/** Batches whose window contains `at`, newest first. */
export async function openBatches(at = now()): Promise<Batch[]> {
  const rows = await db<BatchRow>("batches").where("opens_at", "<=", at).andWhere("closes_at", ">", at).orderBy("opens_at", "desc");
  return rows.map(toBatch);
}

/** Every batch as a choice (id, name), newest first: the filters and scope pickers list them. */
export function batchChoices(): Promise<{ id: number; name: string }[]> {
  return db("batches").orderBy("opens_at", "desc").select("id", "name");
}

/** Which of `ids` are batches that exist. */
export async function existingBatchIds(ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows: { id: number }[] = await db("batches").whereIn("id", ids).select("id");
  return new Set(rows.map((b) => Number(b.id)));
}

/** A batch as 批次管理 lists it: its window, workflow version and how many applications it has (times in ms). */
export type BatchListRow = {
  id: number; name: string; opens_at: number; closes_at: number; workflow_key: string; workflow_version: number; eligibility_rules: string; applications: number;
  /** 培训费用 in fen, and whether a 收款二维码 is attached (a fee without one cannot be paid). */
  fee_fen: number; has_payment_qr: boolean;
};

/** Every batch with its count of applications, newest first. */
export async function batchesWithCounts(): Promise<BatchListRow[]> {
  const rows: (Omit<BatchListRow, "applications" | "has_payment_qr"> & { n: number | string | null; payment_qr_sha: string | null })[] = await db("batches as b")
    .leftJoin(db("workflow_instances").select("batch_id").count({ n: "*" }).groupBy("batch_id").as("c"), "c.batch_id", "b.id")
    .orderBy("b.opens_at", "desc")
    .select("b.id", "b.name", "b.opens_at", "b.closes_at", "b.workflow_key", "b.workflow_version", "b.eligibility_rules", "b.fee_fen", "b.payment_qr_sha", "c.n");
  return rows.map(({ n, payment_qr_sha, ...r }) => ({ ...r, fee_fen: Number(r.fee_fen), has_payment_qr: !!payment_qr_sha, applications: Number(n ?? 0) }));
}

export const isOpen = (batch: Pick<Batch, "opensAt" | "closesAt">, at = now()) => batch.opensAt <= at && at < batch.closesAt;

/**
 * The batch's eligibility rules that apply to one form (its `form` tag removed), and its 入库类型 setting
 * (批次管理: which of 新增/转入/续聘 the batch takes) as a rule on the form's `applicationType` field: the
 * field, where a form has it, must hold one of those types. A form without the field passes it.
 */
export function rulesForForm(batch: Batch, formKey: string): Rule[] {
  const rules: Rule[] = batch.eligibilityRules.filter((r) => r.form === formKey).map(({ form: _form, ...rule }) => rule);
  if (batch.applicationTypes.length) rules.push(applicationTypeRule(batch.applicationTypes));
  return rules;
}

/**
 * A form's uiSchema as the batch shows it: where the form has an `applicationType` choice and the batch
 * takes only some types, the others are offered greyed out (rjsf's `ui:enumDisabled`), so the expert
 * sees at once what rulesForForm would refuse on 下一步. Returns `uiSchema` itself when nothing changes.
 */
export function uiForForm(batch: Batch, schema: SchemaNode, uiSchema: SchemaNode): SchemaNode {
  const field = isSchemaNode(schema.properties) ? schema.properties.applicationType : undefined;
  const choices = isSchemaNode(field) && Array.isArray(field.enum) ? field.enum : [];
  const refused = batch.applicationTypes.length ? choices.filter((c) => !batch.applicationTypes.includes(String(c))) : [];
  return withDisabledChoices(uiSchema, { applicationType: { values: refused } });
}

/** `applicationType` empty (completeness reports that) or one of `types`, with the types in the message. */
function applicationTypeRule(types: string[]): Rule {
  const value = { var: "applicationType" };
  return {
    id: "batch-application-types",
    logic: { or: [{ "!": value }, { in: [value, types] }] },
    message: `本批次只受理以下入库类型：${types.join("、")}`,
    path: "/applicationType",
  };
}
