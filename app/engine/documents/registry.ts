// Document templates a workflow step may print (`document: <name>` on a step that prints one).
// Features register them at start-up; the engine only knows their contract. Browser-safe (types and
// a plain map; rendering code stays in the features' *.server modules).
import { registerInto } from "../extensions";

/**
 * A printable document. `S` is the source the feature prints from (e.g. an application with its batch),
 * `D` the saved form data. `hash` is a hash of exactly what the printout shows (hex; no database
 * access): a signed scan stays current while it holds. `render` returns PDF bytes.
 */
export type DocumentTemplate<S = never, D = never> = {
  title: string;
  /** What people call it on buttons and in messages (【下载…】, 「请重新下载…」). */
  name: string;
  hash(source: S, data: D): string;
  render(source: S, data: D, hash: string): Promise<Uint8Array>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each feature narrows its own templates
export const DOCUMENT_TEMPLATES: Record<string, DocumentTemplate<any, any>> = {};

/** Adds a document template (throws if the name is taken by another). */
export function registerDocument<S, D>(name: string, template: DocumentTemplate<S, D>): void {
  registerInto(DOCUMENT_TEMPLATES, "document template", name, template);
}

/** Names a definition may use in `document:`. */
export const documentNames = () => Object.keys(DOCUMENT_TEMPLATES);
