// YAML → workflow definition. Every problem is reported with the file, line and column it concerns and
// what is wrong, in Chinese; all problems are collected, and a file with any problem yields no
// definition (never half-loaded). Browser-safe, so the administrator's editor can check as they type.
import Ajv from "ajv";
import type { ErrorObject } from "ajv";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import { workflowDefinitionSchema } from "./definition-schema";
import type { Ref, StepDefinition, TransitionDefinition, WorkflowDefinition } from "./definition-schema";
import { isWellKnownAttribute, WELL_KNOWN_ATTRIBUTES } from "./attributes";
import { REGISTRIES } from "./registry";
import type { WorkflowRegistries } from "./registry";
import { foreignOptions } from "./step-types";

type Path = (string | number)[];

export type WorkflowLoadError = { file: string; line: number; col: number; path: Path; message: string };

export type LoadResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: WorkflowLoadError[] };

export type LoadOptions = {
  /** The key the definition must have; by default the file name's stem when it ends in .yaml/.yml. */
  expectedKey?: string | null;
  /** When given, form steps may only name these forms. */
  knownForms?: Iterable<string>;
  /** When given, sign-upload steps may only name these document templates. */
  knownDocuments?: Iterable<string>;
  registries?: WorkflowRegistries;
  /** The definition's version whatever the text says (administrators never type it; a publish is latest + 1). */
  version?: number;
};

export const formatLoadError = (e: WorkflowLoadError) => `${e.file} 第${e.line}行第${e.col}列：${e.message}`;

/** Thrown where a definition must load (built-ins at start-up); `message` lists every problem. */
export class WorkflowDefinitionError extends Error {
  constructor(readonly errors: WorkflowLoadError[]) {
    super(errors.map(formatLoadError).join("\n"));
    this.name = "WorkflowDefinitionError";
  }
}

const MAX_SOURCE = 200_000;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
const validateShape = ajv.compile(workflowDefinitionSchema);

const YAML_PROBLEMS: Record<string, string> = {
  DUPLICATE_KEY: "同一层级出现了重复的键",
  BAD_INDENT: "缩进不正确（或方括号、花括号没有闭合）",
  TAB_AS_INDENT: "不能用 Tab 缩进，请用空格",
  MISSING_CHAR: "缺少配对的符号（如引号、] 或 }）",
  UNEXPECTED_TOKEN: "出现了意外的内容",
  MULTIPLE_DOCS: "一个文件只能有一个 YAML 文档",
  BAD_DQ_ESCAPE: "双引号字符串中的转义不正确",
  MULTILINE_IMPLICIT_KEY: "键不能跨行",
  BLOCK_AS_IMPLICIT_KEY: "键的写法不正确",
  BAD_ALIAS: "别名（*）引用不正确",
  NON_STRING_KEY: "键必须是文字",
  KEY_OVER_1024_CHARS: "键太长",
  BAD_SCALAR_START: "值的开头字符不合法（含特殊字符时请加引号）",
  BLOCK_IN_FLOW: "方括号/花括号内不能使用块结构",
};

const TYPE_NAMES: Record<string, string> = {
  string: "文字",
  integer: "整数",
  number: "数字",
  boolean: "true 或 false",
  object: "映射（键: 值）",
  array: "列表",
  "string,object": "名称或「名称: 参数」",
  "string,array": "状态名或状态名的列表",
};

const CONTEXTS: Record<string, string> = { transitions: "转换", steps: "步骤", states: "状态" };

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function loadWorkflowYaml(source: string, file: string, opts: LoadOptions = {}): LoadResult {
  const reg = opts.registries ?? REGISTRIES;
  const errors: WorkflowLoadError[] = [];
  const lineCounter = new LineCounter();
  const at = (offset: number, path: Path, message: string) => {
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ file, line, col, path, message });
  };

  if (source.length > MAX_SOURCE) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: [], message: `文件过大（超过 ${MAX_SOURCE / 1000} KB）` }] };
  }
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    at(e.pos[0], [], `YAML 语法错误：${YAML_PROBLEMS[e.code] ?? "无法解析"}`);
  }
  if (errors.length) return { ok: false, errors: sorted(errors) };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch {
    at(0, [], "YAML 语法错误：别名（*）展开过多");
    return { ok: false, errors };
  }
  const where = (path: Path, key = false) => offsetOf(doc, path, key);
  if (!isObj(raw)) {
    const what = Array.isArray(raw) ? "列表" : raw == null ? "空内容" : "单个值";
    at(where([]), [], `流程定义必须是一个映射（键: 值），而不是${what}`);
    return { ok: false, errors };
  }
  if (opts.version !== undefined) raw.version = opts.version;

  if (!validateShape(raw)) {
    for (const e of validateShape.errors ?? []) {
      const mapped = shapeError(e, raw);
      if (mapped) at(where(mapped.path, mapped.key), mapped.path, mapped.message);
    }
  }
  for (const p of semanticProblems(raw, file, opts, reg)) at(where(p.path, p.key ?? false), p.path, p.message);

  if (errors.length) return { ok: false, errors: sorted(dedupe(errors)) };
  return { ok: true, definition: normalize(raw) };
}

