// Widgets features register (DESIGN "How to add … a widget"): a widget's React component is built into the
// browser bundle (components/form/widgets, named in CUSTOM_WIDGETS), and the feature that needs it
// registers it here by that name, optionally with a palette entry for the form designer — its Chinese
// label, the schema and uiSchema a new field of it gets, and its property form described as data (a
// small JSON Schema whose properties are written at given places of the field). Entries are plain data,
// so the editor page's loader sends them to the designer in the browser. Browser-safe.
import { registerInto } from "../extensions";
import { checkFormDefinition } from "./check-definition";
import { isPointer, parsePointer } from "./json-pointer";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";
import { CUSTOM_WIDGETS } from "./widget-names";

/**
 * A registered widget's property form: `schema` is an object schema whose properties are integers,
 * numbers, booleans or strings (optionally with `enum`), each with a Chinese `title` and optional
 * `minimum`/`maximum`/`maxLength`; `at[name]` is where the value is written in the field, as a JSON
 * pointer into `{ schema, ui }` (e.g. "/schema/maxItems", "/ui/ui:options/accept"). An empty value removes it.
 */
export type WidgetSettings = { schema: SchemaNode; at: Record<string, string> };

/** The designer's palette entry of a widget: a new field is `schema` (titled by the designer) with `ui` and `ui:widget`. */
export type WidgetPaletteEntry = { widget: string; label: string; schema: SchemaNode; ui?: SchemaNode; settings?: WidgetSettings };

/** What a feature registers for a widget: for now only its optional palette entry. */
export type WidgetRegistration = { palette?: Omit<WidgetPaletteEntry, "widget"> };

const REGISTERED: Record<string, WidgetRegistration> = {};
const HAS_CHINESE = /[\u4e00-\u9fa5]/;
const SETTING_TYPES = ["integer", "number", "boolean", "string"];

/** Problems (in Chinese) with the palette entry of widget `name`; empty when the designer can offer it. */
export function paletteEntryProblems(entry: WidgetPaletteEntry): string[] {
  const problems: string[] = [];
  if (!HAS_CHINESE.test(entry.label ?? "")) problems.push("控件的名称必须是中文");
  if (!isSchemaNode(entry.schema)) return [...problems, "控件的 schema 必须是对象"];
  if (entry.ui !== undefined && !isSchemaNode(entry.ui)) problems.push("控件的 uiSchema 必须是对象");
  const s = entry.settings;
  if (s) {
    const props = isSchemaNode(s.schema) && s.schema.type === "object" && isSchemaNode(s.schema.properties) ? (s.schema.properties as Record<string, unknown>) : null;
    if (!props) problems.push("属性表单必须是 type 为 object 的 JSON Schema");
    for (const [name, p] of Object.entries(props ?? {})) {
      if (!isSchemaNode(p) || !SETTING_TYPES.includes(String(p.type))) problems.push(`属性「${name}」的类型只能是整数、数字、是/否或文字`);
      else if (typeof p.title !== "string" || !HAS_CHINESE.test(p.title)) problems.push(`属性「${name}」需要中文标题`);
      const at = s.at?.[name];
      if (!isPointer(at) || !["schema", "ui"].includes(parsePointer(at)[0]) || parsePointer(at).length < 2) problems.push(`属性「${name}」需要写入位置（如 /schema/maxItems）`);
    }
    for (const name of Object.keys(s.at ?? {})) if (!props || !(name in props)) problems.push(`写入位置「${name}」没有对应的属性`);
  }
  // A new field of it must be one the definition checker accepts.
  if (!problems.length) {
    const field = { ...entry.schema, title: entry.label };
    const def = { key: "widget-check", version: 1, title: "控件检查", schema: { type: "object", title: "控件检查", properties: { field: field } }, uiSchema: { field: { ...(entry.ui ?? {}), "ui:widget": entry.widget } } };
    for (const p of checkFormDefinition(def, { compile: true })) problems.push(`新字段不合格：${p.message}`);
  }
  return problems;
}

/**
 * Registers widget `name` (one of CUSTOM_WIDGETS: its component must be in the browser bundle) for a
 * feature, with its palette entry if any. Throws when the name has no component, the entry has problems
 * (paletteEntryProblems), or another registration already holds the name.
 */
export function registerWidget(name: string, registration: WidgetRegistration = {}): void {
  if (!(CUSTOM_WIDGETS as readonly string[]).includes(name)) throw new Error(`widget "${name}" has no component (CUSTOM_WIDGETS: ${CUSTOM_WIDGETS.join(", ")})`);
  if (registration.palette) {
    const problems = paletteEntryProblems({ ...registration.palette, widget: name });
    if (problems.length) throw new Error(`widget "${name}": ${problems.join("；")}`);
  }
  registerInto(REGISTERED, "widget", name, registration);
}

/** The palette entries of the registered widgets, in registration order (plain data). */
export function widgetPalette(): WidgetPaletteEntry[] {
  return Object.entries(REGISTERED).flatMap(([widget, r]) => (r.palette ? [{ ...r.palette, widget }] : []));
}
