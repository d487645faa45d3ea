// Chinese names for what a form definition says about a field — JSON types, schema keywords, formats,
// widgets — in the words an administrator reads (the change sentences of a version diff, the designer).
// Browser-safe. A name not listed here is shown as written.
import { FORMAT } from "./formats";
import type { CustomWidget } from "./widget-names";

export const TYPE_LABEL: Readonly<Record<string, string>> = {
  string: "文字", integer: "整数", number: "数字", boolean: "是/否", array: "列表", object: "分组",
};

/** Schema keywords and uiSchema entries of one field, by the name people use for them. */
export const SETTING_LABEL: Readonly<Record<string, string>> = {
  type: "类型", format: "格式", maxLength: "最大长度", minLength: "最小长度", minimum: "最小值", maximum: "最大值",
  exclusiveMinimum: "最小值（不含）", exclusiveMaximum: "最大值（不含）", multipleOf: "倍数", pattern: "格式规则",
  default: "默认值", description: "说明", readOnly: "只读", const: "固定值", maxItems: "最多项数", minItems: "最少项数",
  uniqueItems: "不能重复", additionalProperties: "允许其他字段", $ref: "引用", items: "列表项",
  "ui:widget": "控件", "ui:placeholder": "占位文字", "ui:help": "提示", "ui:title": "显示标题",
  "ui:description": "显示说明", "ui:options": "控件选项", "ui:readonly": "只读", "ui:disabled": "禁用",
  // The engine's own ui:options, each said on its own (any other option is 「控件选项 <name>」).
  "ui:options.prefill": "预填来源", "ui:options.openYearsAgo": "日期选择框默认位置",
};

/** The prefill sources (prefill.ts), as an administrator reads them. */
export const PREFILL_LABEL: Readonly<Record<string, string>> = {
  "account.name": "账号的姓名", "account.phone": "账号的手机号", "account.email": "账号的电子邮箱",
};

export const FORMAT_LABEL: Readonly<Record<string, string>> = {
  [FORMAT.cnIdCard]: "身份证号", [FORMAT.cnMobile]: "手机号", [FORMAT.uscc]: "统一社会信用代码", [FORMAT.fileRef]: "上传文件",
  [FORMAT.personName]: "姓名", [FORMAT.orgName]: "单位名称", date: "日期", email: "电子邮箱", uri: "网址",
};

export const WIDGET_LABEL: Readonly<Record<CustomWidget | string, string>> = {
  file: "上传文件", region: "地州", specialty: "专业", "id-card": "身份证号", date: "日期",
  textarea: "多行文本", radio: "单选", select: "下拉选择", hidden: "隐藏", checkbox: "是/否", checkboxes: "多选",
};
