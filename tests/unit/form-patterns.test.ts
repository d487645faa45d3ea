import "../setup/guard";
// Issue 14 §1 "Catastrophic patterns": a published `pattern` or `patternProperties` key runs in linear
// time on the server (Ajv), in the browser's walker and in strip/schema-walk; a pattern RE2 cannot
// express is refused at publish with a Chinese reason naming the field.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { compileSchema, validateDocument } from "~/engine/forms/validate";
import { STRING_FORMATS } from "~/engine/forms/keywords";
import { linearPattern, patternProblem, toRe2Syntax } from "~/engine/forms/patterns";
import type { SchemaNode } from "~/engine/forms/schema-walk";

// Not a speed target (those live in bench/): a ceiling no catastrophic case can meet (29 characters took
// 2.6–4.9 s and each further one ×1.5; these inputs are thousands long) that a busy machine never hits.
const CEILING_MS = 2000;

const EVIL = "^(a+)+$";
// Backtracking needs about a second for this (×1.5–2 per added character), RE2 microseconds: the
// validators' tests fail on a backtracking engine without hanging the suite; linearPattern gets 5000.
const HOSTILE = `${"a".repeat(26)}!`;

const ms = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const schema: SchemaNode = {
  type: "object",
  properties: { code: { type: "string", title: "代码", pattern: EVIL, maxLength: 10000 } },
  patternProperties: { "^(x+)+y$": { type: "string", maxLength: 10 } },
};

test("the server's Ajv and the browser's walker answer the catastrophic pattern in linear time", () => {
  for (const inBrowser of [false, true]) {
    const validate = compileSchema(schema, inBrowser);
    const took = ms(() => assert.is(validate({ code: HOSTILE }), false));
    assert.ok(took < CEILING_MS, `${inBrowser ? "walker" : "Ajv"} took ${took} ms`);
    assert.is(validate({ code: "aaaa" }), true);
  }
});

test("patternProperties keys run in linear time too: Ajv, walker, and the strip pass of validateDocument", () => {
  const key = `${"x".repeat(26)}!`;
  for (const inBrowser of [false, true]) {
    const validate = compileSchema(schema, inBrowser);
    const took = ms(() => validate({ [key]: "v" }));
    assert.ok(took < CEILING_MS, `${inBrowser ? "walker" : "Ajv"} took ${took} ms`);
    assert.is(validate({ xxy: "too long for maxLength" }), false, "a matching key still gets its schema");
  }
  const took = ms(() => validateDocument({ schema, rules: [] }, { [key]: "v", code: "a" }, { mode: "draft" }));
  assert.ok(took < CEILING_MS, `validateDocument took ${took} ms`);
});

test("linearPattern: 5000 characters against the catastrophic pattern in a few milliseconds", () => {
  const took = ms(() => assert.is(linearPattern(EVIL).test(`${"a".repeat(5000)}!`), false));
  assert.ok(took < CEILING_MS, `took ${took} ms`);
});

test("every format a field may name answers long hostile strings quickly", () => {
  const probes = ["a".repeat(20000), `${"a@".repeat(5000)}!`, `${"1.".repeat(5000)}x`, `${"-".repeat(10000)}\u0000`, `${"http://a".repeat(2000)}%`];
  for (const [name, check] of Object.entries(STRING_FORMATS)) {
    for (const p of probes) {
      const took = ms(() => check(p));
      assert.ok(took < CEILING_MS, `format ${name} took ${took} ms on a ${p.length}-character string`);
    }
  }
});

test("ECMAScript escapes RE2 spells differently are translated; escaped backslashes are not", () => {
  assert.is(toRe2Syntax("^[\\u4e00-\\u9fa5]+$"), "^[\\x{4e00}-\\x{9fa5}]+$");
  assert.is(toRe2Syntax("\\u{20BB7}"), "\\x{20BB7}");
  assert.is(toRe2Syntax("\\\\u4e00"), "\\\\u4e00");
  assert.ok(linearPattern("^[\\u4e00-\\u9fa5]{2,4}$").test("张三"));
  assert.ok(!linearPattern("^[\\u4e00-\\u9fa5]{2,4}$").test("Tom"));
  assert.is(toRe2Syntax("^\\p{Script=Han}+$"), "^\\p{Han}+$");
  assert.ok(linearPattern("^\\p{Script=Han}+$").test("𠮷野"), "a script class covers Extension B");
});

test("patterns RE2 cannot express are refused at publish, in Chinese, naming the field", () => {
  const def = (pattern: string, where: "pattern" | "patternProperties" = "pattern") => ({
    key: "p", version: 1, title: "测试", uiSchema: {},
    schema: where === "pattern"
      ? { type: "object", title: "测试", properties: { code: { type: "string", title: "代码", maxLength: 10, pattern } } }
      : { type: "object", title: "测试", properties: {}, patternProperties: { [pattern]: { type: "string", maxLength: 10 } } },
  });
  const back = checkFormDefinition(def("^(a)\\1$"));
  assert.equal(back.map((p) => p.pointer), ["/schema/properties/code/pattern"]);
  assert.match(back[0].message, /字段「代码」.*反向引用/);
  assert.match(checkFormDefinition(def("^(?!admin)\\w+$"))[0].message, /字段「代码」.*前瞻或后顾/);
  const keyed = checkFormDefinition(def("^(?=x)", "patternProperties"));
  assert.equal(keyed.map((p) => p.pointer), ["/schema/patternProperties/^(?=x)"]);
  assert.match(keyed[0].message, /patternProperties/);
  assert.match(checkFormDefinition(def("(unclosed"))[0].message, /写法有误/);
  assert.equal(checkFormDefinition(def(EVIL)), [], "expressible patterns publish: they run in linear time");
  assert.equal(checkFormDefinition(def("^1[3-9]\\d{9}$")), []);
  assert.is(patternProblem("^\\d+$", "字段「x」"), null);
});

test("a pattern RE2 cannot express, published before the check, refuses every value instead of throwing or backtracking", () => {
  const legacy: SchemaNode = { type: "object", properties: { code: { type: "string", title: "代码", maxLength: 40, pattern: "^(?=a)(a+)+$" } } };
  const warn = console.warn;
  const warned: unknown[] = [];
  console.warn = (...args: unknown[]) => void warned.push(args[0]);
  try {
    for (const inBrowser of [false, true]) {
      const validate = compileSchema(legacy, inBrowser);
      assert.is(validate({ code: "aaa" }), false);
      assert.equal(validate.errors?.map((e) => e.keyword), ["pattern"]);
    }
  } finally {
    console.warn = warn;
  }
  assert.match(String(warned[0]), /cannot run on RE2/);
});

test.run();
