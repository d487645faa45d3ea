// Turns Ajv errors into Chinese messages keyed by the JSON pointer of the field they concern, each
// naming the field by its schema titles (「教育经历 第2项 学校 为必填项」). Browser-safe.
import type { ErrorObject } from "ajv";
import localizeZh from "ajv-i18n/localize/zh/index.js";
import { diagnoseCnIdCard, diagnoseUscc, FORMAT, PERSON_NAME_PROBLEM } from "./formats";
import type { CnIdCardProblem, UsccProblem } from "./formats";
import { getByPointer, joinPointer, parsePointer } from "./json-pointer";
import { childSchema, isSchemaNode, resolveRef } from "./schema-walk";

/** The banner over a form whose 暂存 (validation mode draft) or 下一步/提交 (mode full) was refused for its fields. */
export const FIX_BEFORE: Record<"draft" | "full", string> = { draft: "请按提示修改后再保存", full: "请按提示补充或修改后再进入下一步" };

/** JSON pointer of a field ("" = the whole document) → its Chinese messages. */
export type FieldErrors = Record<string, string[]>;

export function addFieldError(errors: FieldErrors, pointer: string, message: string): void {
  const list = (errors[pointer] ??= []);
  if (!list.includes(message)) list.push(message);
}

export function mergeFieldErrors(into: FieldErrors, from: FieldErrors): FieldErrors {
  for (const [pointer, messages] of Object.entries(from)) for (const m of messages) addFieldError(into, pointer, m);
  return into;
}

/**
 * A field's human name from the schema titles along its pointer; list items are「第N项」, and a step the
 * schema does not describe falls back to the raw key.
 */
export function fieldLabel(schema: unknown, pointer: string): string {
  const root = isSchemaNode(schema) ? resolveRef(schema, schema) : null;
  const segments = parsePointer(pointer);
  if (segments.length === 0) return typeof root?.title === "string" ? root.title : "表单";
  const parts: string[] = [];
  let node = root;
  for (const seg of segments) {
    const isIndex = /^(0|[1-9]\d*)$/.test(seg) && (node?.type === "array" || node?.items !== undefined);
    node = node ? childSchema(schema, node, seg) : null;
    if (isIndex) parts.push(`第${Number(seg) + 1}项`);
    else parts.push(typeof node?.title === "string" && node.title ? node.title : seg);
  }
  return parts.join(" ");
}

const TYPE_NAMES: Record<string, string> = {
  string: "文本",
  number: "数字",
  integer: "整数",
  boolean: "是或否",
  array: "列表",
  object: "对象",
  null: "空值",
};

const ID_CARD_PROBLEMS: Record<CnIdCardProblem, string> = {
  length: "应为18位",
  chars: "只能由17位数字和末位的数字或X组成",
  region: "地区码不正确",
  birthDate: "中的出生日期不正确",
  checksum: "校验位不正确",
};

const USCC_PROBLEMS: Record<UsccProblem, string> = {
  length: "应为18位",
  lowercase: "中的字母应为大写",
  chars: "含有不允许的字符（只能是数字和除I、O、Z、S、V外的大写字母）",
  checksum: "校验位不正确",
};

