import "../setup/guard";
// Document validation: full vs draft, stripping unknown properties, the input guard, validator caching,
// extra (batch) rules, canonical JSON and the definition hash.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createHash } from "node:crypto";
import { canonicalJson } from "~/engine/forms/canonical-json";
import { hashDefinition } from "~/engine/forms/hash.server";
import { createValidator, relaxSchema, sanitizeDocument, validateDocument } from "~/engine/forms/validate";
import type { FormDefinition } from "~/engine/forms/validate";
import { loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";

const forms = Object.fromEntries(loadFormFiles().map((f) => [f.stem, f.definition]));
const basic = forms["expert-basic-info"];
const basicSample = VALID_SAMPLES["expert-basic-info"];
const clone = <T>(v: T): T => structuredClone(v);

test("full mode: a complete document passes and comes back equal", () => {
  const result = validateDocument(basic, clone(basicSample));
  assert.ok(result.ok);
  assert.equal(result.data, basicSample);
  assert.equal(result.errors, {});
});

test("unknown properties are stripped everywhere, and the input is not mutated", () => {
  const education = forms["expert-education"];
  const input = {
    junk: 1,
    education: [{ school: "新疆大学", hack: true, period: { start: "2008-09-01", extra: "x" } }],
  };
  const before = clone(input);
  const result = validateDocument(education, input);
  assert.ok(result.ok);
  assert.equal(result.data, { education: [{ school: "新疆大学", period: { start: "2008-09-01" } }] });
  assert.equal(input, before);
});

test("full mode reports every missing required field in Chinese; draft mode does not", () => {
  const full = validateDocument(basic, {});
  assert.not.ok(full.ok);
  assert.equal(full.errors["/name"], ["姓名 为必填项"]);
  assert.equal(full.errors["/photo"], ["一寸免冠照 为必填项"]);
  assert.is(Object.keys(full.errors).length, 9, "8 starred fields and 申报专业");
  const draft = validateDocument(basic, { name: "张三" }, { mode: "draft" });
  assert.ok(draft.ok);
  assert.equal(draft.data, { name: "张三" });
});

test("draft mode still checks types and formats, but not minItems/minLength or rules", () => {
  const draft = validateDocument(basic, { name: 5, idCard: "650102199003071234", specialties: [], email: "no" }, { mode: "draft" });
  assert.not.ok(draft.ok);
  assert.equal(draft.errors, {
    "/name": ["姓名 类型不正确，应为文本"],
    "/idCard": ["身份证号 校验位不正确"],
    "/email": ["电子邮箱 格式不正确，应为有效的电子邮箱地址"],
  });
  assert.ok(validateDocument(basic, { name: "", specialties: [], birthDate: "1990-03-08", idCard: basicSample.idCard }, { mode: "draft" }).ok);
  // An empty 姓名 is not filled in (normalizeDocument drops blank text): the required message, not minLength's.
  const full = validateDocument(basic, { ...basicSample, name: "", specialties: [], birthDate: "1990-03-08" });
  assert.equal(full.errors, {
    "/name": ["姓名 为必填项"],
    "/specialties": ["申报专业 至少填写1项"],
    "/birthDate": ["出生日期 与身份证号中的出生日期不一致"],
  });
});

test("maxLength and maxItems hold in both modes", () => {
  for (const mode of ["draft", "full"] as const) {
    const result = validateDocument(basic, { ...basicSample, name: "张".repeat(51), specialties: [{ code: "A" }, { code: "B" }, { code: "C" }, { code: "D" }] }, { mode });
    assert.equal(result.errors["/name"], ["姓名 不能超过50个字符"], mode);
    assert.ok(result.errors["/specialties"].includes("申报专业 最多填写3项"), mode);
  }
});

test("prototype-pollution keys are refused before Ajv, anywhere, with a Chinese message", () => {
  const cases = [
    '{"__proto__": {"polluted": 1}, "name": "张三"}',
    '{"name": "张三", "specialties": [{"code": "A", "constructor": {"prototype": {"polluted": 1}}}]}',
    '{"photo": {"prototype": 1}}',
  ];
  for (const json of cases) {
    const result = validateDocument(basic, JSON.parse(json), { mode: "draft" });
    assert.not.ok(result.ok, json);
    assert.is(result.data, null);
    const messages = Object.values(result.errors).flat();
    assert.ok(messages.length > 0 && messages.every((m) => /不允许的字段名/.test(m)), JSON.stringify(result.errors));
  }
  assert.equal(validateDocument(basic, JSON.parse(cases[1])).errors, {
    "/specialties/0": ["申报专业 第1项 包含不允许的字段名「constructor」"],
  });
  assert.equal(validateDocument(basic, JSON.parse(cases[0])).errors, { "": ["基本信息 包含不允许的字段名「__proto__」"] });
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test("exotic values, deep nesting and non-object documents get Chinese errors, never a throw", () => {
  const deep: Record<string, unknown> = {};
  let node = deep;
  for (let i = 0; i < 200; i++) node = (node.a = {}) as Record<string, unknown>;
  const inputs: unknown[] = [null, "x", 42, [], [basicSample], new Date(), { name: new String("张三") }, { name: () => 1 }, { name: 1n }, deep, { specialties: [, { code: "A" }] }];
  for (const input of inputs) {
    const result = validateDocument(basic, input);
    assert.not.ok(result.ok);
    for (const m of Object.values(result.errors).flat()) assert.ok(/[\u4e00-\u9fa5]/.test(m), m);
  }
  assert.equal(validateDocument(basic, null).errors[""], ["基本信息 类型不正确，应为对象"]);
  assert.equal(validateDocument(basic, { name: new Date() }).errors, { "/name": ["姓名 数据类型不受支持"] });
  assert.ok(Object.values(validateDocument(basic, deep).errors).flat().some((m) => m.endsWith("数据嵌套层级过深")));
  // JSON cannot carry NaN, but a caller could: numbers must be finite.
  const nan = validateDocument({ schema: { type: "object", properties: { n: { type: "number", title: "数量" } } } }, { n: NaN });
  assert.equal(nan.errors, { "/n": ["数量 类型不正确，应为数字"] });
});

test("sanitizeDocument copies plain data and accepts null-prototype objects", () => {
  const input = Object.assign(Object.create(null), { a: [1, { b: "c" }], d: undefined });
  const { value, errors } = sanitizeDocument(input);
  assert.equal(errors, {});
  assert.equal(value, { a: [1, { b: "c" }] });
  assert.is(Object.getPrototypeOf(value), Object.prototype);
});

test("relaxSchema strips completeness keywords from every subschema, including $defs, and nothing else", () => {
  const schema = {
    type: "object",
    required: ["required"],
    properties: {
      required: { type: "string", minLength: 1, maxLength: 5 }, // a field that happens to be called "required"
      list: { type: "array", minItems: 1, maxItems: 3, items: { $ref: "#/$defs/item" } },
    },
    $defs: { item: { type: "object", required: ["x"], properties: { x: { type: "string", minLength: 2 } } } },
  };
  assert.equal(relaxSchema(schema), {
    type: "object",
    properties: {
      required: { type: "string", maxLength: 5 },
      list: { type: "array", maxItems: 3, items: { $ref: "#/$defs/item" } },
    },
    $defs: { item: { type: "object", properties: { x: { type: "string" } } } },
  });
  assert.equal(schema.required, ["required"], "the original is untouched");
});

test("validators are compiled once per schema content and mode", () => {
  const def = forms["profile"];
  const full = createValidator(def);
  assert.is(createValidator(def), full);
  assert.is(createValidator({ schema: clone(def.schema) }), full, "same content, another object");
  assert.is.not(createValidator(def, "draft"), full);
  const changed = clone(def.schema);
  (changed.properties as Record<string, { maxLength: number }>).name.maxLength = 10;
  assert.is.not(createValidator({ schema: changed }), full);
  assert.is(createValidator({ schema: clone(def.schema) }, "full", "some-hash"), createValidator({ schema: clone(def.schema) }, "full", "some-hash"));
});

test("rules from outside the definition (batch eligibility) run in full mode only", () => {
  const rules = [{ id: "unit", path: "/workUnit", message: "工作单位 本批次仅限设计单位", logic: { in: ["设计", { var: "workUnit" }] } }];
  const doc = { ...basicSample, workUnit: "新疆某施工企业" };
  assert.equal(validateDocument(basic, doc, { rules }).errors, { "/workUnit": ["工作单位 本批次仅限设计单位"] });
  assert.ok(validateDocument(basic, doc, { rules, mode: "draft" }).ok);
  assert.ok(validateDocument(basic, basicSample, { rules }).ok);
});

test("context reaches the definition's rules", () => {
  const born = { ...basicSample, birthDate: "2030-01-01" };
  const errors = validateDocument(basic, born, { context: { today: "2029-12-31" } }).errors;
  assert.ok(errors["/birthDate"].includes("出生日期 不能晚于今天"));
});

test("canonicalJson sorts keys at every level and keeps arrays in order", () => {
  assert.is(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null }, u: undefined }), '{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  assert.is(canonicalJson(JSON.parse('{"__proto__": 1, "a": 2}')), '{"__proto__":1,"a":2}');
  assert.is(canonicalJson(undefined), "null");
});

test("hashDefinition: sha256 of canonical JSON, independent of key order", () => {
  const def: FormDefinition = forms["profile"];
  const hash = hashDefinition(def);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.is(hash, createHash("sha256").update(canonicalJson(def)).digest("hex"));
  const reordered = Object.fromEntries(Object.entries(def).reverse());
  reordered.schema = Object.fromEntries(Object.entries(def.schema).reverse());
  assert.is(hashDefinition(reordered), hash);
  assert.is.not(hashDefinition({ ...def, version: 2 }), hash);
  assert.is.not(hashDefinition({ ...def, title: def.title + " " }), hash);
});

test("必填 on a list means at least one row: [] and a missing list are refused on 下一步, kept on 暂存", () => {
  const noSpecialties = clone(basicSample) as Record<string, unknown>;
  delete noSpecialties.specialties;
  assert.equal(validateDocument(basic, noSpecialties).errors["/specialties"], ["申报专业 为必填项"], "基本信息 v5: 申报专业 is required");
  assert.equal(validateDocument(basic, { ...clone(basicSample), specialties: [] }).errors["/specialties"], ["申报专业 至少填写1项"]);
  // A designer-made 必填 list has no minItems: required alone let [] through.
  const def = { schema: { type: "object", title: "测试", required: ["rows"], properties: { rows: { type: "array", title: "明细", maxItems: 5, items: { type: "string", maxLength: 10 } }, extra: { type: "array", title: "附加", maxItems: 5, items: { type: "string", maxLength: 10 } } } } };
  assert.equal(validateDocument(def, { rows: [], extra: [] }).errors, { "/rows": ["明细 至少填写1项"] }, "only the required list");
  assert.ok(validateDocument(def, { rows: ["a"], extra: [] }).ok);
  assert.ok(validateDocument(def, { rows: [] }, { mode: "draft" }).ok, "暂存 keeps an empty list");
  assert.ok(validateDocument(def, { rows: [] }, { mode: "draft" }).ok);
});

test.run();
