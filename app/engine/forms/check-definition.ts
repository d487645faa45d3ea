// Is this a form definition we can publish? The envelope, a schema using only the keywords both validators
// support (keywords.ts: one list, refused otherwise with the keyword and its place in Chinese), a schema Ajv
// accepts in strict mode (meta-schema and our formats), bounded strings and lists with Chinese titles, a uiSchema naming only registered
// widgets and real fields, and rules that are well-formed and point at real fields. Each problem carries a
// JSON pointer into the definition and a Chinese message. Browser-safe: in a browser (no 'unsafe-eval'
// under our CSP, and Ajv compiles to code) the Ajv step is skipped; the server always runs it.
import type { ErrorObject } from "ajv";
import { formAjv } from "./form-ajv.server";
import { escapePointerSegment, joinPointer } from "./json-pointer";
import { unsupportedKeywords } from "./keywords";
import { lineCol, parseJsonSource, spanAt } from "./json-source";
import { checkRules, ruleVariableProblems } from "./rules";
import { undeclaredRequiredNames } from "./strip";
import { forEachSchema, isSchemaNode, resolveRef, schemasAlong } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";
import { WIDGET_NAMES } from "./widget-names";
import { isPrefillSource, PREFILL_SOURCES } from "./prefill";
import { isOpenYearsAgo, OPEN_YEARS_AGO_MAX } from "./date-opening";

export type DefinitionProblem = { pointer: string; message: string };
export type CheckOptions = { compile?: boolean };

