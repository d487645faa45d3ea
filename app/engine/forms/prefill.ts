// Fields a form fills in from what the system already knows about the signed-in account, declared per
// field in the uiSchema (`"ui:options": {"prefill": "account.name"}`) and taken from a fixed list of
// sources, never from anything a definition could name freely. The server fills them where it prepares
// a form's data for its owner, and only where the value is empty: what was typed or saved wins. Browser-safe.
import { isSchemaNode, resolveRef } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

/** The sources a definition may name in `ui:options.prefill`: fields of the signed-in account. */
export const PREFILL_SOURCES = ["account.name", "account.phone", "account.email"] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/** What the sources hold for one account (missing or empty: nothing to fill). */
export type PrefillValues = Partial<Record<PrefillSource, string | null | undefined>>;

/** One declared prefill: the field (property names from the root) and its source. */
export type PrefillField = { path: string[]; source: PrefillSource };

/** Whether `v` names a known prefill source. */
export const isPrefillSource = (v: unknown): v is PrefillSource => typeof v === "string" && (PREFILL_SOURCES as readonly string[]).includes(v);

/**
 * The prefills a definition declares: every text field of an object (the root or an object nested in
 * it, not a list's items: a list's entries are the person's own) whose uiSchema says
 * `"ui:options": {"prefill": <source>}` with a known source. Unknown sources are ignored here and
 * refused when the definition is checked.
 */
export function prefillFields(schema: SchemaNode, uiSchema: unknown): PrefillField[] {
  const out: PrefillField[] = [];
  const walk = (node: SchemaNode, ui: unknown, at: string[], depth: number) => {
    if (depth > 16 || !isSchemaNode(ui) || !isSchemaNode(node.properties)) return;
    for (const [key, raw] of Object.entries(node.properties)) {
      if (!Object.prototype.hasOwnProperty.call(ui, key) || !isSchemaNode(raw)) continue;
      const fieldUi = ui[key];
      const field = resolveRef(schema, raw);
      const source = isSchemaNode(fieldUi) && isSchemaNode(fieldUi["ui:options"]) ? fieldUi["ui:options"].prefill : undefined;
      if (field.type === "string" && isPrefillSource(source)) out.push({ path: [...at, key], source });
      else if (field.type === "object") walk(field, fieldUi, [...at, key], depth + 1);
    }
  };
  walk(resolveRef(schema, schema), uiSchema, [], 0);
  return out;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "";
type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `data` with each declared field that is empty (absent, null or "") set from its source, where the
 * source holds a non-empty text. A field holding anything else (typed, saved, even of the wrong type)
 * is left alone, and so is a field under a value that is not an object. Returns `data` itself when
 * nothing is filled; never changes it.
 */
export function applyPrefill(fields: readonly PrefillField[], data: Doc, values: PrefillValues): Doc {
  let doc = data;
  for (const { path, source } of fields) {
    const value = values[source];
    if (typeof value !== "string" || !value) continue;
    const parents: Doc[] = [];
    let node: unknown = doc;
    for (const key of path.slice(0, -1)) {
      if (!isDoc(node)) break;
      parents.push(node);
      node = isEmpty(node[key]) ? {} : node[key];
    }
    if (!isDoc(node) || parents.length < path.length - 1 || !isEmpty(node[path[path.length - 1]])) continue;
    // Copy along the path, leaves first.
    let filled: Doc = { ...node, [path[path.length - 1]]: value };
    for (let i = parents.length - 1; i >= 0; i--) filled = { ...parents[i], [path[i]]: filled };
    doc = filled;
  }
  return doc;
}