/** The message text after the label for a failed `format`; the value lets us say precisely what is wrong. */
function formatText(format: string, value: unknown): string {
  switch (format) {
    case FORMAT.cnIdCard:
      return ID_CARD_PROBLEMS[diagnoseCnIdCard(value) ?? "checksum"];
    case FORMAT.uscc:
      return USCC_PROBLEMS[diagnoseUscc(value) ?? "checksum"];
    case FORMAT.cnMobile:
      return "应为11位手机号码";
    case FORMAT.fileRef:
      return "文件无效，请重新上传";
    case FORMAT.personName:
      return PERSON_NAME_PROBLEM;
    case FORMAT.orgName:
      return "只能由文字、数字、括号和常用标点组成，不能含有表情或 < > 等符号";
    case "date":
      return "应为有效日期（YYYY-MM-DD）";
    case "date-time":
      return "应为有效的日期时间";
    case "time":
      return "应为有效的时间";
    case "email":
      return "格式不正确，应为有效的电子邮箱地址";
    case "uri":
    case "url":
      return "应为有效的网址";
    default:
      return "格式不正确";
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Chinese text for one error, or null to leave it to the generic translation. */
function explain(e: ErrorObject, value: unknown): string | null {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return "为必填项";
    case "type": {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(",")).map((t) => TYPE_NAMES[t] ?? t);
      return `类型不正确，应为${types.join("或")}`;
    }
    case "format":
      return formatText(String(p.format), value);
    case "minLength":
      return p.limit === 1 ? "不能为空" : `至少${p.limit}个字符`;
    case "maxLength":
      return `不能超过${p.limit}个字符`;
    case "minItems":
      return `至少填写${p.limit}项`;
    case "maxItems":
      return `最多填写${p.limit}项`;
    case "uniqueItems":
      return `第${Number(p.j) + 1}项与第${Number(p.i) + 1}项重复`;
    case "enum": {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      return allowed.length > 0 && allowed.length <= 12 ? `必须是以下之一：${allowed.map(show).join("、")}` : "不在可选范围内";
    }
    case "const":
      return p.allowedValue === true ? "必须勾选" : `必须为「${show(p.allowedValue)}」`;
    case "pattern":
      return "格式不正确";
    case "minimum":
      return `不能小于${p.limit}`;
    case "exclusiveMinimum":
      return `应大于${p.limit}`;
    case "maximum":
      return `不能大于${p.limit}`;
    case "exclusiveMaximum":
      return `应小于${p.limit}`;
    case "multipleOf":
      return `应为${p.multipleOf}的倍数`;
    case "additionalProperties":
      return `包含不允许的字段「${show(p.additionalProperty)}」`;
    case "false schema":
      return "不允许填写";
    // Combinators and the rarer keywords: plain words rather than ajv-i18n's schema jargon.
    case "anyOf":
      return "不符合任何一种可选的填写方式";
    case "oneOf":
      return p.passingSchemas === null ? "不符合任何一种可选的填写方式" : "同时符合多种填写方式，只能符合其中一种";
    case "not":
      return "填写的内容不允许";
    case "contains":
      return "至少应有一项符合要求";
    case "propertyNames":
      return `中的名称「${show(p.propertyName)}」不符合要求`;
    case "maxProperties":
      return `最多填写${p.limit}项`;
    case "minProperties":
      return `至少填写${p.limit}项`;
    case "additionalItems":
      return `最多填写${p.limit}项`;
    default:
      return null;
  }
}

/** Where an error belongs: a missing property is reported on the property itself, not its parent. */
function errorPointer(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if ((e.keyword === "required" || e.keyword === "dependencies" || e.keyword === "dependentRequired") && typeof p.missingProperty === "string") {
    return joinPointer(e.instancePath, p.missingProperty);
  }
  return e.instancePath;
}

/**
 * Groups Ajv errors by field pointer with Chinese messages. `data` is only needed when the validator
 * was compiled without `verbose` (it lets a format message say e.g.「校验位不正确」).
 */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, schema: unknown, data?: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors ?? []) {
    // `if` only reports that its `then`/`else` failed; that branch's own errors say what is wrong.
    if (e.keyword === "if") continue;
    const pointer = errorPointer(e);
    const value = "data" in e ? e.data : getByPointer(data, e.instancePath);
    const p = e.params as Record<string, unknown>;
    // 「填了A就要填B」: said on B, naming A by its title.
    const dependency = (e.keyword === "dependencies" || e.keyword === "dependentRequired") && typeof p.property === "string";
    let text = dependency ? `为必填项（已填写「${fieldLabel(schema, joinPointer(e.instancePath, p.property as string))}」）` : explain(e, value);
    if (text === null) {
      const copy = { ...e };
      localizeZh([copy]);
      text = copy.message ?? "填写不正确";
    }
    addFieldError(out, pointer, `${fieldLabel(schema, pointer)} ${text}`);
  }
  return out;
}
