// A list item nobody filled in (【添加】 pressed, then nothing typed) is refused on 下一步/提交: it would
// otherwise be stored, shown to reviewers and printed as an empty row. 暂存 keeps it, since the person
// may be about to fill it. Browser-safe; shared by the wizard and the server.
import { fieldLabel } from "./messages";

/** One refused list item: where it is (JSON Pointer, as Ajv's instancePath) and why. */
export type BlankRowError = { instancePath: string; message: string };

/**
 * Whether `value` holds nothing a person typed or chose: undefined, null, a string of only white space,
 * or an array/object whose every member is blank. Numbers and booleans (a ticked 否 included) are answers.
 */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every(isBlank);
  if (typeof value === "object") return Object.values(value).every(isBlank);
  return false;
}

/**
 * Every blank item of every list in `data` (a form submission), with its pointer and the Chinese reason,
 * naming the item by the schema's titles: 「<list title> 第2项 未填写任何内容，请填写或删除该项」.
 * Depth is bounded by the data itself, which the input guard of validate.ts has already limited.
 */
export function blankRowErrors(schema: unknown, data: unknown, instancePath = ""): BlankRowError[] {
  if (Array.isArray(data)) {
    return data.flatMap((item, i) => {
      const at = `${instancePath}/${i}`;
      return isBlank(item) ? [{ instancePath: at, message: `${fieldLabel(schema, at)} 未填写任何内容，请填写或删除该项` }] : blankRowErrors(schema, item, at);
    });
  }
  if (data && typeof data === "object") {
    return Object.entries(data).flatMap(([k, v]) => blankRowErrors(schema, v, `${instancePath}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return [];
}
