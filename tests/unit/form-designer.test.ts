import "../setup/guard";
// The form designer's model (issue 20, acceptance 2): every built-in form loads into the designer and
// saves back to the same definition (canonical JSON); any sequence of designer operations (fast-check)
// yields a definition the checker accepts, which loads and saves back unchanged (no loss); the palette
// kinds each produce a checked field; the property panel's edits land where the schema says them.
import fs from "node:fs";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalJson } from "~/engine/forms/canonical-json";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { designerText, fromDesigner, toDesigner } from "~/engine/forms/designer-model";
import type { DesignerField, DesignerModel } from "~/engine/forms/designer-model";
import { addField, conditionChoices, fieldAt, kindOf, moveField, PALETTE, removeField, updateField } from "~/engine/forms/designer-ops";
import type { FieldPath } from "~/engine/forms/designer-ops";
import { addDateOrderRule, dateFieldsIn } from "~/engine/forms/designer-rules";
import { evaluateRules } from "~/engine/forms/rules";
import { hiddenFields } from "~/engine/forms/show-conditions";
import { printSection } from "~/engine/documents/print-model";
import { validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";
import type { Rule } from "~/engine/forms/rules";

const forms = fs.readdirSync("forms").filter((f) => f.endsWith(".json")).map((f) => ({ file: f, def: JSON.parse(fs.readFileSync(`forms/${f}`, "utf8")) }));
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

test("every built-in form loads into the designer and saves back to the same definition", () => {
  assert.ok(forms.length >= 10);
  for (const { file, def } of forms) {
    const back = fromDesigner(toDesigner(def));
    assert.ok(same(back, def), `${file}\n${canonicalJson(def)}\n${canonicalJson(back)}`);
  }
  // Lists of groups are edited field by field; a $ref and a widget drawing the whole list stay leaves.
  const work = toDesigner(forms.find((f) => f.file === "expert-work-history.json")!.def);
  assert.equal(work.fields[0].children!.map((c) => c.key), ["period", "unit", "position", "duties"]);
  assert.is(work.fields[0].children![0].children, undefined);
});

test("the designer writes members in the order the text had them: an edit changes only its own lines", () => {
  for (const { file, def } of forms) assert.is(designerText(def, toDesigner(def)), JSON.stringify(def, null, 2), `${file}: unchanged text`);
  // Retitling one field of a list in 工作经历 (the designer's model writes rules before schema, required
  // after properties, a list's items after its own keywords).
  const def = forms.find((f) => f.file === "expert-work-history.json")!.def;
  const before = JSON.stringify(def, null, 2).split("\n");
  const after = designerText(def, updateField(toDesigner(def), ["workHistory", "duties"], { title: "工作职责" })).split("\n");
  assert.is(after.length, before.length);
  // The title, and the placeholder written after it (「请简要描述工作内容」 follows the rename).
  assert.equal(after.filter((line, i) => line !== before[i]).map((l) => l.trim()), ['"title": "工作职责",', '"ui:placeholder": "请简要描述工作职责",']);
  // Without ui:order the properties' order is the display order: a move is kept, not put back.
  const plain = { key: "k", title: "t", schema: { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } }, uiSchema: {} };
  const moved = JSON.parse(designerText(plain, moveField(toDesigner(plain), ["b"], 0)));
  assert.equal(Object.keys(moved.schema.properties), ["b", "a"]);
});

test("each palette kind adds a field the checker accepts, recognised as its kind", () => {
  for (const p of PALETTE) {
    const { model, path } = addField(toDesigner(forms[0].def), [], p.kind);
    assert.equal(checkFormDefinition(fromDesigner(model), { compile: true }), [], p.label);
    assert.is(kindOf(fieldAt(model, path)!)?.kind, p.kind, p.label);
  }
  assert.throws(() => addField(toDesigner(forms[0].def), [], "slider"), /未知的字段类型/);
});