export const FORM_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ENVELOPE = ["key", "version", "title", "schema", "uiSchema", "rules"];
const HAS_CHINESE = /[\u4e00-\u9fa5]/;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const TEXT_UI = ["ui:placeholder", "ui:help", "ui:title", "ui:description"];

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function checkFormDefinition(def: unknown, opts: CheckOptions = {}): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const add = (pointer: string, message: string) => out.push({ pointer, message });
  if (!isSchemaNode(def)) return [{ pointer: "", message: "表单定义必须是一个 JSON 对象" }];

  // Keys that could reach a prototype have no business anywhere in a definition.
  const forbidden = findForbiddenKeys(def);
  if (forbidden.length) return forbidden.map((p) => ({ pointer: p, message: `不允许使用字段名「${p.slice(p.lastIndexOf("/") + 1)}」` }));

  for (const k of Object.keys(def)) if (!ENVELOPE.includes(k)) add(joinPointer("", k), `未知的顶层字段「${k}」（可用：${ENVELOPE.join("、")}）`);
  if (typeof def.key !== "string" || !FORM_KEY.test(def.key) || def.key.length > 80) add("/key", "key 必须由小写字母、数字和连字符组成（如 expert-basic-info）");
  if (!Number.isInteger(def.version) || (def.version as number) < 1) add("/version", "version 必须是正整数");
  if (typeof def.title !== "string" || !HAS_CHINESE.test(def.title) || def.title.length > 100) add("/title", "title 必须是中文标题（不超过 100 个字）");
  if (def.uiSchema !== undefined && !isSchemaNode(def.uiSchema)) add("/uiSchema", "uiSchema 必须是对象");
  if (def.uiSchema === undefined) add("", "缺少 uiSchema（没有界面设置时写 {}）");
  const schema = def.schema;
  if (!isSchemaNode(schema) || schema.type !== "object") {
    add("/schema", "schema 必须是根类型为 object 的 JSON Schema");
    return out;
  }
  if (schema.title !== def.title) add("/schema/title", "schema 的 title 必须与表单的 title 相同");

  // Before Ajv: its strict mode knows keywords (and $ref forms) that the browser's walker does not.
  const keywordProblems = unsupportedKeywords(schema);
  if (keywordProblems.length) return [...out, ...keywordProblems.map((p) => ({ pointer: `/schema${p.pointer}`, message: p.message }))];

  const compile = opts.compile ?? typeof document === "undefined";
  if (compile) {
    const problems = ajvProblems(schema);
    if (problems.length) return [...out, ...problems]; // the checks below assume a well-formed schema
  }

  forEachSchema(schema, (raw, at) => {
    const node = resolveRef(schema, raw);
    const where = `/schema${at}`;
    if (node.type === "string" && typeof node.maxLength !== "number" && node.enum === undefined && node.const === undefined) {
      add(where, "文字字段必须设置最大长度 maxLength");
    }
    if (node.type === "array" && typeof node.maxItems !== "number") add(where, "列表必须设置最多项数 maxItems");
    if (node.type === "object") {
      if (!isSchemaNode(node.properties)) {
        add(where, "对象必须列出它的字段 properties");
        return;
      }
      const required = node.required;
      if (required !== undefined && !Array.isArray(required)) add(`${where}/required`, "required 必须是字段名的列表");
      // Whether each required name is declared is read over the whole schema (undeclaredRequiredNames, below).
      for (const [key, prop] of Object.entries(node.properties as Record<string, unknown>)) {
        const title = isSchemaNode(prop) ? resolveRef(schema, prop).title : undefined;
        if (typeof title !== "string" || !HAS_CHINESE.test(title)) add(`${where}/properties/${escapePointerSegment(key)}`, `字段「${key}」需要中文标题 title`);
      }
    }
  });

  for (const { pointer, name } of undeclaredRequiredNames(schema)) add(`/schema${pointer}`, `必填字段「${name}」不在 properties 中`);

  if (isSchemaNode(def.uiSchema)) checkUi(def.uiSchema, schema, resolveRef(schema, schema), "/uiSchema", add);

  const ruleProblems = checkRules(def.rules);
  // Variables are looked up only in well-formed rules: a malformed one has been refused already.
  for (const message of ruleProblems.length ? ruleProblems : ruleVariableProblems(def.rules, schema)) {
    const n = /^第(\d+)条规则/.exec(message);
    add(n ? `/rules/${Number(n[1]) - 1}` : "/rules", message);
  }
  if (Array.isArray(def.rules)) {
    def.rules.forEach((rule: unknown, i) => {
      if (!isSchemaNode(rule) || typeof rule.path !== "string") return;
      const each = typeof rule.each === "string" ? rule.each : undefined;
      try {
        const target = each === undefined ? rule.path : joinPointer(each, 0) + rule.path;
        if (!schemasAlong(schema, target)) add(`/rules/${i}/path`, `第${i + 1}条规则指向的字段「${target}」不在 schema 中`);
      } catch {
        /* a malformed pointer: checkRules has said so */
      }
    });
  }
  return out;
}

function checkUi(ui: SchemaNode, root: SchemaNode, node: SchemaNode, at: string, add: (p: string, m: string) => void): void {
  for (const [key, value] of Object.entries(ui)) {
    const here = joinPointer(at, key);
    if (key === "ui:widget") {
      if (typeof value !== "string" || !WIDGET_NAMES.includes(value)) add(here, `未知的控件「${String(value)}」（可用：${WIDGET_NAMES.join("、")}）`);
    } else if (TEXT_UI.includes(key)) {
      if (typeof value !== "string" || !HAS_CHINESE.test(value)) add(here, `${key} 必须是中文`);
    } else if (key === "ui:order") {
      const props = Object.keys(isSchemaNode(node.properties) ? node.properties : {});
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        add(here, "ui:order 必须是字段名的列表");
        continue;
      }
      value.forEach((name, i) => {
        if (name !== "*" && !props.includes(name)) add(`${here}/${i}`, `ui:order 中的字段「${name}」不存在`);
      });
      if (!value.includes("*")) {
        const missing = props.filter((p) => !value.includes(p));
        if (missing.length) add(here, `ui:order 必须列出所有字段（或用 "*"），缺少：${missing.join("、")}`);
      }
    } else if (key === "ui:options") {
      if (isSchemaNode(value)) checkOptions(value, ui, node, here, add);
    } else if (key.startsWith("ui:")) {
      continue;
    } else if (!isSchemaNode(value)) {
      add(here, `「${key}」的界面设置必须是对象`);
    } else if (key === "items" && node.type === "array") {
      if (isSchemaNode(node.items)) checkUi(value, root, resolveRef(root, node.items), here, add);
    } else {
      const props = isSchemaNode(node.properties) ? node.properties : {};
      if (!has(props, key) || !isSchemaNode(props[key])) add(here, key === "items" ? "「items」只能用于列表字段" : `uiSchema 中的字段「${key}」不在 schema 中`);
      else checkUi(value, root, resolveRef(root, props[key] as SchemaNode), here, add);
    }
  }
}

