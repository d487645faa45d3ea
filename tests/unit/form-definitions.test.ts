import "../setup/guard";
// Every file in forms/ is a valid definition (checkFormDefinition: well-formed envelope, a schema that Ajv
// accepts in strict mode, bounded strings and lists, a uiSchema that only names known widgets and real
// fields, rules that point at real fields) with a complete sample that validates; and each kind of
// broken definition is refused with a Chinese message at its JSON pointer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { parseJsonSource } from "~/engine/forms/json-source";
import { resolveRef } from "~/engine/forms/schema-walk";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { validateDocument } from "~/engine/forms/validate";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const files = loadFormFiles();

test("forms/ holds every built-in form", () => {
  assert.equal(
    files.map((f) => f.stem),
    [
      "change-avoidance",
      "change-region",
      "change-specialties",
      "change-work-unit",
      "expert-avoidance",
      "expert-basic-info",
      "expert-education",
      "expert-qualifications",
      "expert-titles",
      "expert-work-history",
      "profile",
      "signed-scan",
    ],
  );
});

for (const { stem, definition } of files) {
  const schema = definition.schema;

  test(`${stem}: passes checkFormDefinition (envelope, Ajv strict, bounds, titles, widgets, fields, rules)`, () => {
    assert.equal(checkFormDefinition(definition), []);
    assert.is(definition.key, stem);
  });

  test(`${stem}: a complete sample validates; an empty document gets Chinese required errors`, () => {
    const sample = VALID_SAMPLES[stem];
    assert.ok(sample, "tests/fixtures/form-samples.ts needs a sample for this form");
    for (const key of Object.keys(schema.properties as object)) assert.ok(key in sample, `the sample should fill "${key}"`);
    const result = validateDocument(definition, structuredClone(sample), { context: { batchDate: "2025-03-01" } });
    assert.equal(result.errors, {});
    assert.equal(result.data, sample);

    const empty = validateDocument(definition, {});
    const required = (schema.required as string[] | undefined) ?? [];
    assert.equal(Object.keys(empty.errors).sort(), required.map((k) => `/${k}`).sort());
    for (const [pointer, messages] of Object.entries(empty.errors)) {
      const title = String(resolveRef(schema, (schema.properties as Record<string, SchemaNode>)[pointer.slice(1)]).title);
      assert.equal(messages, [`${title} 为必填项`]);
    }
    assert.ok(validateDocument(definition, {}, { mode: "draft" }).ok, "an empty draft can always be saved");
  });
}

test("shared $defs are spelled identically in every form that uses them", () => {
  const seen = new Map<string, { json: string; stem: string }>();
  for (const { stem, definition } of files) {
    for (const [name, def] of Object.entries((definition.schema.$defs ?? {}) as Record<string, unknown>)) {
      const json = JSON.stringify(def);
      const first = seen.get(name);
      if (first) assert.is(json, first.json, `$defs/${name} differs between ${first.stem} and ${stem}`);
      else seen.set(name, { json, stem });
    }
  }
  assert.ok(seen.has("dateRange") && seen.has("fileRef"));
});

test("required marks follow SPEC §2.1 for 基本信息", () => {
  const basic = files.find((f) => f.stem === "expert-basic-info")!.definition.schema;
  // 申报专业 has no * in SPEC but is "1–3 from the specialty catalog": at least one, so it is required too
  // (minItems alone let a form without the key through: an expert reached the pool with no 专业).
  assert.equal(basic.required, ["name", "birthDate", "idCard", "address", "mobile", "workUnit", "specialties", "photo", "idCardFront"]);
  const props = basic.properties as Record<string, SchemaNode>;
  assert.is(props.idCard.format, "cn-id-card");
  assert.is(props.mobile.format, "cn-mobile");
  assert.equal(props.applicationType.enum, ["新增", "续聘", "转入"]);
  assert.equal([props.specialties.minItems, props.specialties.maxItems], [1, 3]);
});

// ---- the checker refuses each kind of problem, at its place -----------------------------------------

const base = () => structuredClone(files.find((f) => f.stem === "profile")!.definition) as unknown as Record<string, any>;
const problemsOf = (mutate: (d: Record<string, any>) => void) => {
  const d = base();
  mutate(d);
  return checkFormDefinition(d);
};
const expectProblem = (label: string, mutate: (d: Record<string, any>) => void, pointer: string, text: RegExp) =>
  test(`checkFormDefinition refuses ${label}`, () => {
    const problems = problemsOf(mutate);
    assert.ok(problems.some((p) => p.pointer === pointer && text.test(p.message)), JSON.stringify(problems));
    for (const p of problems) assert.match(p.message, /[\u4e00-\u9fa5]/);
  });