test("日期范围: two dates with their rule, over the form or each row of a list; removing the range removes its rule", () => {
  const empty = toDesigner({ key: "t", version: 1, title: "测试", schema: { type: "object", title: "测试", properties: {} }, uiSchema: {} });
  const top = addField(empty, [], "date-range");
  let def = fromDesigner(top.model) as { rules: Rule[] };
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  const bad = { field1: { start: "2025-05-01", end: "2025-04-30" } };
  assert.equal(Object.keys(evaluateRules(def.rules, bad)), ["/field1/end"]);
  assert.equal(Object.values(evaluateRules(def.rules, bad)), [["日期范围：结束日期不能早于开始日期"]]);
  assert.equal(evaluateRules(def.rules, { field1: { start: "2025-05-01", end: "2025-05-01" } }), {});
  assert.equal(evaluateRules(def.rules, { field1: { start: "2025-05-01" } }), {}, "an empty end date is the date field's own problem");

  const list = addField(empty, [], "list");
  const inRow = addField(list.model, list.path, "date-range");
  def = fromDesigner(inRow.model) as { rules: Rule[] };
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  const errors = evaluateRules(def.rules, { field1: [{ field1: { start: "2025-01-02", end: "2025-01-03" } }, { field1: { start: "2025-02-02", end: "2025-02-01" } }] });
  assert.equal(Object.keys(errors), ["/field1/1/field1/end"]);
  assert.match(Object.values(errors)[0][0], /^列表 第2项 日期范围：结束日期不能早于开始日期$/);

  assert.throws(() => addDateOrderRule(top.model, top.path, "start", "end"), /规则只能加在表单或最外层的列表上/);

  const removed = fromDesigner(removeField(inRow.model, inRow.path)) as { rules: Rule[] };
  assert.equal(removed.rules, []);
  assert.equal(checkFormDefinition(removed, { compile: true }), []);
});

test("说明文字: a read-only text block (type null with its description), recognised back, holding no answer", () => {
  let m = toDesigner(forms.find((f) => f.file === "profile.json")!.def);
  const note = addField(m, [], "note", 0);
  m = updateField(note.model, note.path, { title: "填写须知", description: "请按证件上的信息如实填写。" });
  const def = fromDesigner(m) as unknown as FormDefinition & { schema: any };
  assert.equal(def.schema.properties[note.path[0]], { type: "null", title: "填写须知", description: "请按证件上的信息如实填写。" });
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  const back = toDesigner(def);
  assert.is(kindOf(fieldAt(back, note.path)!)?.label, "说明文字");
  assert.ok(same(fromDesigner(back), def), "round trip");
  // The form sends null for it at most; anything else is refused, and neither the print nor the record shows it.
  const key = note.path[0];
  assert.is(validateDocument(def, { [key]: null }, { mode: "draft" }).errors[`/${key}`], undefined);
  assert.equal(validateDocument(def, { [key]: "某段文字" }, { mode: "draft" }).errors[`/${key}`], ["填写须知 类型不正确，应为空值"]);
  const printed = JSON.stringify(printSection(def, { [key]: null }));
  assert.not.ok(printed.includes("填写须知"), printed);
  m = updateField(m, note.path, { description: null });
  assert.is((fromDesigner(m) as { schema: any }).schema.properties[key].description, undefined);
});

test("the property panel: title, required, options, placeholder, help and ranges land in schema and uiSchema", () => {
  let m = toDesigner(forms.find((f) => f.file === "expert-basic-info.json")!.def);
  const added = addField(m, [], "select", 0);
  m = updateField(added.model, added.path, { title: "职称等级", required: true, options: ["初级", "中级", "高级", "中级"], placeholder: "请选择", help: "按证书填写" });
  m = updateField(m, ["name"], { title: "姓名（中文）", maxLength: 30, placeholder: null });
  const def = fromDesigner(m) as { schema: any; uiSchema: any };
  assert.equal(def.schema.properties.field1, { type: "string", title: "职称等级", enum: ["初级", "中级", "高级"] });
  assert.equal(def.uiSchema.field1, { "ui:widget": "select", "ui:placeholder": "请选择", "ui:help": "按证书填写" });
  assert.is(def.uiSchema["ui:order"][0], "field1");
  assert.ok(def.schema.required.includes("field1"));
  assert.equal(def.schema.properties.name, { type: "string", title: "姓名（中文）", maxLength: 30, minLength: 1, format: "person-name" });
  // The placeholder is gone; the field's other ui:options (its prefill from the account, 基本信息 v2) stay.
  assert.equal(def.uiSchema.name, { "ui:options": { prefill: "account.name" } });
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.throws(() => updateField(m, ["field1"], { options: [" ", ""] }), /至少需要一个选项/);
  // A rename leaves a placeholder that does not say the old title, and one the same patch sets.
  const renamed = fromDesigner(updateField(updateField(m, ["field1"], { title: "职称" }), ["field1"], { title: "职务", placeholder: "请选择职称" })) as { uiSchema: any };
  assert.is(renamed.uiSchema.field1["ui:placeholder"], "请选择职称");
});