/** Like loadWorkflowYaml, but throws WorkflowDefinitionError. */
export function loadWorkflowYamlOrThrow(source: string, file: string, opts: LoadOptions = {}): WorkflowDefinition {
  const r = loadWorkflowYaml(source, file, opts);
  if (!r.ok) throw new WorkflowDefinitionError(r.errors);
  return r.definition;
}

// ---- positions ------------------------------------------------------------------------------------

/** Offset of the node at `path` (of its key when `key`), or of the deepest existing ancestor. */
function offsetOf(doc: Document, path: Path, key: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyOffset = (pair.key as Node).range?.[0] ?? offset;
      if (last && key) return keyOffset;
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? keyOffset;
    } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
      node = node.items[seg];
      offset = (node as Node).range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

const sorted = (errors: WorkflowLoadError[]) => errors.sort((a, b) => a.line - b.line || a.col - b.col);
const dedupe = (errors: WorkflowLoadError[]) => errors.filter((e, i) => errors.findIndex((x) => formatLoadError(x) === formatLoadError(e)) === i);

// ---- naming places in messages ----------------------------------------------------------------------

/** 转换 "withdraw" / 步骤 "basic" / 状态 "draft": the item of a top-level list or map a path is in. */
function owner(raw: Record<string, unknown>, path: Path): { label: string; rest: Path } {
  const [top, id, ...rest] = path;
  const ctx = CONTEXTS[String(top)];
  if (!ctx || id === undefined) return { label: "", rest: path };
  if (top === "states") return { label: `状态 "${id}"`, rest };
  const item = list(raw[top as string])[id as number];
  const name = isObj(item) ? item[top === "transitions" ? "event" : "key"] : undefined;
  return { label: typeof name === "string" ? `${ctx} "${name}"` : `第${Number(id) + 1}个${ctx}`, rest };
}

const dotted = (path: Path) => path.map((s, i) => (typeof s === "number" ? `[${s}]` : i ? `.${s}` : s)).join("");

function fieldName(raw: Record<string, unknown>, path: Path): string {
  const { label, rest } = owner(raw, path);
  if (!label) return `字段 "${dotted(path)}"`;
  return rest.length ? `${label} 的 "${dotted(rest)}"` : label;
}

function nearest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= (word.length >= 4 ? Math.max(2, Math.floor(word.length / 3)) : 1) ? best : null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

const hint = (word: string, candidates: string[]) => {
  const n = nearest(word, candidates);
  return n ? `（是否应为 "${n}"？）` : `（可用：${candidates.join("、")}）`;
};

// ---- schema errors → Chinese ------------------------------------------------------------------------

