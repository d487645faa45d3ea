import "../setup/guard";
// Every file in forms/ is a valid definition: well-formed envelope, a schema that Ajv accepts in strict
// mode, bounded strings and lists, a uiSchema that only names known widgets and real fields, rules
// that point at real fields, and a complete sample that validates.
import { test } from "uvu";
import * as assert from "uvu/assert";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { addCustomFormats } from "~/engine/forms/formats";
import { joinPointer } from "~/engine/forms/json-pointer";
import { checkRules } from "~/engine/forms/rules";
import { forEachSchema, isSchemaNode, resolveRef, schemasAlong } from "~/engine/forms/schema-walk";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { validateDocument } from "~/engine/forms/validate";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const WIDGETS = new Set(["file", "region", "specialty", "id-card", "date", "textarea", "radio", "select", "hidden"]);
const HAS_CHINESE = /[\u4e00-\u9fa5]/;
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

  test(`${stem}: envelope — key equals the file stem, integer version, Chinese title`, () => {
    for (const k of Object.keys(definition)) assert.ok(["key", "version", "title", "schema", "uiSchema", "rules"].includes(k), `unexpected top-level key ${k}`);
    assert.is(definition.key, stem);
    assert.match(stem, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(Number.isInteger(definition.version) && definition.version >= 1);
    assert.match(definition.title, HAS_CHINESE);
    assert.ok(isSchemaNode(schema) && schema.type === "object", "the root is an object schema");
    assert.is(schema.title, definition.title);
    assert.ok(isSchemaNode(definition.uiSchema));
  });

  test(`${stem}: the schema is valid draft-07 and compiles in Ajv strict mode with our formats`, () => {
    const ajv = addCustomFormats(new Ajv({ strict: true, strictRequired: true, allErrors: true }));
    addFormats(ajv);
    assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
    ajv.compile(schema); // throws on unknown keywords, unknown formats, bad $refs, required-not-in-properties
  });

  test(`${stem}: strings have maxLength, lists maxItems, required keys exist, fields have Chinese titles`, () => {
    forEachSchema(schema, (raw, at) => {
      const node = resolveRef(schema, raw);
      if (node.type === "string") assert.type(node.maxLength, "number", `${at}: string without maxLength`);
      if (node.type === "array") assert.type(node.maxItems, "number", `${at}: list without maxItems`);
      if (node.type === "object") {
        assert.ok(isSchemaNode(node.properties), `${at}: object without properties`);
        for (const key of (node.required as string[] | undefined) ?? []) {
          assert.ok(Object.prototype.hasOwnProperty.call(node.properties, key), `${at}: required "${key}" is not a property`);
        }
        for (const [key, prop] of Object.entries(node.properties as Record<string, SchemaNode>)) {
          assert.match(String(resolveRef(schema, prop).title), HAS_CHINESE, `${at}/properties/${key}: needs a Chinese title`);
        }
      }
    });
  });

  test(`${stem}: uiSchema names only registered widgets and real fields, in Chinese`, () => {
    const walk = (ui: SchemaNode, node: SchemaNode, at: string) => {
      for (const [key, value] of Object.entries(ui)) {
        if (key === "ui:widget") assert.ok(WIDGETS.has(String(value)), `${at}: unknown widget "${value}"`);
        else if (key === "ui:placeholder" || key === "ui:help" || key === "ui:title") assert.match(String(value), HAS_CHINESE, `${at}/${key}`);
        else if (key === "ui:order") {
          const props = Object.keys((node.properties as object | undefined) ?? {});
          const order = value as string[];
          for (const name of order) assert.ok(name === "*" || props.includes(name), `${at}: ui:order names unknown "${name}"`);
          if (!order.includes("*")) assert.equal([...order].sort(), [...props].sort(), `${at}: ui:order must list every field`);
        } else if (key.startsWith("ui:")) continue;
        else if (key === "items") {
          assert.ok(node.type === "array", `${at}: "items" on a non-list`);
          walk(value as SchemaNode, resolveRef(schema, node.items as SchemaNode), `${at}/items`);
        } else {
          const props = (node.properties ?? {}) as Record<string, SchemaNode>;
          assert.ok(Object.prototype.hasOwnProperty.call(props, key), `${at}: uiSchema names unknown field "${key}"`);
          walk(value as SchemaNode, resolveRef(schema, props[key]), `${at}/${key}`);
        }
      }
    };
    walk(definition.uiSchema ?? {}, resolveRef(schema, schema), "");
  });

  test(`${stem}: rules are well-formed and point at real fields`, () => {
    assert.equal(checkRules(definition.rules), []);
    for (const rule of definition.rules ?? []) {
      const target = rule.each === undefined ? rule.path : joinPointer(rule.each, 0) + rule.path;
      assert.ok(schemasAlong(schema, target), `${rule.id}: ${target} is not in the schema`);
    }
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
  assert.equal(basic.required, ["name", "birthDate", "idCard", "address", "mobile", "workUnit", "photo", "idCardFront"]);
  const props = basic.properties as Record<string, SchemaNode>;
  assert.is(props.idCard.format, "cn-id-card");
  assert.is(props.mobile.format, "cn-mobile");
  assert.equal(props.applicationType.enum, ["新增", "续聘", "转入"]);
  assert.equal([props.specialties.minItems, props.specialties.maxItems], [1, 3]);
});

test.run();
