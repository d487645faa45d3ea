// What the form designer can do to its model (designer-model), each a pure function returning a new model:
// add a field of a palette kind, remove it, move it (within its group or into another), and change the
// properties an administrator sets in the property panel (标题, 必填, 提示, 占位文字, 选项, 长度/数值范围,
// 默认值, 只读). The palette maps each kind to schema + uiSchema through the widget and format registries
// (widget-names, formats), so every kind produces what the definition checker accepts. Browser-safe.
import { checkFormDefinition } from "./check-definition";
import { fromDesigner } from "./designer-model";
import type { DesignerField, DesignerModel } from "./designer-model";
import { FORMAT } from "./formats";
import type { SchemaNode } from "./schema-walk";
import type { ShowWhen } from "./show-conditions";
import { parsePointer } from "./json-pointer";
import { isSchemaNode } from "./schema-walk";
import type { WidgetPaletteEntry, WidgetSettings } from "./widget-palette";

/** Where a field sits: the keys from the top of the form down to it. */
export type FieldPath = string[];

type Made = Pick<DesignerField, "schema" | "ui" | "children" | "container">;
/** A palette entry: `kind` (a registered widget's kind is its name), its label, what it adds, and a registered widget's property form. */
export type PaletteKind = { kind: string; label: string; make: (title: string) => Made; settings?: WidgetSettings };

const leaf = (schema: SchemaNode, ui?: SchemaNode): Made => ({ schema, ui });
const text = (maxLength: number, extra: SchemaNode = {}) => (title: string) => ({ type: "string", title, maxLength, ...extra });
const DEFAULT_OPTIONS = ["选项一", "选项二"];
/** What the upload widget takes for 上传图片 and 上传PDF (the same types the built-in forms accept). */
const IMAGE_TYPES = "image/jpeg,image/png";
const PDF_TYPE = "application/pdf";
// A file is stored as its reference `file:<sha256>` (69 characters), as the built-in forms' fileRef.
const upload = (accept: string) => (t: string) => leaf({ type: "string", title: t, format: FORMAT.fileRef, maxLength: 69 }, { "ui:widget": "file", "ui:options": { accept } });
/** What a new 说明文字 says until the administrator writes its text. */
const NOTE_TEXT = "请在此填写说明";
const dateLeaf = (key: string, title: string): DesignerField => ({ key, schema: text(10, { format: "date" })(title), ui: { "ui:widget": "date" }, required: false });

/**
 * The field kinds of the palette, in the order shown. `make(title)` gives the field's schema and uiSchema.
 * Widgets features register add theirs (paletteWith; e.g. 专业).
 */
