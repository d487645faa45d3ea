import "../setup/guard";
// Stripping undeclared properties (strip.ts, run by validateDocument before either validator) never
// removes a property that some branch of the schema declares: if/then/else, anyOf, oneOf, allOf,
// dependencies, dependentRequired, patternProperties, $ref; it still removes what nothing declares, at
// any depth. (Ajv's removeAdditional: "all", used before, stripped per subschema: 暂存 of an if/then form
// stored {}.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { stripUndeclared } from "~/engine/forms/strip";
import { validateDocument } from "~/engine/forms/validate";
import { BRANCHY_FORM, BRANCHY_VALID } from "../fixtures/keyword-fixtures";

const stripped = (schema: SchemaNode, doc: unknown) => {
  const copy = structuredClone(doc);
  stripUndeclared(schema, copy);
  return copy;
};
const s = (title: string) => ({ type: "string", title, maxLength: 20 });

test("if/then/else: fields declared only in then or else are kept, junk is removed", () => {
  const schema = {
    type: "object",
    properties: { kind: s("类别") },
    if: { properties: { kind: { const: "单位" } } },
    then: { properties: { unit: s("单位") } },
    else: { properties: { name: s("姓名") } },
  };
  assert.equal(stripped(schema, { kind: "单位", unit: "设计院", name: "张三", junk: 1 }), { kind: "单位", unit: "设计院", name: "张三" });
});

test("anyOf, oneOf and allOf branches each declare their fields", () => {
  const schema = {
    type: "object",
    properties: { a: s("甲") },
    anyOf: [{ properties: { b: s("乙") } }, { properties: { c: s("丙") } }],
    oneOf: [{ properties: { d: s("丁") } }, { properties: { e: s("戊") } }],
    allOf: [{ properties: { f: s("己") } }, { $ref: "#/$defs/g" }],
    $defs: { g: { properties: { g: s("庚") } } },
  };
  const doc = { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", junk: "x" };
  const { junk: _junk, ...kept } = doc;
  assert.equal(stripped(schema, doc), kept);
});

test("dependencies (names and schemas), dependentRequired and patternProperties declare their fields", () => {
  const schema = {
    type: "object",
    properties: { a: s("甲") },
    dependencies: { a: ["b"], c: { properties: { d: s("丁") } } },
    dependentRequired: { e: ["f"] },
    patternProperties: { "^x_": s("扩展") },
  };
  const doc = { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", x_1: "7", junk: "x" };
  const { junk: _junk, ...kept } = doc;
  assert.equal(stripped(schema, doc), kept);
});

test("nested objects and list items: branches inside them count, junk inside them goes", () => {
  const schema = {
    type: "object",
    properties: {
      list: { type: "array", maxItems: 5, items: { type: "object", properties: { k: s("类") }, if: { properties: { k: { const: "A" } } }, then: { properties: { a: s("甲") } } } },
      free: { type: "object", title: "自由" },
      open: { type: "object", properties: { x: s("X") }, additionalProperties: { type: "string" } },
    },
  };
  const doc = { list: [{ k: "A", a: "1", junk: 1 }, { k: "B", a: "2" }], free: { anything: 1 }, open: { x: "1", y: "2" }, junk: 2 };
  assert.equal(stripped(schema, doc), { list: [{ k: "A", a: "1" }, { k: "B", a: "2" }], free: { anything: 1 }, open: { x: "1", y: "2" } });
});

test("a recursive $ref ends", () => {
  const schema = { $ref: "#/$defs/node", $defs: { node: { type: "object", properties: { name: s("名"), children: { type: "array", maxItems: 3, items: { $ref: "#/$defs/node" } } } } } };
  assert.equal(stripped(schema, { name: "a", x: 1, children: [{ name: "b", y: 2, children: [] }] }), { name: "a", children: [{ name: "b", children: [] }] });
});

test("暂存 (draft mode) of the if/then/oneOf/anyOf fixture form keeps every field", () => {
  const result = validateDocument(BRANCHY_FORM, { ...structuredClone(BRANCHY_VALID), junk: "x" }, { mode: "draft" });
  assert.ok(result.ok, JSON.stringify(result.errors));
  assert.equal(result.data, BRANCHY_VALID);
  const half = { kind: "个人", name: "张三" };
  const partial = validateDocument(BRANCHY_FORM, structuredClone(half), { mode: "draft" });
  assert.ok(partial.ok, `a half-filled draft saves: ${JSON.stringify(partial.errors)}`);
  assert.equal(partial.data, half);
});

test.run();
