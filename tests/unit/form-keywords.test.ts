import "../setup/guard";
// One fixture per supported keyword (tests/fixtures/keyword-fixtures.ts): the definition checker accepts
// it, and both validators (Ajv on the server, the walker in the browser) honour it the same way: valid
// documents pass, invalid ones fail with identical Chinese messages. Every keyword on the list has a
// fixture; keywords off the list are refused in Chinese, naming the keyword and where it is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { SUPPORTED_KEYWORDS } from "~/engine/forms/keywords";
import { toFieldErrors } from "~/engine/forms/messages";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import { stripUndeclared } from "~/engine/forms/strip";
import { compileSchema, validateDocument } from "~/engine/forms/validate";
import { BRANCHY_FORM, BRANCHY_VALID, FIXTURE_COVERS, fixtureDefinition, KEYWORD_FIXTURES } from "../fixtures/keyword-fixtures";

const sorted = (e: Record<string, string[]>) => Object.fromEntries(Object.entries(e).sort().map(([k, v]) => [k, [...v].sort()]));

/** Both validators' verdict and messages on a copy of `doc`, stripped as validateDocument strips. */
function judge(schema: SchemaNode, doc: unknown) {
  const data = structuredClone(doc);
  stripUndeclared(schema, data);
  const run = (inBrowser: boolean) => {
    const v = compileSchema(schema, inBrowser);
    const ok = v(structuredClone(data)) as boolean;
    return { ok, errors: ok ? {} : sorted(toFieldErrors(v.errors, schema)) };
  };
  return { server: run(false), browser: run(true) };
}

test("every supported keyword has a fixture", () => {
  const covered = new Set(KEYWORD_FIXTURES.flatMap((f) => FIXTURE_COVERS[f.keyword] ?? [f.keyword]));
  assert.equal(SUPPORTED_KEYWORDS.filter((k) => !covered.has(k)), []);
});

for (const f of KEYWORD_FIXTURES) {
  test(`keyword ${f.keyword}: the checker accepts it, both validators honour it alike`, () => {
    const def = fixtureDefinition(f);
    assert.equal(checkFormDefinition(def), []);
    const schema = def.schema as SchemaNode;
    for (const doc of f.valid) {
      const { server, browser } = judge(schema, doc);
      assert.ok(server.ok, `server refuses ${JSON.stringify(doc)}: ${JSON.stringify(server.errors)}`);
      assert.ok(browser.ok, `browser refuses ${JSON.stringify(doc)}: ${JSON.stringify(browser.errors)}`);
    }
    for (const { doc, messages } of f.invalid) {
      const { server, browser } = judge(schema, doc);
      assert.not.ok(server.ok, `server accepts ${JSON.stringify(doc)}`);
      assert.not.ok(browser.ok, `browser accepts ${JSON.stringify(doc)}`);
      assert.equal(browser.errors, server.errors, `messages differ for ${JSON.stringify(doc)}`);
      for (const list of Object.values(server.errors)) for (const m of list) assert.match(m, /[\u4e00-\u9fa5]/);
      if (messages) assert.equal(server.errors, sorted(messages));
    }
  });
}

// ---- refusals ---------------------------------------------------------------------------------------

const withSchema = (patch: (schema: Record<string, any>) => void) => {
  const def = fixtureDefinition(KEYWORD_FIXTURES.find((f) => f.keyword === "properties")!) as Record<string, any>;
  patch(def.schema);
  return checkFormDefinition(def);
};
const refused = (label: string, patch: (schema: Record<string, any>) => void, pointer: string, text: RegExp) =>
  test(`the checker refuses ${label}, in Chinese, naming the keyword and where`, () => {
    const problems = withSchema(patch);
    assert.ok(problems.some((p) => p.pointer === pointer && text.test(p.message)), JSON.stringify(problems));
    for (const p of problems) assert.match(p.message, /[\u4e00-\u9fa5]/);
  });

refused("a later-draft keyword", (s) => (s.properties.a.unevaluatedProperties = false), "/schema/properties/a/unevaluatedProperties", /表单不支持的关键字「unevaluatedProperties」（位置：\/properties\/a）/);
refused("dependentSchemas", (s) => (s.dependentSchemas = { a: { required: ["b"] } }), "/schema/dependentSchemas", /表单不支持的关键字「dependentSchemas」（位置：（根））/);
refused("$id", (s) => (s.$id = "https://example.com/form"), "/schema/$id", /表单不支持的关键字「\$id」/);
refused("a made-up keyword inside a branch", (s) => (s.anyOf = [{ required: ["a"], foo: 1 }]), "/schema/anyOf/0/foo", /未知的关键字「foo」（位置：\/anyOf\/0）/);
refused("a remote $ref", (s) => (s.properties.a = { $ref: "https://example.com/schema.json", title: "姓名" }), "/schema/properties/a/$ref", /只能引用本表单内的定义/);
refused("a validation keyword beside $ref", (s) => ((s.$defs = { t: { type: "string", maxLength: 5 } }), (s.properties.a = { $ref: "#/$defs/t", title: "姓名", maxLength: 3 })), "/schema/properties/a/maxLength", /「maxLength」与「\$ref」写在一起时不起作用/);
refused("$schema below the root", (s) => (s.properties.a.$schema = "http://json-schema.org/draft-07/schema#"), "/schema/properties/a/$schema", /只能写在 schema 的根上/);
refused("a number format", (s) => (s.properties.b.format = "int32"), "/schema/properties/b/format", /未知的格式「int32」/);
refused("a branch requiring an undeclared field", (s) => (s.oneOf = [{ required: ["ghost"] }]), "/schema/oneOf/0/required/0", /必填字段「ghost」不在 properties 中/);

// ---- the fixture form the integration and browser tests publish --------------------------------------

test("条件表单示例: accepted; its complete document passes both validators unchanged", () => {
  assert.equal(checkFormDefinition(BRANCHY_FORM), []);
  const { server, browser } = judge(BRANCHY_FORM.schema as SchemaNode, BRANCHY_VALID);
  assert.ok(server.ok, JSON.stringify(server.errors));
  assert.ok(browser.ok, JSON.stringify(browser.errors));
  const result = validateDocument(BRANCHY_FORM, structuredClone(BRANCHY_VALID));
  assert.equal(result.errors, {});
  assert.equal(result.data, BRANCHY_VALID);
});

test("条件表单示例: the same Chinese messages from both validators for a bad document", () => {
  const bad = { kind: "单位", idCard: "12345", backupPhone: "1", hasTitle: true };
  const { server, browser } = judge(BRANCHY_FORM.schema as SchemaNode, bad);
  assert.equal(browser.errors, server.errors);
  assert.equal(server.errors["/unit"], ["单位名称 为必填项"]);
  assert.equal(server.errors["/backupOwner"], ["机主姓名 为必填项（已填写「备用电话」）"]);
  assert.equal(server.errors["/jobTitle"], ["职称 为必填项"]);
  assert.equal(server.errors["/idCard"], ["身份证号 应为18位"]);
});

test.run();