export const PALETTE: readonly PaletteKind[] = [
  { kind: "text", label: "单行文本", make: (t) => leaf(text(50)(t)) },
  { kind: "textarea", label: "多行文本", make: (t) => leaf(text(500)(t), { "ui:widget": "textarea" }) },
  { kind: "number", label: "数字", make: (t) => leaf({ type: "integer", title: t, minimum: 0 }) },
  { kind: "date", label: "日期", make: (t) => leaf(text(10, { format: "date" })(t), { "ui:widget": "date" }) },
  {
    // Two dates in a group; addField also adds the rule 结束日期不能早于开始日期 where it can name them.
    kind: "date-range", label: "日期范围",
    make: (t) => ({
      schema: { type: "object", title: t },
      ui: undefined,
      children: [dateLeaf("start", "开始日期"), dateLeaf("end", "结束日期")],
      container: { schema: {}, ui: undefined, required: undefined, order: undefined },
    }),
  },
  { kind: "radio", label: "单选", make: (t) => leaf({ type: "string", title: t, enum: [...DEFAULT_OPTIONS] }, { "ui:widget": "radio" }) },
  { kind: "checkboxes", label: "多选", make: (t) => leaf({ type: "array", title: t, maxItems: 2, uniqueItems: true, items: { type: "string", enum: [...DEFAULT_OPTIONS] } }, { "ui:widget": "checkboxes" }) },
  { kind: "select", label: "下拉选择", make: (t) => leaf({ type: "string", title: t, enum: [...DEFAULT_OPTIONS] }, { "ui:widget": "select" }) },
  { kind: "boolean", label: "是/否", make: (t) => leaf({ type: "boolean", title: t }) },
  { kind: "image", label: "上传图片", make: upload(IMAGE_TYPES) },
  { kind: "pdf", label: "上传PDF", make: upload(PDF_TYPE) },
  { kind: "region", label: "地州", make: (t) => leaf(text(50)(t), { "ui:widget": "region" }) },
  { kind: "id-card", label: "身份证号", make: (t) => leaf(text(18, { format: FORMAT.cnIdCard })(t), { "ui:widget": "id-card" }) },
  { kind: "mobile", label: "手机号", make: (t) => leaf(text(11, { format: FORMAT.cnMobile })(t)) },
  { kind: "uscc", label: "统一社会信用代码", make: (t) => leaf(text(18, { format: FORMAT.uscc })(t)) },
  { kind: "email", label: "电子邮箱", make: (t) => leaf(text(100, { format: "email" })(t)) },
  { kind: "person-name", label: "姓名", make: (t) => leaf(text(50, { format: FORMAT.personName })(t)) },
  { kind: "org-name", label: "单位名称", make: (t) => leaf(text(100, { format: FORMAT.orgName })(t)) },
  {
    kind: "list", label: "列表（可重复的一组字段）",
    make: (t) => ({
      schema: { type: "array", title: t, maxItems: 20 },
      ui: undefined,
      children: [{ key: "item1", schema: text(50)("名称"), ui: undefined, required: false }],
      container: { schema: { type: "object", title: t }, ui: undefined, required: undefined, order: undefined },
    }),
  },
  {
    // A read-only text block: rjsf's field of type null draws its title and description and holds no
    // value (null at most), so the validators, the print and the record view have nothing to judge or show.
    kind: "note", label: "说明文字",
    make: (t) => leaf({ type: "null", title: t, description: NOTE_TEXT }),
  },
  {
    kind: "group", label: "分组",
    make: (t) => ({
      schema: { type: "object", title: t },
      ui: undefined,
      children: [{ key: "item1", schema: text(50)("名称"), ui: undefined, required: false }],
      container: { schema: {}, ui: undefined, required: undefined, order: undefined },
    }),
  },
];

/**
 * The built-in palette with the registered widgets' entries (widget-palette; the editor page sends them):
 * each a kind named after its widget, placed before 列表 and 分组; one for a built-in kind replaces it.
 */
