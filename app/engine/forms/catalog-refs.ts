// Finds the catalog entries a document refers to: values under a uiSchema node whose widget picks from
// a catalog (`region`: a region name; `specialty`: a list of { code, main }). The server checks new ones
// against what the pickers offer, so a hand-made request cannot store an unknown or 停用 entry. Browser-safe.
import { joinPointer } from "./json-pointer";
import { isSchemaNode } from "./schema-walk";

export type CatalogKind = "region" | "specialty";
export type CatalogRef = { kind: CatalogKind; pointer: string; value: string };

/** Every catalog value in `data`, with the pointer of the field whose widget chose it. */
export function collectCatalogRefs(uiSchema: unknown, data: unknown, at = ""): CatalogRef[] {
  if (!isSchemaNode(uiSchema) || data === null || data === undefined) return [];
  const widget = uiSchema["ui:widget"];
  if (widget === "region") return typeof data === "string" && data ? [{ kind: "region", pointer: at, value: data }] : [];
  if (widget === "specialty") {
    if (!Array.isArray(data)) return [];
    return data.flatMap((c) => (c && typeof c === "object" && typeof c.code === "string" ? [{ kind: "specialty" as const, pointer: at, value: c.code }] : []));
  }
  if (Array.isArray(data)) return data.flatMap((item, i) => collectCatalogRefs(uiSchema.items, item, joinPointer(at, i)));
  if (typeof data !== "object") return [];
  return Object.entries(uiSchema).flatMap(([key, sub]) =>
    key.startsWith("ui:") || !(key in data) ? [] : collectCatalogRefs(sub, (data as Record<string, unknown>)[key], joinPointer(at, key)),
  );
}
