// What the form and workflow editor pages load and do, shared by both (they differ in language and in the
// panel beside the editor): authorize, read the key, the versions, the text to edit (draft or latest),
// a diff of two versions; save a draft, check, publish. Nobody types a version number: the text to edit
// has none, and a publish is numbered latest + 1 on the server (models/definition-text.server).
import { json, redirect } from "@remix-run/node";
import { parseDocument } from "yaml";
import type { SourceProblem } from "~/engine/forms/check-definition";
import { describeFormChanges } from "~/engine/forms/form-changes";
import { parseJsonSource } from "~/engine/forms/json-source";
import { getFormVersion } from "~/engine/forms/registry.server";
import { EFFECTS, GUARDS } from "~/engine/workflows/registry";
import { describeWorkflowChanges } from "~/engine/workflows/workflow-changes";
import { lineCol } from "~/engine/forms/json-source";
import { DEFINITION_KIND, ROLE_LABEL } from "~/models/constants";
import type { DefinitionKind } from "~/models/constants";
import { requireAbility, requireAuth } from "~/features/accounts/auth.server";
import { cleanText, clientIp, field, httpError, readForm } from "~/utils/request.server";
import { sideBySide } from "~/utils/side-by-side-diff";
import {
  checkFormText, checkWorkflowSource, getDraft, hasVersionOrDraft, listVersions, MAX_DEFINITION_CHARS, publishForm, publishWorkflow, saveDraft, versionSource,
} from "~/models/definitions.server";
import { createDefinition, restoreAsDraft } from "~/models/definition-create.server";
import { withoutVersion } from "~/models/definition-text.server";

const NOUN: Record<DefinitionKind, string> = { form: "表单", workflow: "流程" };
const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;

export type EditorAnswer = {
  ok: boolean;
  intent: "draft" | "publish" | "check" | "restore";
  message: string;
  problems: SourceProblem[];
  /** The text the problems were found in (the editor shows them only while it still holds that text). */
  checked: string;
  version?: number;
  /** After 以此版本为草稿: the draft's new text, which the editor loads. */
  content?: string;
};

export async function requireDefinitionAdmin(request: Request) {
  const auth = await requireAuth(request);
  requireAbility(auth.ability, "manage", "Definition");
  return auth;
}

function keyParam(kind: DefinitionKind, key: string | undefined): string {
  if (!key || !KEY.test(key)) throw httpError(404, `${NOUN[kind]}不存在`);
  return key;
}

const versionParam = (v: string | null) => (v && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : null);
/** A published version, or 0 for "none yet" (a new key's editor); null when malformed. */
const versionOrZero = (v: string | null) => (v === "0" ? 0 : versionParam(v));

export async function loadEditor(kind: DefinitionKind, request: Request, keyRaw: string | undefined) {
  await requireDefinitionAdmin(request);
  const key = keyParam(kind, keyRaw);
  const versions = await listVersions(kind, key);
  const draft = await getDraft(kind, key);
  // A new key has only its draft until the first publish.
  if (!versions.length && !draft) throw httpError(404, `${NOUN[kind]}不存在`);
  const latest = versions[0]?.version ?? 0;
  const published = latest ? ((await versionSource(kind, key, latest)) ?? "") : "";

  const url = new URL(request.url);
  const exists = (v: number | null) => v !== null && versions.some((r) => r.version === v);
  const from = versionParam(url.searchParams.get("from"));
  const to = versionParam(url.searchParams.get("to"));
  const pair = exists(from) && exists(to) ? { from: from!, to: to! } : versions.length > 1 ? { from: versions[1].version, to: latest } : null;
  let diff = null;
  if (pair) {
    // Without the version lines, which always differ and say nothing the pickers do not.
    const [a, b] = await Promise.all([versionSource(kind, key, pair.from), versionSource(kind, key, pair.to)]);
    diff = { ...pair, ...sideBySide(withoutVersion(kind, a ?? ""), withoutVersion(kind, b ?? "")), sentences: await changeSentences(kind, key, pair, a, b) };
  }
  return {
    key,
    title: versions[0]?.title ?? draftTitle(kind, draft!.content) ?? key,
    latest,
    versions,
    source: withoutVersion(kind, draft?.content ?? published),
    draft: draft ? { updatedAt: draft.updated_at, by: draft.updated_by_name } : null,
    diff,
  };
}

/**
 * The changes as sentences shown above the line diff: a form's (新增字段「…」（必填）…) from its stored
 * definitions, a workflow's (新增状态「…」, 操作「…」改由…执行…) from the two YAML texts `before` and `after`.
 */
async function changeSentences(kind: DefinitionKind, key: string, pair: { from: number; to: number }, before: string | null | undefined, after: string | null | undefined): Promise<string[] | null> {
  if (kind === DEFINITION_KIND.workflow) return describeWorkflowChanges(before, after, { roles: ROLE_LABEL, ...registryTitles() });
  const [a, b] = await Promise.all([getFormVersion(key, pair.from), getFormVersion(key, pair.to)]);
  return describeFormChanges(a?.definition, b?.definition).map((c) => c.text);
}