export function paletteWith(entries: readonly WidgetPaletteEntry[]): readonly PaletteKind[] {
  if (!entries.length) return PALETTE;
  const added: PaletteKind[] = entries.map((e) => ({
    kind: e.widget,
    label: e.label,
    make: (title: string) => ({ schema: { ...clone(e.schema), title }, ui: { ...clone(e.ui ?? {}), "ui:widget": e.widget } }),
    ...(e.settings ? { settings: clone(e.settings) } : {}),
  }));
  const kept = PALETTE.filter((p) => !added.some((a) => a.kind === p.kind));
  const at = kept.findIndex((p) => p.kind === "list");
  return [...kept.slice(0, at), ...added, ...kept.slice(at)];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The palette kind a field looks like (for its icon and label in the designer) in `palette`, or null for anything else. */
export function kindOf(f: DesignerField, palette: readonly PaletteKind[] = PALETTE): PaletteKind | null {
  const s = f.schema;
  const widget = f.ui?.["ui:widget"];
  const pick = (kind: string) => palette.find((p) => p.kind === kind) ?? null;
  if (f.children) {
    if (s.type === "array") return pick("list");
    const dates = f.children.length === 2 && f.children.every((c) => c.schema.format === "date");
    return pick(dates && f.children[0].key === "start" && f.children[1].key === "end" ? "date-range" : "group");
  }
  if (s.type === "null") return pick("note");
  if (widget === "file") {
    const accept = (f.ui?.["ui:options"] as { accept?: unknown } | undefined)?.accept;
    return pick(accept === PDF_TYPE ? "pdf" : "image");
  }
  if (typeof widget === "string" && palette.some((p) => p.kind === widget)) return pick(widget);
  if (s.type === "integer" || s.type === "number") return pick("number");
  if (s.type === "boolean") return pick("boolean");
  if (s.format === "date") return pick("date");
  if (s.format === FORMAT.cnMobile) return pick("mobile");
  if (s.format === FORMAT.uscc) return pick("uscc");
  if (s.format === FORMAT.cnIdCard) return pick("id-card");
  if (s.format === "email") return pick("email");
  if (s.format === FORMAT.personName) return pick("person-name");
  if (s.format === FORMAT.orgName) return pick("org-name");
  if (Array.isArray(s.enum)) return pick("select");
  if (s.type === "string") return pick("text");
  return null;
}

// ---- finding and replacing a field --------------------------------------------------------------------

/** The field at `path`, or undefined. */
export function fieldAt(m: DesignerModel, path: FieldPath): DesignerField | undefined {
  let list: DesignerField[] | undefined = m.fields;
  let found: DesignerField | undefined;
  for (const key of path) {
    found = list?.find((f) => f.key === key);
    list = found?.children;
  }
  return path.length ? found : undefined;
}

/** The model with the field list at `parent` (a group or list; [] for the top) replaced by `fn` of it. */
function withList(m: DesignerModel, parent: FieldPath, fn: (list: DesignerField[]) => DesignerField[]): DesignerModel {
  const walk = (list: DesignerField[], rest: FieldPath): DesignerField[] => {
    if (!rest.length) return fn(list);
    return list.map((f) => (f.key === rest[0] && f.children ? { ...f, children: walk(f.children, rest.slice(1)) } : f));
  };
  return { ...m, fields: walk(m.fields, parent) };
}

const isContainer = (m: DesignerModel, parent: FieldPath) => parent.length === 0 || !!fieldAt(m, parent)?.children;

/** A property name not yet used in the list: field1, field2, … */
function freshKey(list: DesignerField[]): string {
  for (let i = 1; ; i++) if (!list.some((f) => f.key === `field${i}`)) return `field${i}`;
}

// ---- operations ---------------------------------------------------------------------------------------

/**
 * Adds a field of `kind` (of `palette`: the built-in one unless given, see paletteWith) to the group or
 * list at `parent`, at `index` (default: last). Throws on an unknown kind or place.
 */
export function addField(m: DesignerModel, parent: FieldPath, kind: string, index?: number, palette: readonly PaletteKind[] = PALETTE): { model: DesignerModel; path: FieldPath } {
  const p = palette.find((k) => k.kind === kind);
  if (!p) throw new Error(`未知的字段类型「${kind}」`);
  if (!isContainer(m, parent)) throw new Error("只能把字段加入分组或列表");
  let key = "";
  const model = withList(m, parent, (list) => {
    key = freshKey(list);
    const field: DesignerField = { key, required: false, ...p.make(p.label.replace(/（.*$/, "")) };
    const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
    return [...list.slice(0, at), field, ...list.slice(at)];
  });
  const path = [...parent, key];
  return { model: kind === "date-range" ? withDateRangeRule(model, path) : model, path };
}

/**
 * The rule 「<title>：结束日期不能早于开始日期」 for the 日期范围 at `path`, judged over the whole form, or
 * over each row when the range sits (at any depth) in a top-level list. A range inside a list inside a
 * list gets none (a rule can only go over one level of rows); a date left empty or invalid is the date
 * field's own problem, not this rule's.
 */
function withDateRangeRule(m: DesignerModel, path: FieldPath): DesignerModel {
  const inList = path.slice(0, -1).map((_, i) => fieldAt(m, path.slice(0, i + 1))?.schema.type === "array");
  if (inList.slice(1).some(Boolean)) return m;
  const within = inList[0] ? path.slice(1) : path; // the range's place within a row, or within the form
  const v = (k: string) => ({ var: [...within, k].join(".") });
  const field = fieldAt(m, path)!;
  const title = typeof field.schema.title === "string" ? field.schema.title : field.key;
  const rules = Array.isArray(m.envelope.rules) ? [...(m.envelope.rules as unknown[])] : [];
  const ids = new Set(rules.map((r) => (r && typeof r === "object" ? (r as { id?: unknown }).id : undefined)));
  const base = `${path.join("-")}-end-not-before-start`;
  let id = base;
  for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
  rules.push({
    id,
    ...(inList[0] ? { each: `/${path[0]}` } : {}),
    path: `/${[...within, "end"].join("/")}`,
    message: `${inList[0] ? `${fieldAt(m, path.slice(0, 1))!.schema.title ?? path[0]} 第{n}项 ` : ""}${title}：结束日期不能早于开始日期`,
    logic: { or: [{ "!": { date_valid: v("start") } }, { "!": { date_valid: v("end") } }, { "<=": [v("start"), v("end")] }] },
  });
  return { ...m, envelope: { ...m.envelope, rules } };
}

/** Problems the checker finds in the rules of the model's definition (rules name fields by their data path). */
const ruleProblems = (m: DesignerModel) => checkFormDefinition(fromDesigner(m), { compile: false }).filter((p) => p.pointer.startsWith("/rules")).map((p) => p.message);

/** `after`, unless it breaks a rule that held in `before` (a rule naming the field): then throws, in Chinese. */
function keepRules(before: DesignerModel, after: DesignerModel, what: string): DesignerModel {
  const old = new Set(ruleProblems(before));
  const fresh = ruleProblems(after).filter((p) => !old.has(p));
  if (fresh.length) throw new Error(`${what}：有规则用到此字段，请先修改该规则（${fresh[0]}）`);
  return after;
}

/** Removes the field at `path` (a 日期范围 with its own rule); throws (in Chinese) when another rule names it. */
export function removeField(m: DesignerModel, path: FieldPath): DesignerModel {
  const user = conditionedOn(m, path.slice(0, -1), path[path.length - 1])[0];
  if (user) throw new Error(`无法删除：字段「${String(user.schema.title ?? user.key)}」的显示条件用到此字段，请先修改该显示条件`);
  const own = new RegExp(`^${path.join("-").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-end-not-before-start(-\\d+)?$`);
  const rules = Array.isArray(m.envelope.rules) ? (m.envelope.rules as { id?: unknown }[]).filter((r) => !(r && typeof r.id === "string" && own.test(r.id))) : undefined;
  const unruled = rules ? { ...m, envelope: { ...m.envelope, rules } } : m;
  const next = withList(unruled, path.slice(0, -1), (list) => list.filter((f) => f.key !== path[path.length - 1]));
  return keepRules(m, next, "无法删除");
}

/**
 * Moves the field at `path` into the group or list at `toParent` (its own one by default) at `index`.
 * A field keeps its key; moving it where that key is taken, or into itself, changes nothing. Moving it out
 * of its group changes its data path: throws (in Chinese) when a rule names it.
 */
export function moveField(m: DesignerModel, path: FieldPath, index: number, toParent: FieldPath = path.slice(0, -1)): DesignerModel {
  const field = fieldAt(m, path);
  if (!field || !isContainer(m, toParent)) return m;
  if (toParent.length >= path.length && path.every((k, i) => toParent[i] === k)) return m;
  const sameParent = toParent.join("\u0000") === path.slice(0, -1).join("\u0000");
  if (!sameParent && fieldAt(m, [...toParent, field.key])) return m;
  if (!sameParent && (field.showWhen || conditionedOn(m, path.slice(0, -1), field.key).length)) throw new Error("无法移动：显示条件只能用同一组中的字段，请先取消此字段相关的显示条件");
  const without = withList(m, path.slice(0, -1), (list) => list.filter((f) => f !== field));
  const next = withList(without, toParent, (list) => {
    const at = Math.max(0, Math.min(index, list.length));
    return [...list.slice(0, at), field, ...list.slice(at)];
  });
  return sameParent ? next : keepRules(m, next, "无法移动");
}

/** What the property panel edits. `null` removes the setting; an absent property is left as it is. */
export type FieldPatch = {
  title?: string;
  required?: boolean;
  help?: string | null;
  placeholder?: string | null;
  options?: string[];
  maxLength?: number | null;
  minimum?: number | null;
  maximum?: number | null;
  readOnly?: boolean;
  default?: string | number | boolean | null;
  /** 说明: the field's `description` (a 说明文字's text; shown under any field's control). */
  description?: string | null;
  /** 显示条件: show the field only while a sibling (conditionChoices) holds a value; null: always shown. */
  showWhen?: ShowWhen | null;
  /** 格式 of a single-line text (TEXT_FORMATS); "" or null: none. */
  format?: string | null;
};

/**
 * The formats a single-line text may be given in the property panel (the format registry's names), with
 * the length and control each brings — the same as the palette's kinds of that format.
 */
export const TEXT_FORMATS: readonly { format: string; label: string; maxLength: number; widget?: string }[] = [
  { format: FORMAT.cnIdCard, label: "身份证号", maxLength: 18, widget: "id-card" },
  { format: FORMAT.cnMobile, label: "手机号", maxLength: 11 },
  { format: FORMAT.uscc, label: "统一社会信用代码", maxLength: 18 },
  { format: "email", label: "电子邮箱", maxLength: 100 },
  { format: FORMAT.personName, label: "姓名", maxLength: 50 },
  { format: FORMAT.orgName, label: "单位名称", maxLength: 100 },
];
/** The palette kinds that are a single-line text, whose 格式 the property panel may change. */
export const TEXT_KINDS: ReadonlySet<string> = new Set(["text", "id-card", "mobile", "uscc", "email", "person-name", "org-name"]);

/** A sibling a 显示条件 can name: a 单选/下拉选择 (its options) or a 是/否 field, with its values and their words. */
export type ConditionChoice = { key: string; title: string; values: { value: string | boolean; label: string }[] };

/** The siblings of the field at `path` that its 显示条件 can name (not itself, nor a field conditional on it). */
export function conditionChoices(m: DesignerModel, path: FieldPath): ConditionChoice[] {
  const parent = path.slice(0, -1);
  const list = parent.length ? fieldAt(m, parent)?.children ?? [] : m.fields;
  const self = path[path.length - 1];
  return list.flatMap((f): ConditionChoice[] => {
    if (f.key === self || f.children || f.showWhen?.when === self) return [];
    const title = typeof f.schema.title === "string" && f.schema.title ? f.schema.title : f.key;
    if (f.schema.type === "boolean") return [{ key: f.key, title, values: [{ value: true, label: "是" }, { value: false, label: "否" }] }];
    if (f.schema.type === "string" && Array.isArray(f.schema.enum)) return [{ key: f.key, title, values: f.schema.enum.filter((v): v is string => typeof v === "string").map((v) => ({ value: v, label: v })) }];
    return [];
  });
}

/** The fields of the list at `parent` whose 显示条件 names `key`. */
const conditionedOn = (m: DesignerModel, parent: FieldPath, key: string) =>
  (parent.length ? fieldAt(m, parent)?.children ?? [] : m.fields).filter((f) => f.showWhen?.when === key);

const setOrDrop = (o: SchemaNode | undefined, k: string, v: unknown): SchemaNode | undefined => {
  const out: SchemaNode = { ...(o ?? {}) };
  if (v === null || v === undefined || v === "" || v === false) delete out[k];
  else out[k] = v;
  return Object.keys(out).length ? out : undefined;
};

/**
 * The field at `path` with `patch` applied (see FieldPatch); a field that is not there changes nothing.
 * Throws (in Chinese) on an empty list of options, a 显示条件 naming a field or value it cannot, and
 * options that drop a value another field's 显示条件 uses.
 */
export function updateField(m: DesignerModel, path: FieldPath, patch: FieldPatch): DesignerModel {
  if (patch.showWhen) {
    const c = conditionChoices(m, path).find((x) => x.key === patch.showWhen!.when);
    if (!c) throw new Error("显示条件只能用同一组中的单选、下拉选择或是/否字段");
    if (!c.values.some((v) => v.value === patch.showWhen!.equals)) throw new Error(`「${c.title}」没有这个选项`);
  }
  const format = patch.format === undefined ? undefined : TEXT_FORMATS.find((t) => t.format === patch.format) ?? null;
  if (patch.format !== undefined) {
    if (patch.format && !format) throw new Error(`不支持的格式「${patch.format}」`);
    const f = fieldAt(m, path);
    if (!f || !TEXT_KINDS.has(kindOf(f)?.kind ?? "")) throw new Error("只有单行文本可以设置格式");
  }
  if (patch.options !== undefined) {
    const kept = new Set(patch.options.map((o) => o.trim()));
    const used = conditionedOn(m, path.slice(0, -1), path[path.length - 1]).find((f) => typeof f.showWhen!.equals === "string" && !kept.has(f.showWhen!.equals as string));
    if (used) throw new Error(`字段「${String(used.schema.title ?? used.key)}」的显示条件用到选项「${String(used.showWhen!.equals)}」，请先修改该显示条件`);
  }
  return withList(m, path.slice(0, -1), (list) =>
    list.map((f) => {
      if (f.key !== path[path.length - 1]) return f;
      let schema: SchemaNode = { ...f.schema };
      let ui = f.ui;
      // A list's title is also its items' (the rows are titled after it), as the built-in forms write it.
      let container = f.container;
      if (patch.title !== undefined) {
        // A placeholder written after the old title (「请输入工作内容」) follows the rename, unless this
        // patch sets the placeholder itself.
        const was = schema.title;
        const hint = ui?.["ui:placeholder"];
        if (patch.placeholder === undefined && typeof was === "string" && was && typeof hint === "string" && hint.includes(was)) {
          ui = { ...ui, "ui:placeholder": hint.split(was).join(patch.title) };
        }
        schema.title = patch.title;
        if (container && schema.type === "array" && typeof container.schema.title === "string") container = { ...container, schema: { ...container.schema, title: patch.title } };
      }
      if (patch.help !== undefined) ui = setOrDrop(ui, "ui:help", patch.help);
      if (patch.placeholder !== undefined) ui = setOrDrop(ui, "ui:placeholder", patch.placeholder);
      if (patch.readOnly !== undefined) schema = setOrDrop(schema, "readOnly", patch.readOnly) ?? {};
      if (patch.format !== undefined) {
        // The length and control come with the format (as the palette's kind of that format has them).
        schema = setOrDrop(schema, "format", format?.format ?? null) ?? {};
        if (format) schema.maxLength = format.maxLength;
        ui = setOrDrop(ui, "ui:widget", format?.widget ?? null);
      }
      for (const k of ["maxLength", "minimum", "maximum", "default", "description"] as const) if (patch[k] !== undefined) schema = setOrDrop(schema, k, patch[k]) ?? {};
      if (patch.options !== undefined) {
        const options = [...new Set(patch.options.map((o) => o.trim()).filter(Boolean))];
        if (!options.length) throw new Error("至少需要一个选项");
        if (schema.type === "array" && schema.items && typeof schema.items === "object") {
          schema.items = { ...(schema.items as SchemaNode), enum: options };
        } else {
          schema.enum = options;
          if (typeof schema.maxLength === "number") schema.maxLength = Math.max(1, ...options.map((o) => [...o].length));
        }
      }
      const next: DesignerField = { ...f, schema, ui, container, required: patch.required ?? f.required };
      if (patch.showWhen !== undefined) {
        if (patch.showWhen) next.showWhen = { ...patch.showWhen };
        else delete next.showWhen;
      }
      return next;
    }),
  );
}

// ---- a registered widget's own properties (its property form, described as data) ---------------------

/** The values of `kind`'s property form as they stand in the field (absent ones left out). */
export function settingsOf(f: DesignerField, kind: PaletteKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, at] of Object.entries(kind.settings?.at ?? {})) {
    const [root, ...path] = parsePointer(at);
    let node: unknown = root === "schema" ? f.schema : f.ui;
    for (const seg of path) node = isSchemaNode(node) && Object.prototype.hasOwnProperty.call(node, seg) ? node[seg] : undefined;
    if (node !== undefined) out[name] = node;
  }
  return out;
}

