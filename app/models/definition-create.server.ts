// New definition keys and restoring old versions, for 表单管理 / 流程管理. A new key starts as a draft
// holding a minimal definition that passes every check, so publishing it as is makes version 1; an old
// version is restored by loading it into the draft, to be published (as latest + 1) like any edit.
// Drafts hold no version number: the publish gives it (definition-text.server).
import { AUDIT_ACTION, DEFINITION_KIND } from "./constants";
import type { DefinitionKind } from "./constants";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { audit } from "./audit.server";
import { hasVersionOrDraft, latestVersionNumber, versionSource } from "./definitions.server";
import type { Actor } from "./definitions.server";
import { withoutVersion } from "./definition-text.server";

/** Keys are file-name stems (DESIGN: a definition's key equals its file name), lower-case kebab. */
export const DEFINITION_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TYPE: Record<DefinitionKind, string> = { form: "Form", workflow: "Workflow" };
const NOUN: Record<DefinitionKind, string> = { form: "表单", workflow: "流程" };

export function skeleton(kind: DefinitionKind, key: string, title: string): string {
  if (kind === DEFINITION_KIND.form) {
    const schema = { type: "object", title, properties: { remark: { type: "string", title: "备注", maxLength: 200 } } };
    return JSON.stringify({ key, title, schema, uiSchema: { remark: { "ui:widget": "textarea" } } }, null, 2);
  }
  // JSON.stringify quotes the title, which is also valid YAML whatever characters it holds.
  return [
    `key: ${key}`, `title: ${JSON.stringify(title)}`, "subject: Application", "initial: draft", "",
    "start:", "  by: [expert]", "",
    "steps:", "  - key: submit", "    title: 提交", "    type: review-submit", "",
    "states:", "  draft:     { title: 草稿, editable: true }", "  submitted: { title: 已提交, final: true }", "",
    "transitions:", "  - event: submit", "    title: 提交", "    from: draft", "    to: submitted", "    by: [expert]", "    owner: true", "",
  ].join("\n");
}

export type CreateResult = { ok: true } | { ok: false; status: number; errors: Record<string, string> };

export async function createDefinition(kind: DefinitionKind, input: { key: string; title: string }, actor: Actor, ip: string): Promise<CreateResult> {
  const errors: Record<string, string> = {};
  if (!DEFINITION_KEY.test(input.key) || input.key.length > 80) errors.key = "标识须以小写字母开头，只含小写字母、数字和单个连字符（-），不超过80个字符";
  if (!input.title || input.title.length > 100) errors.title = `请填写${NOUN[kind]}标题（100字以内）`;
  if (!errors.key && (await hasVersionOrDraft(kind, input.key))) errors.key = `已有标识为「${input.key}」的${NOUN[kind]}，请换一个`;
  if (Object.keys(errors).length) return { ok: false, status: errors.key?.startsWith("已有") ? 409 : 400, errors };
  try {
    await db.transaction(async (trx) => {
      await trx("definition_drafts").insert({ kind, key: input.key, content: skeleton(kind, input.key, input.title), updated_by: actor.id, updated_at: now() });
      await audit({ actor, action: AUDIT_ACTION.definitionCreate, target: { type: TYPE[kind], id: input.key }, ip, detail: { title: input.title } }, trx);
    });
  } catch (e) {
    // Two administrators creating the same key at once: the unique (kind, key) lets one win.
    if (await hasVersionOrDraft(kind, input.key)) return { ok: false, status: 409, errors: { key: `已有标识为「${input.key}」的${NOUN[kind]}，请换一个` } };
    throw e;
  }
  return { ok: true };
}

export type RestoreResult = { ok: true; content: string; version: number } | { ok: false; status: number; message: string };

/** 以此版本为草稿: the old version's text (without its version number) becomes the draft, replacing any; `version` is the number its publish will get. */
export async function restoreAsDraft(kind: DefinitionKind, key: string, version: number, actor: Actor, ip: string): Promise<RestoreResult> {
  const source = await versionSource(kind, key, version);
  if (source === null) return { ok: false, status: 404, message: `${NOUN[kind]} ${key} 没有第 ${version} 版` };
  const next = (await latestVersionNumber(kind, key)) + 1;
  const content = withoutVersion(kind, source);
  await db.transaction(async (trx) => {
    const row = { kind, key, content, updated_by: actor.id, updated_at: now() };
    await trx("definition_drafts").insert(row).onConflict(["kind", "key"]).merge(["content", "updated_by", "updated_at"]);
    await audit({ actor, action: AUDIT_ACTION.definitionRestore, target: { type: TYPE[kind], id: key }, ip, detail: { from: version, as: next } }, trx);
  });
  return { ok: true, content, version: next };
}
