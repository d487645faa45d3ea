// The list attributes of an instance: what the inbox lists, and — for the well-known 申请人, 地州 and
// 主专业 — what it filters by and what reviewer scopes match. A definition declares any keys it likes
// and where each comes from: a field of a form its steps fill (`{ form, field }`) or a field of the
// record it acts on (`{ record }`), as JSON pointers. Values are kept per instance in
// instance_attributes (attribute-store.server.ts); the well-known keys also keep their own instance
// column, which SQL (scoping, filters, reports) reads. Browser-safe.
import { getByPointer } from "../forms/json-pointer";
import type { AttributeName, AttributeSource, WellKnownAttribute, WorkflowDefinition } from "./definition-schema";

/** The instance column each well-known attribute is also kept in, and its length cap (characters). */
export const ATTRIBUTE_COLUMNS: Record<WellKnownAttribute, { column: "applicant_name" | "region" | "specialty"; max: number }> = {
  applicant: { column: "applicant_name", max: 100 },
  region: { column: "region", max: 50 },
  specialty: { column: "specialty", max: 32 },
};

/** Length cap (characters) of any other attribute's value. */
export const ATTRIBUTE_MAX = 200;

/** Values by attribute key (null: no value). */
export type AttributeValues = Record<AttributeName, string | null>;

export const isWellKnownAttribute = (key: string): key is WellKnownAttribute => Object.hasOwn(ATTRIBUTE_COLUMNS, key);
export const WELL_KNOWN_ATTRIBUTES = Object.keys(ATTRIBUTE_COLUMNS) as WellKnownAttribute[];

/** A list value names its main item (主专业) or else its first; an object its code; blank is null. */
export function attributeValue(v: unknown): string | null {
  if (Array.isArray(v)) return attributeValue(v.find((x) => x && typeof x === "object" && (x as { main?: unknown }).main === true) ?? v[0]);
  if (v && typeof v === "object") return attributeValue((v as { code?: unknown }).code);
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

const capped = (key: string, v: unknown) => attributeValue(v)?.slice(0, isWellKnownAttribute(key) ? ATTRIBUTE_COLUMNS[key].max : ATTRIBUTE_MAX) ?? null;

/** Values (capped) of the attributes a definition reads from a record; those from forms are left out. */
export function recordAttributes(attributes: WorkflowDefinition["attributes"], record: Record<string, unknown>): AttributeValues {
  const out: AttributeValues = {};
  for (const [key, src] of Object.entries(attributes ?? {}) as [string, AttributeSource][]) {
    if ("record" in src) out[key] = capped(key, getByPointer(record, src.record));
  }
  return out;
}

/** Values (capped) of the attributes a definition reads from the forms in `saved` (form key → data). */
export function formAttributes(attributes: WorkflowDefinition["attributes"], saved: Record<string, unknown>): AttributeValues {
  const out: AttributeValues = {};
  for (const [key, src] of Object.entries(attributes ?? {}) as [string, AttributeSource][]) {
    if ("form" in src && Object.hasOwn(saved, src.form)) out[key] = capped(key, getByPointer(saved[src.form], src.field));
  }
  return out;
}

/** The instance columns of the well-known keys among `values` (column name → value). */
export function attributeColumns(values: AttributeValues): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, v] of Object.entries(values)) if (isWellKnownAttribute(key)) out[ATTRIBUTE_COLUMNS[key].column] = v;
  return out;
}

/** The well-known attribute values of an instance row (its columns), by key. */
export function wellKnownValues(row: Partial<Record<string, unknown>>): Record<WellKnownAttribute, string | null> {
  const value = (k: WellKnownAttribute) => (typeof row[ATTRIBUTE_COLUMNS[k].column] === "string" ? (row[ATTRIBUTE_COLUMNS[k].column] as string) : null);
  return { applicant: value("applicant"), region: value("region"), specialty: value("specialty") };
}

/** The attributes a definition declares beyond the well-known three, in its order, with their titles. */
export function extraAttributes(def: Pick<WorkflowDefinition, "attributes">): { key: string; title: string }[] {
  return Object.entries(def.attributes ?? {})
    .filter(([key]) => !isWellKnownAttribute(key))
    .map(([key, src]) => ({ key, title: src.title ?? key }));
}