function shapeError(e: ErrorObject, raw: Record<string, unknown>): { path: Path; key?: boolean; message: string } | null {
  const path: Path = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const p = e.params as Record<string, unknown>;
  const field = fieldName(raw, path);
  const isRef = /\/(guards|effects)\/\d+$/.test(e.instancePath);
  switch (e.keyword) {
    case "required": {
      const { label } = owner(raw, path);
      const sub = label && path.length > 2 ? `${fieldName(raw, path)} ` : label ? `${label} ` : path.length ? `${field} ` : "";
      return { path, message: `${sub}缺少必填字段 "${p.missingProperty}"` };
    }
    case "additionalProperties": {
      const prop = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const { label } = owner(raw, path);
      const sub = label ? `${path.length > 2 ? fieldName(raw, path) : label} 中` : path.length ? `${field} 中` : "";
      return { path: [...path, prop], key: true, message: `${sub}未知字段 "${prop}"${hint(prop, allowed)}` };
    }
    case "type": {
      if (isRef || (/\/(guards|effects)\/\d+\/[^/]+$/.test(e.instancePath) && e.schema === "object")) {
        return { path, message: isRef ? `${field} 应写成名称，或「名称: {参数}」` : `${field} 的参数应为映射（键: 值）` };
      }
      const t = Array.isArray(p.type) ? p.type.join(",") : String(p.type);
      return { path, message: `${field} 应为${TYPE_NAMES[t] ?? t}` };
    }
    case "pattern": {
      if (e.propertyName !== undefined && path.length === 1 && path[0] === "attributes") {
        return { path: [...path, e.propertyName], key: true, message: `属性名 "${e.propertyName}" 不合法：只能用小写字母、数字和下划线，并以字母开头` };
      }
      if (e.propertyName !== undefined) {
        const { label } = owner(raw, path);
        const what = path[0] === "states" && path.length === 1 ? "状态名" : `${label || field} 中的名称`;
        return { path: [...path, e.propertyName], key: true, message: `${what} "${e.propertyName}" 不合法：只能用小写字母、数字和连字符，并以字母开头` };
      }
      if (e.schema === "^[A-Z][A-Za-z]*$") return { path, message: `${field} 应以大写字母开头、只含字母（如 Application）` };
      return { path, message: `${field} 的值 "${String(e.data)}" 不合法：只能用小写字母、数字和连字符，并以字母开头` };
    }
    case "propertyNames":
      return null; // reported by the nested pattern error, at the key
    case "minProperties":
    case "maxProperties":
      if (isRef) return { path, message: `${field} 应写成名称，或「名称: {参数}」（一项只能有一个名称）` };
      if (e.keyword === "maxProperties") return { path, message: `${field} 最多${p.limit}项` };
      return { path, message: path[0] === "states" ? "至少需要定义一个状态" : `${field} 不能为空` };
    case "minLength":
      return { path, message: p.limit === 1 ? `${field} 不能为空` : `${field} 至少需要${p.limit}个字符` };
    case "maxLength":
      if (e.propertyName !== undefined) return { path: [...path, e.propertyName], key: true, message: `${field} 中的名称 "${e.propertyName}" 不能超过${p.limit}个字符` };
      return { path, message: `${field} 不能超过${p.limit}个字符` };
    case "maxItems":
      return { path, message: `${field} 最多${p.limit}项` };
    case "minItems":
      return { path, message: `${field} 至少需要${p.limit}项` };
    case "uniqueItems":
      return { path, message: `${field} 中有重复项` };
    case "minimum":
      return { path, message: `${field} 不能小于${p.limit}` };
    case "maximum":
      return { path, message: `${field} 不能大于${p.limit}` };
    case "exclusiveMinimum":
      return { path, message: `${field} 必须大于${p.limit}` };
    case "enum":
      return { path, message: `${field} 的值 "${String(e.data)}" 不在可选范围内（可用：${(p.allowedValues as unknown[]).join("、")}）` };
    default:
      return { path, message: `${field} 不合法（${e.keyword}）` };
  }
}

// ---- checks against the registries and between parts ------------------------------------------------

type Problem = { path: Path; key?: boolean; message: string };

function refOf(v: unknown): { name: string; args: Record<string, unknown> } | null {
  if (typeof v === "string") return { name: v, args: {} };
  if (isObj(v) && Object.keys(v).length === 1) {
    const [name] = Object.keys(v);
    return { name, args: isObj(v[name]) ? (v[name] as Record<string, unknown>) : {} };
  }
  return null;
}