test("moving a field within its list and into another group; never into itself", () => {
  let m = toDesigner(forms.find((f) => f.file === "expert-work-history.json")!.def);
  m = moveField(m, ["workHistory", "duties"], 0);
  const def = fromDesigner(m) as { uiSchema: any };
  assert.equal(def.uiSchema.workHistory.items["ui:order"], ["duties", "period", "unit", "position"]);
  const grouped = addField(m, [], "group");
  const moved = moveField(grouped.model, ["workHistory", "unit"], 0, grouped.path);
  assert.ok(fieldAt(moved, [...grouped.path, "unit"]));
  assert.is(fieldAt(moved, ["workHistory", "unit"]), undefined);
  assert.is(moveField(m, ["workHistory"], 0, ["workHistory"]), m, "not into itself");
  // 起止时间 is named by the list's rule: it may not leave the list, nor be removed.
  assert.throws(() => moveField(m, ["workHistory", "period"], 0, []), /无法移动：有规则用到此字段/);
  assert.throws(() => removeField(m, ["workHistory", "period"]), /无法删除：有规则用到此字段/);
});

test("rule builder: 结束日期不早于开始日期 on each row of a list, checked and evaluated by the engine", () => {
  let m = toDesigner(forms.find((f) => f.file === "profile.json")!.def);
  const list = addField(m, [], "list");
  m = updateField(list.model, list.path, { title: "任职经历" });
  const s = addField(m, list.path, "date");
  m = updateField(s.model, s.path, { title: "开始日期" });
  const e = addField(m, list.path, "date");
  m = updateField(e.model, e.path, { title: "结束日期" });
  assert.equal(dateFieldsIn(m, list.path), [[s.path[1], "开始日期"], [e.path[1], "结束日期"]]);
  m = addDateOrderRule(m, list.path, s.path[1], e.path[1]);
  const def = fromDesigner(m) as { rules: Rule[] };
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  const [key, start, end] = [list.path[0], s.path[1], e.path[1]];
  const errors = evaluateRules(def.rules, { [key]: [{ [start]: "2024-03-01", [end]: "2024-03-02" }, { [start]: "2024-03-02", [end]: "2024-03-01" }, { [start]: "2024-03-02" }] });
  assert.equal(errors, { [`/${key}/1/${end}`]: ["任职经历 第2项 结束日期不能早于开始日期"] });
  // The round trip keeps it; the same pair again gets its own id; nonsense is refused in Chinese.
  assert.ok(same(fromDesigner(toDesigner(def)), def));
  const twice = fromDesigner(addDateOrderRule(m, list.path, start, end)) as { rules: Rule[] };
  assert.is(new Set(twice.rules.map((r) => r.id)).size, twice.rules.length);
  assert.throws(() => addDateOrderRule(m, list.path, start, start), /请选择两个不同的日期字段/);
  assert.throws(() => addDateOrderRule(m, [], start, end), /请选择两个不同的日期字段/);
});

