// What the form's widgets need from the page, passed through rjsf's formContext.
import type { CatalogNode, FormCatalogs } from "~/models/catalogs.server";

export type { CatalogNode, FormCatalogs };
/** `narrow`: lay fields out as on a phone (one per row) whatever the window's width (the editor's 手机 preview). */
export type SchemaFormContext = { catalogs: FormCatalogs; csrf: string; rowGutter?: number; narrow?: boolean };

export const EMPTY_CATALOGS: FormCatalogs = { regions: [], specialties: [] };

/** code → name over the whole specialty tree (names are what people read; codes are what we store). */
export function specialtyNames(tree: CatalogNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: CatalogNode[]) => {
    for (const n of nodes) {
      out.set(n.code, n.name);
      if (n.children) walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** `file:<sha256>` → the URL the owner (and reviewers) open it at. */
export function fileUrl(ref: unknown): string | null {
  return typeof ref === "string" && /^file:[0-9a-f]{64}$/.test(ref) ? `/uploads/${ref.slice(5)}` : null;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