function semanticProblems(raw: Record<string, unknown>, file: string, opts: LoadOptions, reg: WorkflowRegistries): Problem[] {
  const out: Problem[] = [];
  const states = isObj(raw.states) ? raw.states : {};
  const stateNames = Object.keys(states);
  const isState = (s: unknown): s is string => typeof s === "string" && Object.hasOwn(states, s);
  const knownForms = opts.knownForms ? new Set(opts.knownForms) : null;
  const knownDocuments = opts.knownDocuments ? new Set(opts.knownDocuments) : null;

  // <key>.yaml, or <key>.v<N>.yaml for an earlier version kept beside the current one.
  const named = /([^/\\]+?)(?:\.v(\d+))?\.ya?ml$/i.exec(file);
  const expectedKey = opts.expectedKey === undefined ? named?.[1] : opts.expectedKey;
  if (expectedKey && typeof raw.key === "string" && raw.key !== expectedKey) {
    out.push({ path: ["key"], message: `key "${raw.key}" 必须与文件名 "${expectedKey}" 一致` });
  }
  if (opts.expectedKey === undefined && named?.[2] && raw.version !== Number(named[2])) {
    out.push({ path: ["version"], message: `version 必须与文件名中的版本 v${named[2]} 一致` });
  }
  if (typeof raw.initial === "string" && !isState(raw.initial)) {
    out.push({ path: ["initial"], message: `初始状态 "${raw.initial}" 未定义${hint(raw.initial, stateNames)}` });
  }

  const checkRoles = (by: unknown, path: Path, label: string) => {
    list(by).forEach((r, j) => {
      if (typeof r === "string" && !reg.roles.includes(r)) out.push({ path: [...path, j], message: `${label}中的角色 "${r}" 未定义${hint(r, [...reg.roles])}` });
    });
  };
  const checkRefs = (refs: unknown, path: Path, kind: "守卫" | "效果", label: string) => {
    const registry: Record<string, { checkArgs?(a: Record<string, unknown>, d: WorkflowDefinition): string[] }> = kind === "守卫" ? reg.guards : reg.effects;
    list(refs).forEach((v, j) => {
      const ref = refOf(v);
      if (!ref) return; // the schema already said what is wrong
      const entry = Object.hasOwn(registry, ref.name) ? registry[ref.name] : undefined;
      if (!entry) {
        out.push({ path: [...path, j], message: `${label}中的${kind} "${ref.name}" 未定义${hint(ref.name, Object.keys(registry))}` });
        return;
      }
      const problems = entry.checkArgs ? entry.checkArgs(ref.args, raw as unknown as WorkflowDefinition) : Object.keys(ref.args).length ? ["不接受参数"] : [];
      for (const msg of problems) out.push({ path: [...path, j], message: `${label}中的${kind} "${ref.name}"：${msg}` });
    });
  };

  if (isObj(raw.start)) {
    checkRoles(raw.start.by, ["start", "by"], "start ");
    checkRefs(raw.start.guards, ["start", "guards"], "守卫", "start ");
  }

  // Steps
  const steps = list(raw.steps);
  const stepKeys = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!isObj(step)) return;
    const label = typeof step.key === "string" ? `步骤 "${step.key}" ` : `第${i + 1}个步骤`;
    if (typeof step.key === "string") {
      const first = stepKeys.get(step.key);
      if (first !== undefined) out.push({ path: ["steps", i, "key"], message: `步骤 key "${step.key}" 重复（第${first + 1}个步骤已使用）` });
      else stepKeys.set(step.key, i);
    }
    if (typeof step.type !== "string") return;
    const type = Object.hasOwn(reg.stepTypes, step.type) ? reg.stepTypes[step.type] : undefined;
    if (!type) {
      out.push({ path: ["steps", i, "type"], message: `${label}的类型 "${step.type}" 未定义${hint(step.type, Object.keys(reg.stepTypes))}` });
      return;
    }
    const s = step as unknown as StepDefinition;
    for (const f of foreignOptions(s, type)) out.push({ path: ["steps", i, f], key: true, message: `${label.trim()}：类型 "${step.type}" 不使用字段 "${f}"` });
    const wellTyped = (step.forms === undefined || (Array.isArray(step.forms) && step.forms.every((f) => typeof f === "string"))) && (step.document === undefined || typeof step.document === "string");
    if (!wellTyped) return;
    for (const p of type.check(s, i, { ...raw, steps } as unknown as WorkflowDefinition)) out.push({ path: ["steps", i, ...p.path], message: p.message });
    if (knownForms) list(step.forms).forEach((f, j) => {
      if (typeof f === "string" && !knownForms.has(f)) out.push({ path: ["steps", i, "forms", j], message: `${label}中的表单 "${f}" 不存在${hint(f, [...knownForms])}` });
    });
    if (knownDocuments && typeof step.document === "string" && !knownDocuments.has(step.document)) {
      out.push({ path: ["steps", i, "document"], message: `${label}中的文书模板 "${step.document}" 不存在${hint(step.document, [...knownDocuments])}` });
    }
  });

  // Attributes come from forms the workflow's steps fill; review tasks name known roles.
  const stepForms = new Set(list(raw.steps).flatMap((st) => (isObj(st) ? list(st.forms) : [])));
  if (isObj(raw.attributes)) {
    for (const [name, src] of Object.entries(raw.attributes)) {
      if (!isObj(src)) continue;
      const fromForm = src.form !== undefined || src.field !== undefined;
      if (fromForm && src.record !== undefined) out.push({ path: ["attributes", name], message: `属性 "${name}" 只能有一个来源：表单字段（form 和 field）或记录字段（record）` });
      else if (fromForm && (src.form === undefined || src.field === undefined)) out.push({ path: ["attributes", name], message: `属性 "${name}" 取自表单时须同时写明 form 和 field` });
      else if (!fromForm && src.record === undefined) out.push({ path: ["attributes", name], message: `属性 "${name}" 缺少来源：表单字段（form 和 field）或记录字段（record）` });
      if (typeof src.form === "string" && !stepForms.has(src.form)) {
        out.push({ path: ["attributes", name, "form"], message: `属性 "${name}" 的来源表单 "${src.form}" 不在任何填写步骤中` });
      }
      if (src.record !== undefined && raw.record === undefined) out.push({ path: ["attributes", name, "record"], message: `属性 "${name}" 取自记录，但流程没有用 record 指定记录类型` });
      // A key of the definition's own is a column of the inbox: it needs a title (a misspelt well-known key would need one too).
      if (!isWellKnownAttribute(name) && src.title === undefined) {
        const near = nearest(name, WELL_KNOWN_ATTRIBUTES);
        out.push({ path: ["attributes", name], key: true, message: `属性 "${name}" 须写明标题 title（审核列表的列名）${near ? `；若指内置属性，是否应为 "${near}"？` : ""}` });
      }
    }
  }
  if (typeof raw.record === "string" && !Object.hasOwn(reg.recordTypes, raw.record)) {
    out.push({ path: ["record"], message: `记录类型 "${raw.record}" 未定义${hint(raw.record, Object.keys(reg.recordTypes))}` });
  }
  for (const [name, st] of Object.entries(states)) {
    if (isObj(st) && isObj(st.task)) {
      checkRoles(st.task.by, ["states", name, "task", "by"], `状态 "${name}" 的审核任务`);
      if (st.final === true) out.push({ path: ["states", name, "task"], message: `终态 "${name}" 不能有审核任务` });
    }
  }

  if (isObj(raw.inbox)) out.push(...inboxProblems(raw, raw.inbox));

  // Transitions
  const seen = new Map<string, number>();
  const edges: [string, string][] = [];
  const outgoing = new Set<string>();
  let dangling = false;
  list(raw.transitions).forEach((t, i) => {
    if (!isObj(t)) return;
    const label = typeof t.event === "string" ? `转换 "${t.event}" ` : `第${i + 1}个转换`;
    const froms: [unknown, Path][] = Array.isArray(t.from) ? t.from.map((s, j) => [s, ["transitions", i, "from", j]]) : [[t.from, ["transitions", i, "from"]]];
    for (const [s, path] of froms) {
      if (typeof s !== "string") continue;
      if (!isState(s)) {
        dangling = true;
        out.push({ path, message: `${label}的起始状态 "${s}" 未定义${hint(s, stateNames)}` });
        continue;
      }
      outgoing.add(s);
      const st = states[s];
      if (isObj(st) && st.final === true) out.push({ path, message: `状态 "${s}" 是终态，不能再有转出的转换（${label.trim()}）` });
      if (typeof t.event === "string") {
        const id = `${t.event}\u0000${s}`;
        const first = seen.get(id);
        if (first !== undefined) out.push({ path: ["transitions", i, "event"], message: `${label}在状态 "${s}" 下重复定义（第${first + 1}个转换已定义）` });
        else seen.set(id, i);
      }
      if (isState(t.to)) edges.push([s, t.to]);
    }
    if (typeof t.to === "string" && !isState(t.to)) dangling = true;
    if (typeof t.to === "string" && !isState(t.to)) out.push({ path: ["transitions", i, "to"], message: `${label}的目标状态 "${t.to}" 未定义${hint(t.to, stateNames)}` });
    checkRoles(t.by, ["transitions", i, "by"], label);
    checkRefs(t.guards, ["transitions", i, "guards"], "守卫", label);
    checkRefs(t.effects, ["transitions", i, "effects"], "效果", label);
  });

  // Every state reachable from the initial one; every non-final state has a way out.
  // A transition to a misspelt state would make its real target look unreachable too: say it once.
  if (isState(raw.initial) && !dangling) {
    const reached = new Set<string>([raw.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [a, b] of edges) {
        if (reached.has(a) && !reached.has(b)) {
          reached.add(b);
          grew = true;
        }
      }
    }
    for (const s of stateNames) if (!reached.has(s)) out.push({ path: ["states", s], key: true, message: `状态 "${s}" 不可达：从初始状态出发没有任何转换能到达它` });
  }
  for (const s of stateNames) {
    const st = states[s];
    if (isObj(st) && st.final !== true && !outgoing.has(s)) out.push({ path: ["states", s], key: true, message: `状态 "${s}" 不是终态（final），却没有任何转出的转换` });
  }
  return out;
}

