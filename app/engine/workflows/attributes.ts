// The list attributes of an instance (申请人, 地州, 专业): what the inbox lists and filters by and what
// reviewer scopes match. A definition says where each comes from — a field of a form its steps fill
// (`{ form, field }`) or a field of the record it acts on (`{ record }`), as JSON pointers. Browser-safe.
import { getByPointer } from "../forms/json-pointer";
import type { AttributeName, AttributeSource } from "./definition-schema";

/** The instance column each attribute is kept in, and its length cap (characters). */
export const ATTRIBUTE_COLUMNS: Record<AttributeName, { column: "applicant_name" | "region" | "specialty"; max: number }> = {
  applicant: { column: "applicant_name", max: 100 },
  region: { column: "region", max: 50 },
  specialty: { column: "specialty", max: 32 },
};

/** A list value names its main item (主专业) or else its first; an object its code; blank is null. */
export function attributeValue(v: unknown): string | null {
  if (Array.isArray(v)) return attributeValue(v.find((x) => x && typeof x === "object" && (x as { main?: unknown }).main === true) ?? v[0]);
  if (v && typeof v === "object") return attributeValue((v as { code?: unknown }).code);
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

/** Column values of the attributes a definition reads from a record (those from forms are captured on save). */
export function recordAttributes(attributes: Partial<Record<AttributeName, AttributeSource>> | undefined, record: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, src] of Object.entries(attributes ?? {}) as [AttributeName, AttributeSource][]) {
    if (!("record" in src)) continue;
    const { column, max } = ATTRIBUTE_COLUMNS[name];
    out[column] = attributeValue(getByPointer(record, src.record))?.slice(0, max) ?? null;
  }
  return out;
}