test("显示条件: written as plain JSON Schema; required while shown, a hidden field's value dropped by the server; refused where it cannot hold", () => {
  let m = toDesigner({ key: "t", version: 1, title: "测试", schema: { type: "object", title: "测试", properties: {} }, uiSchema: {} });
  const a = addField(m, [], "radio");
  m = updateField(a.model, a.path, { title: "是否有职称", options: ["有", "无"], required: true });
  const b = addField(m, [], "text");
  m = updateField(b.model, b.path, { title: "职称名称", required: true, showWhen: { when: "field1", equals: "有" } });
  const list = addField(m, [], "list");
  const row = addField(list.model, list.path, "boolean");
  m = updateField(row.model, row.path, { title: "是否在职" });
  m = updateField(m, list.path.concat("item1"), { title: "离职原因", showWhen: { when: "field1", equals: false } });
  const def = fromDesigner(m) as unknown as FormDefinition;
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.equal(def.schema.required, ["field1"], "职称名称 is required only while shown");
  assert.ok(same(fromDesigner(toDesigner(def)), def), "round trip");
  assert.equal(toDesigner(def).fields[1].showWhen, { when: "field1", equals: "有" });

  const full = (data: unknown) => validateDocument(def, data, { mode: "full" });
  assert.equal(full({ field1: "有" }).errors, { "/field2": ["职称名称 为必填项"] });
  const hidden = full({ field1: "无", field2: "高级工程师" });
  assert.ok(hidden.ok);
  assert.equal(hidden.data, { field1: "无" }, "the hidden field's value is dropped, not refused");
  assert.ok(full({ field1: "有", field2: "高级工程师" }).ok);
  const rows = validateDocument(def, { field1: "无", field3: [{ field1: true, item1: "旧值" }, { field1: false, item1: "合同到期" }] }, { mode: "draft" });
  assert.equal(rows.data, { field1: "无", field3: [{ field1: true }, { field1: false, item1: "合同到期" }] });
  // What the form hides, for the same data.
  assert.equal([...hiddenFields(def.schema, def.schema, { field1: "无" })], ["field2"]);
  assert.equal([...hiddenFields(def.schema, def.schema, { field1: "有" })], []);

  assert.throws(() => updateField(m, ["field2"], { showWhen: { when: "field2", equals: "有" } }), /只能用同一组中的单选/);
  assert.throws(() => updateField(m, ["field2"], { showWhen: { when: "field1", equals: "也许" } }), /没有这个选项/);
  assert.throws(() => removeField(m, ["field1"]), /无法删除：字段「职称名称」的显示条件用到此字段/);
  assert.throws(() => updateField(m, ["field1"], { options: ["无"] }), /显示条件用到选项「有」/);
  assert.throws(() => moveField(m, ["field2"], 0, ["field3"]), /无法移动：显示条件只能用同一组中的字段/);
  const off = fromDesigner(updateField(m, ["field2"], { showWhen: null })) as unknown as FormDefinition;
  assert.equal(off.schema.required, ["field1", "field2"], "without its condition 职称名称 is simply required");
  assert.is(off.schema.allOf, undefined);
});

// ---- fast-check: sequences of designer operations -------------------------------------------------------

type Op =
  | { op: "add"; at: number; kind: number; index: number }
  | { op: "remove"; at: number }
  | { op: "move"; at: number; index: number; into: number }
  | { op: "title"; at: number; title: string }
  | { op: "required"; at: number; required: boolean }
  | { op: "options"; at: number; options: string[] }
  | { op: "text"; at: number; placeholder: string | null; help: string | null }
  | { op: "condition"; at: number; source: number; value: number; off: boolean };

const HAN = fc.constantFrom(..."姓名单位职务年限证书编号日期类别说明备注地址");
const chinese = fc.array(HAN, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(""));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("add" as const), at: fc.nat(), kind: fc.nat(), index: fc.nat() }),
  fc.record({ op: fc.constant("remove" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("move" as const), at: fc.nat(), index: fc.nat(), into: fc.nat() }),
  fc.record({ op: fc.constant("title" as const), at: fc.nat(), title: chinese }),
  fc.record({ op: fc.constant("required" as const), at: fc.nat(), required: fc.boolean() }),
  fc.record({ op: fc.constant("options" as const), at: fc.nat(), options: fc.array(chinese, { minLength: 1, maxLength: 5 }) }),
  fc.record({ op: fc.constant("text" as const), at: fc.nat(), placeholder: fc.option(chinese, { nil: null }), help: fc.option(chinese, { nil: null }) }),
  fc.record({ op: fc.constant("condition" as const), at: fc.nat(), source: fc.nat(), value: fc.nat(), off: fc.boolean() }),
);

/** Every field's path, depth first; and the containers (the top, groups, lists). */
function paths(m: DesignerModel): { fields: FieldPath[]; containers: FieldPath[] } {
  const fields: FieldPath[] = [];
  const containers: FieldPath[] = [[]];
  const walk = (list: DesignerField[], at: FieldPath) => {
    for (const f of list) {
      fields.push([...at, f.key]);
      if (f.children) {
        containers.push([...at, f.key]);
        walk(f.children, [...at, f.key]);
      }
    }
  };
  walk(m.fields, []);
  return { fields, containers };
}

/** An operation the designer refuses (in Chinese: a rule names the field) leaves the model as it was. */
function apply(m: DesignerModel, o: Op): DesignerModel {
  try {
    return applyOp(m, o);
  } catch (e) {
    if (/^无法(删除|移动)：(有规则用到此字段|字段「.*」的显示条件用到此字段|显示条件只能用同一组中的字段)|的显示条件用到选项/.test((e as Error).message)) return m;
    throw e;
  }
}