/** The engine's own `ui:options` (prefill, openYearsAgo): each on a field it fits, with a value it knows. */
function checkOptions(options: SchemaNode, ui: SchemaNode, node: SchemaNode, at: string, add: (p: string, m: string) => void): void {
  if (has(options, "prefill")) {
    const here = joinPointer(at, "prefill");
    if (!isPrefillSource(options.prefill)) add(here, `未知的预填来源「${String(options.prefill)}」（可用：${PREFILL_SOURCES.join("、")}）`);
    else if (node.type !== "string") add(here, "预填只能用于文字字段");
  }
  if (has(options, "openYearsAgo")) {
    const here = joinPointer(at, "openYearsAgo");
    if (!isOpenYearsAgo(options.openYearsAgo)) add(here, `openYearsAgo 必须是 0 到 ${OPEN_YEARS_AGO_MAX} 的整数（年数）`);
    else if (node.type !== "string" || (node.format !== "date" && ui["ui:widget"] !== "date")) add(here, "openYearsAgo 只能用于日期字段");
  }
}

/** Pointers of every key anywhere in `value` that could reach a prototype (__proto__, constructor, prototype). */
export function findForbiddenKeys(value: unknown, at = "", out: string[] = [], depth = 0): string[] {
  if (depth > 64 || value === null || typeof value !== "object") return out;
  for (const key of Object.keys(value)) {
    const here = joinPointer(at, key);
    if (FORBIDDEN_KEYS.has(key)) out.push(here);
    else findForbiddenKeys((value as Record<string, unknown>)[key], here, out, depth + 1);
  }
  return out;
}

// ---- Ajv: the meta-schema, then a strict compile --------------------------------------------------

const META_MESSAGES: Record<string, (e: ErrorObject) => string> = {
  type: (e) => `应为 ${String((e.params as { type: string }).type)} 类型`,
  enum: () => "取值不在允许范围内",
  minimum: (e) => `不能小于 ${String((e.params as { limit: number }).limit)}`,
  anyOf: () => "写法不符合规范",
  uniqueItems: () => "不能有重复项",
  format: () => "格式不正确",
};

function ajvProblems(schema: SchemaNode): DefinitionProblem[] {
  // strictRequired and strictTuples are off: the first depends on Ajv's keyword order (a oneOf branch may not
  // require a field its parent declares), the second refuses every additionalItems schema. Ours replace them:
  // undeclaredRequiredNames (below) and maxItems on every list.
  const ajv = formAjv({ strict: true, strictRequired: false, strictTuples: false, allErrors: true });
  if (!ajv.validateSchema(schema)) {
    const seen = new Set<string>();
    const out: DefinitionProblem[] = [];
    for (const e of ajv.errors ?? []) {
      const pointer = `/schema${e.instancePath}`;
      if (seen.has(pointer)) continue; // one message per place: the first is the most specific
      seen.add(pointer);
      const what = e.instancePath.slice(e.instancePath.lastIndexOf("/") + 1) || "schema";
      out.push({ pointer, message: `「${what}」${META_MESSAGES[e.keyword]?.(e) ?? "不符合 JSON Schema 规范"}` });
    }
    return out;
  }
  try {
    ajv.compile(schema);
    return [];
  } catch (e) {
    return [strictProblem(schema, e instanceof Error ? e.message : String(e))];
  }
}

