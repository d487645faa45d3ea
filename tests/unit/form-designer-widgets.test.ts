import "../setup/guard";
// Widgets features register with a palette entry (issue 20): the entry shows up in the designer's palette
// with its own property form (data: a small JSON Schema and where each value is written), a field made
// from it is accepted by the definition checker, recognised back, and survives the round trip; a bad entry
// or value is refused. The real one: the pool feature's 专业 picker.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalJson } from "~/engine/forms/canonical-json";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { fromDesigner, toDesigner } from "~/engine/forms/designer-model";
import { addField, fieldAt, kindOf, PALETTE, paletteWith, settingsOf, updateSettings } from "~/engine/forms/designer-ops";
import { paletteEntryProblems, registerWidget, widgetPalette } from "~/engine/forms/widget-palette";
import type { WidgetPaletteEntry } from "~/engine/forms/widget-palette";
import { SPECIALTY_WIDGET } from "~/features/pool/specialty-widget";

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const basicInfo = JSON.parse(fs.readFileSync("forms/expert-basic-info.json", "utf8"));

test("a registered widget's palette entry shows up in the palette, before 列表 and 分组", () => {
  assert.not.ok(PALETTE.some((p) => p.kind === "specialty"), "专业 comes from its feature, not the engine");
  registerWidget("specialty", SPECIALTY_WIDGET);
  registerWidget("specialty", SPECIALTY_WIDGET); // start-up may run twice in a process
  assert.equal(widgetPalette().map((e) => [e.widget, e.label]), [["specialty", "专业"]]);
  const kinds = paletteWith(widgetPalette());
  const labels = kinds.map((k) => k.label);
  assert.ok(labels.indexOf("专业") >= 0 && labels.indexOf("专业") < labels.indexOf("列表（可重复的一组字段）"), labels.join("、"));
  assert.is(kinds.length, PALETTE.length + 1);
  // Plain data: what the loader sends is what was registered.
  assert.equal(JSON.parse(JSON.stringify(widgetPalette())), widgetPalette());
});

test("a field of it: accepted by the checker, recognised back (also the built-in 申报专业), round-tripped", () => {
  const kinds = paletteWith(widgetPalette());
  const m0 = toDesigner(basicInfo);
  assert.is(kindOf(fieldAt(m0, ["specialties"])!, kinds)?.label, "专业", "the built-in form's field");
  assert.is(kindOf(fieldAt(m0, ["specialties"])!), null, "not without the registration");
  const { model, path } = addField(m0, [], "specialty", undefined, kinds);
  const def = fromDesigner(model) as { schema: any; uiSchema: any };
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.is(def.schema.properties[path[0]].title, "专业");
  assert.is(def.uiSchema[path[0]]["ui:widget"], "specialty");
  assert.ok(same(fromDesigner(toDesigner(def)), def));
  assert.is(kindOf(fieldAt(toDesigner(def), path)!, kinds)?.kind, "specialty");
  assert.throws(() => addField(m0, [], "specialty"), /未知的字段类型/, "the built-in palette alone has no 专业");
});

test("its property form: values read from and written to where the form says; bad values refused in Chinese", () => {
  const kinds = paletteWith(widgetPalette());
  const kind = kinds.find((k) => k.kind === "specialty")!;
  const { model, path } = addField(toDesigner(basicInfo), [], "specialty", undefined, kinds);
  assert.equal(settingsOf(fieldAt(model, path)!, kind), { minItems: 1, maxItems: 3 });
  let m = updateSettings(model, path, kind, { maxItems: 5, minItems: null, unknown: 1 });
  assert.equal(settingsOf(fieldAt(m, path)!, kind), { maxItems: 5 });
  const def = fromDesigner(m) as { schema: any };
  assert.is(def.schema.properties[path[0]].maxItems, 5);
  assert.is(def.schema.properties[path[0]].minItems, undefined, "emptied: removed");
  assert.equal(checkFormDefinition(def, { compile: true }), []);
  assert.ok(same(fromDesigner(toDesigner(def)), def));
  assert.throws(() => updateSettings(m, path, kind, { maxItems: 6 }), /「最多选择几个专业」必须是 1 到 5 之间的整数/);
  assert.throws(() => updateSettings(m, path, kind, { maxItems: 2.5 }), /必须是 1 到 5 之间的整数/);
  assert.throws(() => updateSettings(m, path, kind, { minItems: "两个" }), /「至少选择几个专业」必须是 0 到 5 之间的整数/);
  // A place in the uiSchema, made on the way and removed again when emptied.
  const withUi = { ...kind, settings: { schema: { type: "object", properties: { tip: { type: "string", title: "提示语", maxLength: 4 } } }, at: { tip: "/ui/ui:options/tip" } } };
  m = updateSettings(m, path, withUi, { tip: "请选择" });
  assert.equal(fieldAt(m, path)!.ui, { "ui:widget": "specialty", "ui:options": { tip: "请选择" } });
  assert.throws(() => updateSettings(m, path, withUi, { tip: "请选择申报专业" }), /「提示语」最多 4 个字/);
  m = updateSettings(m, path, withUi, { tip: "" });
  assert.equal(fieldAt(m, path)!.ui, { "ui:widget": "specialty" });
});

test("registration refuses a widget without a component, and entries the designer could not offer", () => {
  assert.throws(() => registerWidget("slider", {}), /has no component/);
  assert.throws(() => registerWidget("specialty", { palette: { ...SPECIALTY_WIDGET.palette! } }), /registered twice/, "another entry for a taken name");
  const good = { ...SPECIALTY_WIDGET.palette!, widget: "specialty" } as WidgetPaletteEntry;
  assert.equal(paletteEntryProblems(good), []);
  assert.equal(paletteEntryProblems({ ...good, label: "Specialty" }), ["控件的名称必须是中文"]);
  const settings = good.settings!;
  assert.equal(paletteEntryProblems({ ...good, settings: { ...settings, at: { minItems: "/schema/minItems" } } }), ["属性「maxItems」需要写入位置（如 /schema/maxItems）"]);
  assert.equal(paletteEntryProblems({ ...good, settings: { schema: { type: "object", properties: { x: { type: "array", title: "某项" } } }, at: { x: "/schema/x" } } }), ["属性「x」的类型只能是整数、数字、是/否或文字"]);
  assert.match(paletteEntryProblems({ ...good, schema: { type: "array", items: { type: "widget" } } }).join(), /^新字段不合格/);
});

test.run();