/**
 * The review inbox's presentation: each tab names a state once; each bulk action names a transition a
 * reviewer can take on a task without input (no required comment, not the applicant's own event), so
 * the same event can run on many tasks at once.
 */
function inboxProblems(raw: Record<string, unknown>, inbox: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  const states = isObj(raw.states) ? raw.states : {};
  const stateNames = Object.keys(states);
  const tabs = new Map<string, number>();
  list(inbox.tabs).forEach((tab, i) => {
    if (!isObj(tab) || typeof tab.state !== "string") return;
    const path = ["inbox", "tabs", i, "state"];
    if (!Object.hasOwn(states, tab.state)) {
      out.push({ path, message: `审核列表第${i + 1}个页签的状态 "${tab.state}" 未定义${hint(tab.state, stateNames)}` });
      return;
    }
    const first = tabs.get(tab.state);
    if (first !== undefined) out.push({ path, message: `审核列表中状态 "${tab.state}" 的页签重复（第${first + 1}个页签已使用）` });
    else tabs.set(tab.state, i);
  });
  const transitions = list(raw.transitions).filter(isObj);
  const events = [...new Set(transitions.map((t) => t.event).filter((e): e is string => typeof e === "string"))];
  const bulk = new Map<string, number>();
  list(inbox.bulk).forEach((action, i) => {
    if (!isObj(action) || typeof action.event !== "string") return;
    const event = action.event;
    const path = ["inbox", "bulk", i, "event"];
    const label = `审核列表的批量操作 "${event}"`;
    const first = bulk.get(event);
    if (first !== undefined) {
      out.push({ path, message: `${label} 重复（第${first + 1}个批量操作已使用）` });
      return;
    }
    bulk.set(event, i);
    const taken = transitions.filter((t) => t.event === event);
    if (!taken.length) {
      out.push({ path, message: `${label} 未定义：没有这个转换${hint(event, events)}` });
      return;
    }
    for (const t of taken) {
      if (t.owner === true) out.push({ path, message: `${label} 是申请人本人的操作，不能在审核列表中批量执行` });
      const needs = isObj(t.input) ? Object.values(t.input).filter((x): x is Record<string, unknown> => isObj(x) && x.required === true) : [];
      for (const input of needs) out.push({ path, message: `${label} 需要填写${typeof input.title === "string" ? `「${input.title}」` : "内容"}，不能批量执行` });
    }
    const fromTask = taken.some((t) => (Array.isArray(t.from) ? t.from : [t.from]).some((s) => typeof s === "string" && isObj(states[s]) && isObj(states[s].task)));
    if (!fromTask) out.push({ path, message: `${label} 不从任何审核任务状态出发，审核人员无法批量执行` });
  });
  return out;
}

// ---- normalization ----------------------------------------------------------------------------------

const refs = (v: unknown): Ref[] => list(v).map((x) => refOf(x)!);

function normalize(raw: Record<string, unknown>): WorkflowDefinition {
  const r = raw as unknown as WorkflowDefinition & { start?: { by: string[]; guards?: unknown }; transitions: (Omit<TransitionDefinition, "from" | "guards" | "effects"> & { from: string | string[]; guards?: unknown; effects?: unknown })[] };
  const def: WorkflowDefinition = {
    key: r.key,
    version: r.version,
    title: r.title,
    ...(r.description !== undefined ? { description: r.description } : {}),
    subject: r.subject,
    initial: r.initial,
    ...(r.record !== undefined ? { record: r.record } : {}),
    ...(r.attributes ? { attributes: r.attributes } : {}),
    ...(r.inbox ? { inbox: r.inbox } : {}),
    ...(r.start ? { start: { by: r.start.by, guards: refs(r.start.guards) } } : {}),
    steps: r.steps ?? [],
    states: r.states,
    transitions: r.transitions.map((t) => ({ ...t, from: Array.isArray(t.from) ? t.from : [t.from], guards: refs(t.guards), effects: refs(t.effects) })),
  };
  return def;
}