/** Why `value` does not fit the property `p` titled `title`, in Chinese; null when it fits. */
function settingProblem(p: SchemaNode, value: unknown): string | null {
  const title = String(p.title);
  const range = typeof p.minimum === "number" && typeof p.maximum === "number" ? ` ${p.minimum} 到 ${p.maximum} 之间的` : "";
  if (p.type === "integer" || p.type === "number") {
    const whole = p.type === "integer";
    const ok = typeof value === "number" && Number.isFinite(value) && (!whole || Number.isInteger(value))
      && !(typeof p.minimum === "number" && value < p.minimum) && !(typeof p.maximum === "number" && value > p.maximum);
    return ok ? null : `「${title}」必须是${range}${whole ? "整数" : "数字"}`;
  }
  if (p.type === "boolean") return typeof value === "boolean" ? null : `「${title}」只能是“是”或“否”`;
  if (typeof value !== "string") return `「${title}」必须是文字`;
  if (Array.isArray(p.enum) && !p.enum.includes(value)) return `「${title}」只能是：${p.enum.join("、")}`;
  if (typeof p.maxLength === "number" && [...value].length > p.maxLength) return `「${title}」最多 ${p.maxLength} 个字`;
  return null;
}

/**
 * The field at `path` with `values` of `kind`'s property form written where the form says (null or ""
 * removes the setting; names the form does not have are ignored). Throws (in Chinese) on a value that does
 * not fit its property (type, range, options, length), naming the property by its title.
 */