function readContent(form: FormData): string {
  const v = form.get("content");
  if (typeof v !== "string" || v.trim() === "") throw httpError(400, "没有收到定义内容");
  if (v.length > MAX_DEFINITION_CHARS) throw httpError(413, "定义内容过长");
  return v.replace(/\r\n?/g, "\n");
}

const answer = (a: EditorAnswer, status = 200) => json(a, { status });

export async function editorAction(kind: DefinitionKind, request: Request, keyRaw: string | undefined, context: unknown) {
  const { user } = await requireDefinitionAdmin(request);
  const key = keyParam(kind, keyRaw);
  const form = await readForm(request);
  const intent = field(form, "intent", 10);
  if (intent !== "draft" && intent !== "publish" && intent !== "check" && intent !== "restore") throw httpError(400, "未知的操作");
  if (!(await hasVersionOrDraft(kind, key))) throw httpError(404, `${NOUN[kind]}不存在`);
  const actor = { id: user.id, name: user.name };
  const ip = clientIp(context);
  if (intent === "restore") {
    const version = versionParam(field(form, "version", 6));
    if (version === null) throw httpError(400, "请选择要恢复的版本");
    const r = await restoreAsDraft(kind, key, version, actor, ip);
    if (!r.ok) return answer({ ok: false, intent, message: r.message, problems: [], checked: "" }, r.status);
    return answer({ ok: true, intent, message: `已将 v${version} 载入草稿，检查无误后可发布为第 ${r.version} 版`, problems: [], checked: "", content: r.content });
  }
  const content = readContent(form);

  if (intent === "check") {
    const problems = (kind === DEFINITION_KIND.form ? await checkFormText(key, content) : await checkWorkflowSource(key, content)).problems;
    return answer({ ok: problems.length === 0, intent, message: problems.length ? `有 ${problems.length} 处问题` : "检查通过", problems, checked: content });
  }
  if (intent === "draft") {
    // A draft may be unfinished, but it must at least be readable as JSON / YAML.
    const syntax = syntaxProblem(kind, content);
    if (syntax) return answer({ ok: false, intent, message: `草稿未保存：${syntax.message}`, problems: [syntax], checked: content }, 422);
    await saveDraft(kind, key, content, actor, ip);
    return answer({ ok: true, intent, message: "草稿已保存", problems: [], checked: content });
  }
  // The latest version the editor started from: a version published since then is not overwritten unseen.
  const base = form.get("base") === null ? undefined : versionOrZero(field(form, "base", 6));
  if (base === null) throw httpError(400, "版本信息有误，请刷新页面后重试");
  const r = kind === DEFINITION_KIND.form ? await publishForm(key, content, actor, ip, base) : await publishWorkflow(key, content, actor, ip, base);
  if (!r.ok) return answer({ ok: false, intent, message: r.message, problems: r.problems, checked: content }, r.status);
  return answer({ ok: true, intent, message: `已发布 ${key} 第 ${r.version} 版`, problems: [], checked: content, version: r.version });
}

/** The Chinese titles of every registered guard and effect (features register theirs at start-up), for the workflow table. */
export function registryTitles(): { guards: Record<string, string>; effects: Record<string, string> } {
  const titles = (reg: Record<string, { title: string }>) => Object.fromEntries(Object.entries(reg).map(([name, e]) => [name, e.title]));
  return { guards: titles(GUARDS), effects: titles(EFFECTS) };
}

/** 新建表单 / 新建流程 from the list page: on success straight to the new key's editor. */
export async function createAction(kind: DefinitionKind, request: Request, context: unknown, base: string) {
  const { user } = await requireDefinitionAdmin(request);
  const form = await readForm(request);
  if (field(form, "intent", 10) !== "create") throw httpError(400, "未知的操作");
  // The key as sent, not cleaned: a key with odd characters is refused, never silently repaired.
  const raw = form.get("key");
  const key = typeof raw === "string" ? raw.slice(0, 100) : "";
  const r = await createDefinition(kind, { key, title: cleanText(form.get("title"), 200) }, { id: user.id, name: user.name }, clientIp(context));
  if (!r.ok) return json({ errors: r.errors }, { status: r.status });
  return redirect(`${base}/${key}`);
}

function draftTitle(kind: DefinitionKind, text: string): string | null {
  try {
    const title = kind === DEFINITION_KIND.form ? JSON.parse(text).title : parseDocument(text).get("title");
    return typeof title === "string" && title ? title : null;
  } catch {
    return null;
  }
}

function syntaxProblem(kind: DefinitionKind, text: string): SourceProblem | null {
  if (kind === DEFINITION_KIND.form) {
    const r = parseJsonSource(text);
    return r.ok ? null : { from: r.error.offset, to: r.error.offset + 1, line: r.error.line, col: r.error.col, message: r.error.message };
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const e = doc.errors[0];
  if (!e) return null;
  const { line, col } = lineCol(text, e.pos[0]);
  return { from: e.pos[0], to: e.pos[0] + 1, line, col, message: `YAML 语法错误（第${line}行第${col}列）` };
}
