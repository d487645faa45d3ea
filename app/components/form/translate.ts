// Every string rjsf itself would show, in Chinese (its English defaults must never reach a user).
import type { TranslatableString } from "@rjsf/utils";
import { replaceStringParameters } from "@rjsf/utils";

const ZH: Record<`${TranslatableString}`, string> = {
  Item: "项目",
  "Missing items definition": "缺少列表项定义",
  "No items yet. Use the button below to add some.": "暂无内容，请点击下方【添加】按钮添加。",
  Yes: "是",
  No: "否",
  Close: "关闭",
  Errors: "错误",
  "New Value": "新值",
  Add: "添加",
  "Add Item": "添加",
  Copy: "复制",
  "Expand Cycle": "展开",
  "Move down": "下移",
  "Move up": "上移",
  Remove: "删除",
  Now: "现在",
  Clear: "清除",
  "Select a date": "选择日期",
  Preview: "预览",
  "Decrease value by 1": "减1",
  "Increase value by 1": "加1",
  "Add data for optional field": "填写此选填项",
  "Remove data for optional field": "清除此选填项",
  "No data for optional field": "此选填项未填写",
  Type: "类型",
  Value: "值",
  "clear input": "清空",
  "Unknown field type %1": "未知的字段类型 %1",
  "Option %1": "选项 %1",
  "%1 option %2": "%1 选项 %2",
  "%1 Key": "%1 键名",
  "%1 (deprecated)": "%1（已停用）",
  'Circular reference ($ref cycle) detected for field "%1". You may choose to expand to the next cycle break':
    "字段「%1」存在循环引用，可展开下一层",
  'Invalid "%1" object field configuration: _%2_.': "字段「%1」的配置无效：%2",
  "Unsupported field schema.": "不支持的字段定义。",
  "Unsupported field schema for field `%1`.": "字段「%1」的定义不受支持。",
  "Unsupported field schema: _%1_.": "不支持的字段定义：%1",
  "Unsupported field schema for field `%1`: _%2_.": "字段「%1」的定义不受支持：%2",
  "**%1** (%2, %3 bytes)": "%1（%2，%3 字节）",
};

export function translateString(key: TranslatableString, params?: string[]): string {
  return replaceStringParameters(ZH[key as `${TranslatableString}`] ?? key, params);
}