function applyOp(m: DesignerModel, o: Op): DesignerModel {
  const { fields, containers } = paths(m);
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
  if (o.op === "add") return addField(m, pick(containers, o.at), PALETTE[o.kind % PALETTE.length].kind, o.index % 5).model;
  if (!fields.length) return m;
  const path = pick(fields, o.at);
  // A list or group keeps at least one field (the checker wants rows and groups to hold something).
  if (o.op === "remove") return (fieldAt(m, path.slice(0, -1))?.children?.length ?? 2) > 1 && (path.length > 1 || m.fields.length > 1) ? removeField(m, path) : m;
  if (o.op === "move") {
    const into = pick(containers, o.into);
    const from = path.slice(0, -1);
    const leavesEmpty = from.length > 0 && fieldAt(m, from)!.children!.length === 1 && into.join("/") !== from.join("/");
    return leavesEmpty ? m : moveField(m, path, o.index % 6, into);
  }
  const field = fieldAt(m, path)!;
  if (o.op === "title") return updateField(m, path, { title: o.title });
  if (o.op === "required") return updateField(m, path, { required: o.required });
  if (o.op === "text") return field.children ? m : updateField(m, path, { placeholder: o.placeholder, help: o.help });
  if (o.op === "condition") {
    if (o.off) return updateField(m, path, { showWhen: null });
    const choices = conditionChoices(m, path);
    if (!choices.length) return m;
    const c = pick(choices, o.source);
    return updateField(m, path, { showWhen: { when: c.key, equals: pick(c.values, o.value).value } });
  }
  const hasOptions = Array.isArray(field.schema.enum) || Array.isArray((field.schema.items as { enum?: unknown })?.enum);
  return hasOptions ? updateField(m, path, { options: o.options }) : m;
}

test("fast-check: any sequence of designer operations gives a checked definition that loads and saves back unchanged", () => {
  fc.assert(
    fc.property(fc.constantFrom(...forms), fc.array(opArb, { maxLength: 25 }), ({ file, def }, ops) => {
      let m = toDesigner(def);
      for (const o of ops) {
        m = apply(m, o);
        const out = fromDesigner(m);
        const problems = checkFormDefinition(out, { compile: false });
        if (problems.length) throw new Error(`${file} after ${JSON.stringify(o)}: ${JSON.stringify(problems)}`);
        if (!same(fromDesigner(toDesigner(out)), out)) throw new Error(`${file} after ${JSON.stringify(o)}: lost in a round trip`);
      }
      assert.equal(checkFormDefinition(fromDesigner(m), { compile: true }), [], file);
    }),
    { numRuns: 150, seed: 20 },
  );
});


test("格式 of a single-line text: brings the format's length and control, recognised as that kind; cleared, plain text again; refused elsewhere", async () => {
  const { TEXT_FORMATS } = await import("~/engine/forms/designer-ops");
  const base = toDesigner(forms.find((f) => f.file === "expert-basic-info.json")!.def);
  const { model, path } = addField(base, [], "text");
  for (const t of TEXT_FORMATS) {
    const m = updateField(model, path, { format: t.format });
    const f = fieldAt(m, path)!;
    assert.equal([f.schema.format, f.schema.maxLength, f.ui?.["ui:widget"]], [t.format, t.maxLength, t.widget]);
    assert.is(kindOf(f)?.label, t.label);
    const def = fromDesigner(m);
    assert.equal(checkFormDefinition(def, { compile: true }), [], t.label);
    assert.ok(same(fromDesigner(toDesigner(def)), def), `${t.label} round-trips`);
    const plain = fieldAt(updateField(m, path, { format: null }), path)!;
    assert.equal([plain.schema.format, plain.ui?.["ui:widget"], kindOf(plain)?.kind], [undefined, undefined, "text"]);
  }
  const number = addField(base, [], "number");
  assert.throws(() => updateField(number.model, number.path, { format: "email" }), /只有单行文本可以设置格式/);
  assert.throws(() => updateField(model, path, { format: "ipv4" }), /不支持的格式/);
});

test("默认值: written to the schema's default, checked, kept by a round trip, removed when cleared", () => {
  const base = toDesigner(forms.find((f) => f.file === "expert-basic-info.json")!.def);
  const { model, path } = addField(base, [], "select");
  const m = updateField(model, path, { default: "选项二" });
  const def = fromDesigner(m);
  assert.is(fieldAt(toDesigner(def), path)!.schema.default, "选项二");
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.is(fieldAt(updateField(m, path, { default: null }), path)!.schema.default, undefined);
});

test.run();
