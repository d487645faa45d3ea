// Form and workflow definitions as administrators manage them: the published versions of each key, one
// draft per key, and publishing a new version — parsed, checked in full, numbered latest + 1 — in one
// go: any problem refuses the whole publish, with each problem at its line and column.
import { stringify as stringifyYaml } from "yaml";
import { checkFormSource } from "~/engine/forms/check-definition";
import type { DefinitionProblem, SourceProblem } from "~/engine/forms/check-definition";
import { DefinitionConflict, getFormVersion, syncFormDefinitions } from "~/engine/forms/registry.server";
import type { FormDefinition } from "~/engine/forms/validate";
import { loadWorkflowYaml } from "~/engine/workflows/load";
import { getWorkflowVersion, syncWorkflowDefinitions, WorkflowConflict } from "~/engine/workflows/registry.server";
import { DEFINITION_SOURCE } from "~/engine/constants";
import { AUDIT_ACTION, DEFINITION_KIND } from "./constants";
import type { DefinitionKind } from "./constants";
import { db } from "~/utils/db.server";
import { now } from "~/utils/clock.server";
import { audit } from "./audit.server";
import { yamlWithVersion } from "./definition-text.server";
import { documentNames } from "~/engine/documents/registry";
import fs from "node:fs";
import path from "node:path";

export const MAX_DEFINITION_CHARS = 200_000;

export type VersionRow = { version: number; title: string; hash: string; source: string; published_at: number; published_by_name: string | null };
export type KeySummary = { key: string; version: number; title: string; published_at: number; versions: number; draft_at: number | null };
export type Draft = { content: string; updated_at: number; updated_by_name: string | null };
export type Actor = { id: number; name: string };
export type PublishResult = { ok: true; version: number } | { ok: false; status: number; problems: SourceProblem[]; message: string };

const TABLE: Record<DefinitionKind, string> = { form: "form_versions", workflow: "workflow_versions" };

export async function listDefinitionKeys(kind: DefinitionKind): Promise<KeySummary[]> {
  const rows: { key: string; version: number; title: string; published_at: number | string }[] = await db(TABLE[kind])
    .select("key", "version", "title", "published_at")
    .orderBy([{ column: "key" }, { column: "version", order: "desc" }]);
  const drafts: { key: string; updated_at: number | string }[] = await db("definition_drafts").where({ kind }).select("key", "updated_at");
  const draftAt = new Map(drafts.map((d) => [d.key, Number(d.updated_at)]));
  const out = new Map<string, KeySummary>();
  for (const r of rows) {
    const seen = out.get(r.key);
    if (seen) seen.versions++;
    else out.set(r.key, { key: r.key, version: r.version, title: r.title, published_at: Number(r.published_at), versions: 1, draft_at: draftAt.get(r.key) ?? null });
  }
  // Keys made with 新建 that are not published yet: listed as version 0 so the draft can be found.
  for (const [key, at] of draftAt) if (!out.has(key)) out.set(key, { key, version: 0, title: "（未发布）", published_at: 0, versions: 0, draft_at: at });
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Each published workflow's title, by key (the title of its latest version), for filters and list columns. */
export async function workflowTitles(): Promise<Map<string, string>> {
  const rows: { key: string; title: string }[] = await db("workflow_versions").select("key", "title").orderBy("version", "desc");
  const titles = new Map<string, string>();
  for (const w of rows) if (!titles.has(w.key)) titles.set(w.key, w.title);
  return titles;
}

export async function listVersions(kind: DefinitionKind, key: string): Promise<VersionRow[]> {
  const rows = await db(`${TABLE[kind]} as v`)
    .leftJoin("users as u", "u.id", "v.published_by")
    .where("v.key", key)
    .orderBy("v.version", "desc")
    .select("v.version", "v.title", "v.hash", "v.source", "v.published_at", "u.name as published_by_name");
  return rows.map((r: VersionRow) => ({ ...r, published_at: Number(r.published_at) }));
}

export async function latestVersionNumber(kind: DefinitionKind, key: string): Promise<number> {
  const row = await db(TABLE[kind]).where({ key }).max<{ v: number | null }[]>({ v: "version" });
  return Number(row[0]?.v ?? 0);
}

/** The text an administrator edits for a published version: pretty JSON for forms, the YAML as typed for workflows. */
export async function versionSource(kind: DefinitionKind, key: string, version: number): Promise<string | null> {
  if (kind === DEFINITION_KIND.form) {
    const v = await getFormVersion(key, version);
    return v ? JSON.stringify(v.definition, null, 2) : null;
  }
  const row: { source_text: string | null } | undefined = await db("workflow_versions").where({ key, version }).first("source_text");
  if (!row) return null;
  if (row.source_text) return row.source_text;
  // Synced from workflows/*.yaml: the file is the source while it still holds this version.
  const file = path.resolve("workflows", `${key}.yaml`);
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, "utf8");
    const r = loadWorkflowYaml(text, `workflows/${key}.yaml`);
    if (r.ok && r.definition.version === version) return text;
  }
  const v = await getWorkflowVersion(key, version);
  return v ? stringifyYaml(v.definition) : null;
}