test("checkFormDefinition: a non-object definition", () => {
  assert.equal(checkFormDefinition([]), [{ pointer: "", message: "表单定义必须是一个 JSON 对象" }]);
});
expectProblem("an unknown top-level key", (d) => (d.extra = 1), "/extra", /未知的顶层字段/);
expectProblem("a bad key", (d) => (d.key = "Bad Key"), "/key", /小写字母/);
expectProblem("a non-integer version", (d) => (d.version = 1.5), "/version", /正整数/);
expectProblem("a title without Chinese", (d) => (d.title = "Profile"), "/title", /中文/);
expectProblem("a schema title that differs", (d) => (d.schema.title = "别的"), "/schema/title", /相同/);
expectProblem("a non-object root", (d) => (d.schema = { type: "string" }), "/schema", /object/);
expectProblem("an unknown keyword (Ajv strict)", (d) => (Object.values(d.schema.properties)[0] as any).foo = 1, `/schema/properties/${Object.keys(base().schema.properties)[0]}/foo`, /未知的关键字「foo」/);
expectProblem("an unknown format", (d) => (Object.values(d.schema.properties)[0] as any).format = "nope", `/schema/properties/${Object.keys(base().schema.properties)[0]}/format`, /未知的格式「nope」/);
expectProblem("a wrong type name (meta-schema)", (d) => (Object.values(d.schema.properties)[0] as any).type = "strin", `/schema/properties/${Object.keys(base().schema.properties)[0]}/type`, /不/);
expectProblem("a required key that is not a property", (d) => d.schema.required.push("ghost"), `/schema/required/${base().schema.required.length}`, /必填字段「ghost」不在 properties 中/);
expectProblem("a dangling $ref", (d) => (d.schema.properties.x = { $ref: "#/$defs/none", title: "某" }), "/schema/properties/x/$ref", /无法解析引用/);
expectProblem("a string without maxLength", (d) => (d.schema.properties.x = { type: "string", title: "某" }), "/schema/properties/x", /maxLength/);
expectProblem("a list without maxItems", (d) => (d.schema.properties.x = { type: "array", title: "某", items: { type: "integer" } }), "/schema/properties/x", /maxItems/);
expectProblem("a field without a Chinese title", (d) => (d.schema.properties.x = { type: "integer", title: "x" }), "/schema/properties/x", /中文标题/);
expectProblem("an unknown widget", (d) => (d.uiSchema[Object.keys(d.schema.properties)[0]] = { "ui:widget": "fancy" }), `/uiSchema/${Object.keys(base().schema.properties)[0]}/ui:widget`, /未知的控件「fancy」/);
expectProblem("a uiSchema for a missing field", (d) => (d.uiSchema.ghost = {}), "/uiSchema/ghost", /不在 schema 中/);
expectProblem("an English placeholder", (d) => (d.uiSchema[Object.keys(d.schema.properties)[0]] = { "ui:placeholder": "type here" }), `/uiSchema/${Object.keys(base().schema.properties)[0]}/ui:placeholder`, /中文/);
expectProblem("a malformed rule", (d) => (d.rules = [{ id: "r", logic: { nope: [] }, message: "错", path: "/x" }]), "/rules/0", /未知的运算/);
expectProblem("a rule pointing nowhere", (d) => (d.rules = [{ id: "r", logic: true, message: "错", path: "/ghost" }]), "/rules/0/path", /不在 schema 中/);
expectProblem("a __proto__ key", (d) => (d.uiSchema = JSON.parse('{"__proto__": {}}')), "/uiSchema/__proto__", /不允许/);

test("the browser variant (no Ajv compile) still finds widget problems", () => {
  const d = base();
  d.uiSchema[Object.keys(d.schema.properties)[0]] = { "ui:widget": "fancy" };
  assert.ok(checkFormDefinition(d, { compile: false }).some((p) => /fancy/.test(p.message)));
});

test("parseJsonSource: syntax errors at line and column, spans by pointer, duplicate keys", () => {
  const bad = parseJsonSource('{\n  "a": 1,\n  "b": }');
  assert.ok(!bad.ok);
  if (!bad.ok) assert.equal([bad.error.line, bad.error.col], [3, 8]);
  const trailing = parseJsonSource('{"a": [1, 2,]}');
  assert.ok(!trailing.ok && /逗号/.test(trailing.error.message));
  const dup = parseJsonSource('{"a": 1,\n "a": 2}');
  assert.ok(!dup.ok && dup.error.line === 2 && /重复/.test(dup.error.message));
  const good = parseJsonSource('{"a": {"b/c": [true, null]}}');
  assert.ok(good.ok);
  if (good.ok) {
    assert.equal(good.value, { a: { "b/c": [true, null] } });
    assert.equal(good.spans.get("/a/b~1c/1"), { from: 21, to: 25 });
    assert.is(good.spans.get("/a")!.keyFrom, 1);
  }
  for (const s of ["", "{", '{"a" 1}', "[1 2]", "'x'", "01", "-", "tru", '"\\x"', '"a\nb"']) {
    const r = parseJsonSource(s);
    assert.ok(!r.ok, s);
    let native = true;
    try { JSON.parse(s); } catch { native = false; }
    assert.is(native, false, `JSON.parse agrees on ${s}`);
  }
});

test.run();