export function updateSettings(m: DesignerModel, path: FieldPath, kind: PaletteKind, values: Record<string, unknown>): DesignerModel {
  const props = isSchemaNode(kind.settings?.schema.properties) ? (kind.settings!.schema.properties as Record<string, SchemaNode>) : {};
  const field = fieldAt(m, path);
  if (!field) return m;
  let schema = clone(field.schema);
  let ui: SchemaNode = clone(field.ui ?? {});
  for (const [name, value] of Object.entries(values)) {
    const at = kind.settings?.at[name];
    if (!at || !props[name]) continue;
    const empty = value === null || value === undefined || value === "";
    if (!empty) {
      const problem = settingProblem(props[name], value);
      if (problem) throw new Error(problem);
    }
    const [root, ...segs] = parsePointer(at);
    const top: SchemaNode = root === "schema" ? schema : ui;
    // Walk to the parent, making objects on the way; an emptied object on the way is removed again.
    const chain: SchemaNode[] = [top];
    for (const seg of segs.slice(0, -1)) {
      const here = chain[chain.length - 1];
      if (!isSchemaNode(here[seg])) here[seg] = {};
      chain.push(here[seg] as SchemaNode);
    }
    const last = segs[segs.length - 1];
    if (empty) delete chain[chain.length - 1][last];
    else chain[chain.length - 1][last] = value;
    for (let i = chain.length - 1; i > 0; i--) if (!Object.keys(chain[i]).length) delete chain[i - 1][segs[i - 1]];
    if (root === "schema") schema = top;
    else ui = top;
  }
  return withList(m, path.slice(0, -1), (list) => list.map((f) => (f.key === path[path.length - 1] ? { ...f, schema, ui: Object.keys(ui).length ? ui : undefined } : f)));
}