// ---- drafts -----------------------------------------------------------------------------------------

/** A key exists once published, or as a draft from 新建 before its first publish. */
export async function hasVersionOrDraft(kind: DefinitionKind, key: string): Promise<boolean> {
  return (await latestVersionNumber(kind, key)) > 0 || !!(await db("definition_drafts").where({ kind, key }).first("id"));
}

export async function getDraft(kind: DefinitionKind, key: string): Promise<Draft | null> {
  const row = await db("definition_drafts as d")
    .leftJoin("users as u", "u.id", "d.updated_by")
    .where({ "d.kind": kind, "d.key": key })
    .first("d.content", "d.updated_at", "u.name as updated_by_name");
  return row ? { content: row.content, updated_at: Number(row.updated_at), updated_by_name: row.updated_by_name ?? null } : null;
}

export async function saveDraft(kind: DefinitionKind, key: string, content: string, actor: Actor, ip: string): Promise<void> {
  await db.transaction(async (trx) => {
    const row = { kind, key, content, updated_by: actor.id, updated_at: now() };
    await trx("definition_drafts").insert(row).onConflict(["kind", "key"]).merge(["content", "updated_by", "updated_at"]);
    await audit({ actor, action: AUDIT_ACTION.definitionDraftSave, target: { type: kind === "form" ? "Form" : "Workflow", id: key }, ip, detail: { chars: content.length } }, trx);
  });
}

// ---- publishing -------------------------------------------------------------------------------------

const refusal = (status: number, message: string, problems: SourceProblem[] = []): PublishResult => ({ ok: false, status, message, problems });

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err.code === "23505" || (err.code === "SQLITE_CONSTRAINT" && /UNIQUE/.test(err.message ?? ""));
};
const conflict = (version: number) =>
  refusal(409, `另一位管理员刚刚发布了第 ${version} 版，本次未发布。请刷新页面，在第 ${version} 版的基础上修改后再发布`);

/**
 * Problems with a form definition typed as JSON, for this key. The version is not the text's to say: the
 * definition is checked (and published) as latest + 1 whatever the text holds.
 */
export async function checkFormText(key: string, text: string) {
  const latest = await latestVersionNumber(DEFINITION_KIND.form, key);
  const extra = (def: Record<string, unknown>): DefinitionProblem[] =>
    def.key !== key ? [{ pointer: "/key", message: `key 必须是「${key}」（不能在此改变表单的 key）` }] : [];
  return { ...checkFormSource(text, { compile: true, version: latest + 1, extra }), latest };
}

/**
 * `base`: the latest version the administrator's editor started from (when given). Publishing over a
 * version published since then, or racing another publish of the same number, is refused with 409 and
 * publishes nothing — one of two administrators gets latest + 1, the other a message saying why not.
 */