/** Ajv's compile-time refusals, each located in the schema and said in Chinese. */
function strictProblem(schema: SchemaNode, msg: string): DefinitionProblem {
  const atPath = /at (?:path )?"#([^"]*)"/.exec(msg)?.[1];
  const located = (p: string | undefined) => `/schema${p ? decodeURIComponent(p) : ""}`;
  const firstNode = (pred: (n: SchemaNode) => boolean, suffix: string) => {
    let found: string | undefined;
    forEachSchema(schema, (n, at) => {
      if (found === undefined && pred(n)) found = `${at}${suffix}`;
    });
    return `/schema${found ?? ""}`;
  };
  let m: RegExpExecArray | null;
  if ((m = /unknown keyword: "([^"]+)"/.exec(msg))) {
    const kw = m[1];
    return { pointer: firstNode((n) => has(n, kw), `/${escapePointerSegment(kw)}`), message: `未知的关键字「${kw}」` };
  }
  if ((m = /unknown format "([^"]+)"/.exec(msg))) return { pointer: `${located(atPath)}/format`, message: `未知的格式「${m[1]}」` };
  if ((m = /required property "([^"]+)" is not defined/.exec(msg))) return { pointer: `${located(atPath)}/required`, message: `必填字段「${m[1]}」不在 properties 中` };
  if ((m = /can't resolve reference (\S+)/.exec(msg))) {
    const ref = m[1];
    return { pointer: firstNode((n) => n.$ref === ref, "/$ref"), message: `无法解析引用「${ref}」` };
  }
  return { pointer: located(atPath), message: `schema 无法编译：${msg}` };
}

// ---- the editor's view: problems in the typed text, each at its place ------------------------------

/** A problem at a place in the text an administrator typed: offsets for the editor, line/column for people. */
export type SourceProblem = { from: number; to: number; line: number; col: number; message: string; pointer?: string };
export type FormSourceCheck = { definition: unknown | null; problems: SourceProblem[] };

/**
 * Parses and checks a definition typed as JSON. A syntax error yields only that error; otherwise each
 * problem from checkFormDefinition (and from `extra`, e.g. the key the publisher expects) is placed
 * at the value its pointer names, or at the nearest enclosing value the text has. `version`, when given,
 * is the definition's version whatever the text says (administrators never type it: the server numbers
 * a publish latest + 1), so the text may leave it out.
 */
export function checkFormSource(text: string, opts: CheckOptions & { version?: number; extra?: (def: Record<string, unknown>) => DefinitionProblem[] } = {}): FormSourceCheck {
  const parsed = parseJsonSource(text);
  if (!parsed.ok) {
    const { offset, line, col, message } = parsed.error;
    return { definition: null, problems: [{ from: offset, to: Math.min(offset + 1, text.length), line, col, message }] };
  }
  if (opts.version !== undefined && isSchemaNode(parsed.value)) parsed.value = { ...parsed.value, version: opts.version };
  const problems = checkFormDefinition(parsed.value, opts);
  if (isSchemaNode(parsed.value) && opts.extra) problems.push(...opts.extra(parsed.value));
  return {
    definition: parsed.value,
    problems: problems.map((p) => {
      const span = spanAt(parsed.spans, p.pointer);
      const from = span?.keyFrom ?? span?.from ?? 0;
      // A whole object or list is marked on its first line only, not across the document.
      const to = span ? Math.min(span.to, text.indexOf("\n", from) === -1 ? span.to : Math.max(text.indexOf("\n", from), from + 1)) : 1;
      return { from, to, ...lineColOf(text, from), message: p.message, pointer: p.pointer };
    }),
  };
}

function lineColOf(text: string, offset: number) {
  const { line, col } = lineCol(text, offset);
  return { line, col };
}
