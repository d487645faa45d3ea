// The version number in a definition's text. Administrators never type it (issue 20): the editor shows the
// text without it, and a publish numbers the definition latest + 1; only a workflow's stored YAML (kept for
// the editor and diffs) gets its `version:` line back. Everything else in the text stays as typed.
import { parseDocument } from "yaml";
import { parseJsonSource } from "~/engine/forms/json-source";
import { DEFINITION_KIND } from "./constants";
import type { DefinitionKind } from "./constants";

/** A plain top-level `version:` line of a YAML text (with its line break). */
const YAML_VERSION_LINE = /^version:[ \t]*[^\n#]*?[ \t]*(#[^\n]*)?(\n|$)/m;
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The text without its top-level `version` (JSON member or YAML key): the member's own line goes when it
 * had one, else just the member and one comma. Text that does not parse, or has no version, is returned as is.
 */
export function withoutVersion(kind: DefinitionKind, text: string): string {
  return kind === DEFINITION_KIND.form ? withoutJsonVersion(text) : withoutYamlVersion(text);
}

function withoutJsonVersion(text: string): string {
  const parsed = parseJsonSource(text);
  if (!parsed.ok || !isObj(parsed.value) || !Object.prototype.hasOwnProperty.call(parsed.value, "version")) return text;
  const span = parsed.spans.get("/version");
  if (span?.keyFrom === undefined) return text;
  let start = span.keyFrom;
  let end = span.to;
  let j = end;
  while (/\s/.test(text[j] ?? "")) j++;
  if (text[j] === ",") end = j + 1;
  else {
    // The last member: the comma before it goes instead.
    let k = start - 1;
    while (k >= 0 && /\s/.test(text[k])) k--;
    if (text[k] === ",") start = k;
  }
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const nl = text.indexOf("\n", end);
  const lineEnd = nl === -1 ? text.length : nl;
  if (text.slice(lineStart, start).trim() === "" && text.slice(end, lineEnd).trim() === "") {
    start = lineStart;
    end = nl === -1 ? text.length : nl + 1;
  }
  return text.slice(0, start) + text.slice(end);
}

function withoutYamlVersion(text: string): string {
  if (YAML_VERSION_LINE.test(text)) return text.replace(YAML_VERSION_LINE, "");
  const doc = parseDocument(text);
  if (doc.errors.length || !doc.has("version")) return text;
  doc.delete("version");
  return doc.toString();
}

/**
 * A workflow's YAML with its top-level `version` set to `version`: the plain `version:` line rewritten, or
 * a new line after the plain `key:` line, or (other layouts) set through the YAML document.
 */
export function yamlWithVersion(text: string, version: number): string {
  if (YAML_VERSION_LINE.test(text)) return text.replace(YAML_VERSION_LINE, (_m, _c, nl: string) => `version: ${version}${nl}`);
  const keyLine = /^key:[^\n]*\n/m;
  if (keyLine.test(text)) return text.replace(keyLine, (m) => `${m}version: ${version}\n`);
  const doc = parseDocument(text);
  doc.set("version", version);
  return doc.toString();
}