export async function publishForm(key: string, text: string, actor: Actor, ip: string, base?: number): Promise<PublishResult> {
  if (text.length > MAX_DEFINITION_CHARS) return refusal(413, "定义内容过长");
  if (!(await hasVersionOrDraft(DEFINITION_KIND.form, key))) return refusal(404, "表单不存在");
  const { definition, problems, latest } = await checkFormText(key, text);
  if (base !== undefined && latest !== base) return conflict(latest);
  if (problems.length || !definition) return refusal(422, `定义有 ${problems.length} 处问题，未发布`, problems);
  const def = definition as FormDefinition;
  try {
    await syncFormDefinitions([def], DEFINITION_SOURCE.admin, actor.id, { onlyNew: true });
  } catch (e) {
    if (e instanceof DefinitionConflict || isUniqueViolation(e)) return conflict(def.version);
    throw e;
  }
  await finishPublish(DEFINITION_KIND.form, key, def.version, actor, ip);
  return { ok: true, version: def.version };
}

/** Problems with a workflow's YAML, each at its line and column (server-side: the loader compiles with Ajv); checked as latest + 1. */
export async function checkWorkflowSource(key: string, text: string): Promise<{ problems: SourceProblem[]; latest: number; definition: ReturnType<typeof loadWorkflowYaml> }> {
  const latest = await latestVersionNumber(DEFINITION_KIND.workflow, key);
  const knownForms = (await db("form_versions").distinct("key")).map((r: { key: string }) => r.key);
  const result = loadWorkflowYaml(text, `workflows/${key}.yaml`, { expectedKey: key, knownForms, knownDocuments: documentNames(), version: latest + 1 });
  const offsetOf = lineOffsets(text);
  const problems: SourceProblem[] = result.ok
    ? []
    : result.errors.map((e) => {
        const from = offsetOf(e.line, e.col);
        return { from, to: lineEnd(text, from), line: e.line, col: e.col, message: e.message };
      });
  return { problems, latest, definition: result };
}

/** As publishForm (same `base` and conflicts); the YAML is kept as typed, with its `version:` line set. */
export async function publishWorkflow(key: string, text: string, actor: Actor, ip: string, base?: number): Promise<PublishResult> {
  if (text.length > MAX_DEFINITION_CHARS) return refusal(413, "定义内容过长");
  if (!(await hasVersionOrDraft(DEFINITION_KIND.workflow, key))) return refusal(404, "流程不存在");
  const { problems, definition: result, latest } = await checkWorkflowSource(key, text);
  if (base !== undefined && latest !== base) return conflict(latest);
  if (problems.length || !result.ok) return refusal(422, `定义有 ${problems.length} 处问题，未发布`, problems);
  const def = result.definition;
  try {
    await syncWorkflowDefinitions([def], DEFINITION_SOURCE.admin, actor.id, { onlyNew: true });
  } catch (e) {
    if (e instanceof WorkflowConflict || isUniqueViolation(e)) return conflict(def.version);
    throw e;
  }
  await db("workflow_versions").where({ key, version: def.version }).whereNull("source_text").update({ source_text: yamlWithVersion(text, def.version) });
  // Review tasks (and so reviewers' abilities) follow from the next request on: abilities read the
  // published versions per request (engine/permissions/task-states.server.ts).
  await finishPublish(DEFINITION_KIND.workflow, key, def.version, actor, ip);
  return { ok: true, version: def.version };
}

async function finishPublish(kind: DefinitionKind, key: string, version: number, actor: Actor, ip: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx("definition_drafts").where({ kind, key }).delete();
    await audit({
      actor,
      action: kind === DEFINITION_KIND.form ? AUDIT_ACTION.formPublish : AUDIT_ACTION.workflowPublish,
      target: { type: kind === DEFINITION_KIND.form ? "Form" : "Workflow", id: key },
      ip,
      detail: { key, version },
    }, trx);
  });
}

// ---- positions in text ------------------------------------------------------------------------------

function lineOffsets(text: string): (line: number, col: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (line, col) => Math.min(text.length, (starts[line - 1] ?? text.length) + col - 1);
}

const lineEnd = (text: string, from: number) => {
  const nl = text.indexOf("\n", from);
  return Math.max(from + 1, nl === -1 ? text.length : nl);
};
