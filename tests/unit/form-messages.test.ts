import "../setup/guard";
// Ajv errors become Chinese messages keyed by field pointer, naming the field by its schema titles.
import { test } from "uvu";
import * as assert from "uvu/assert";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { addCustomFormats } from "~/engine/forms/formats";
import { fieldLabel, toFieldErrors } from "~/engine/forms/messages";
import type { FieldErrors } from "~/engine/forms/messages";
import { FILE_REF } from "../fixtures/form-samples";

const schema = {
  type: "object",
  title: "测试表单",
  $defs: {
    dateRange: { type: "object", title: "起止时间", properties: { start: { type: "string", format: "date", title: "开始日期" } } },
  },
  properties: {
    name: { type: "string", title: "姓名", minLength: 1, maxLength: 5 },
    code: { type: "string", title: "代码", minLength: 3, pattern: "^[A-Z]+$" },
    idCard: { type: "string", title: "身份证号", format: "cn-id-card" },
    mobile: { type: "string", title: "手机号", format: "cn-mobile" },
    uscc: { type: "string", title: "统一社会信用代码", format: "uscc" },
    photo: { type: "string", title: "一寸免冠照", format: "file-ref" },
    email: { type: "string", title: "电子邮箱", format: "email" },
    birthDate: { type: "string", title: "出生日期", format: "date" },
    gender: { type: "string", title: "性别", enum: ["男", "女"] },
    agree: { const: true, title: "同意承诺" },
    fixed: { const: "A", title: "固定值" },
    age: { type: "integer", title: "年龄", minimum: 18, maximum: 70 },
    score: { type: "number", title: "分数", exclusiveMinimum: 0, exclusiveMaximum: 100, multipleOf: 0.5 },
    tags: { type: "array", title: "标签", items: { type: "string", title: "标签名" }, minItems: 1, maxItems: 2, uniqueItems: true },
    education: {
      type: "array",
      title: "教育经历",
      items: {
        type: "object",
        title: "教育经历",
        properties: { school: { type: "string", title: "学校" }, period: { $ref: "#/$defs/dateRange", title: "在校时间" } },
        required: ["school"],
        additionalProperties: false,
      },
    },
    notThis: { not: { type: "string" }, title: "非文本" },
    untitled: { type: "string" },
  },
  required: ["name", "idCard"],
};

function errorsFor(data: unknown, verbose = true): FieldErrors {
  const ajv = addCustomFormats(new Ajv({ allErrors: true, strict: false, verbose }));
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.not.ok(validate(data), "expected the data to be invalid");
  return toFieldErrors(validate.errors, schema, data);
}

const HAS_CHINESE = /[\u4e00-\u9fa5]/;
function assertAllChinese(errors: FieldErrors) {
  for (const [pointer, messages] of Object.entries(errors)) {
    for (const m of messages) assert.ok(HAS_CHINESE.test(m), `${pointer}: ${m}`);
  }
}

test("fieldLabel: titles along the path, list items as 第N项, $ref titles, fallbacks", () => {
  assert.is(fieldLabel(schema, "/name"), "姓名");
  assert.is(fieldLabel(schema, "/education/1/school"), "教育经历 第2项 学校");
  assert.is(fieldLabel(schema, "/education/0/period"), "教育经历 第1项 在校时间", "the title next to $ref wins");
  assert.is(fieldLabel(schema, "/education/0/period/start"), "教育经历 第1项 在校时间 开始日期");
  assert.is(fieldLabel(schema, "/tags/2"), "标签 第3项");
  assert.is(fieldLabel(schema, ""), "测试表单");
  assert.is(fieldLabel(schema, "/untitled"), "untitled");
  assert.is(fieldLabel(schema, "/nowhere/x"), "nowhere x");
  assert.is(fieldLabel({}, ""), "表单");
});

test("required: reported on the missing field itself, with its title", () => {
  const errors = errorsFor({ education: [{ school: "新疆大学" }, {}] });
  assert.equal(errors["/name"], ["姓名 为必填项"]);
  assert.equal(errors["/idCard"], ["身份证号 为必填项"]);
  assert.equal(errors["/education/1/school"], ["教育经历 第2项 学校 为必填项"]);
});

test("type, minLength, maxLength, pattern", () => {
  const errors = errorsFor({ name: 12, idCard: "11010519491231002X", code: "ab" });
  assert.equal(errors["/name"], ["姓名 类型不正确，应为文本"]);
  assert.equal(errors["/code"], ["代码 至少3个字符", "代码 格式不正确"]);
  assert.equal(errorsFor({ name: "", idCard: "11010519491231002X" })["/name"], ["姓名 不能为空"]);
  assert.equal(errorsFor({ name: "一二三四五六", idCard: "11010519491231002X" })["/name"], ["姓名 不能超过5个字符"]);
});

test("custom formats say precisely what is wrong", () => {
  const base = { name: "张三" };
  assert.equal(errorsFor({ ...base, idCard: "11010519491231002Y" })["/idCard"], ["身份证号 只能由17位数字和末位的数字或X组成"]);
  assert.equal(errorsFor({ ...base, idCard: "110105194912310021" })["/idCard"], ["身份证号 校验位不正确"]);
  assert.equal(errorsFor({ ...base, idCard: "1101051949123100" })["/idCard"], ["身份证号 应为18位"]);
  assert.equal(errorsFor({ ...base, idCard: "440524188001010014" })["/idCard"], ["身份证号 中的出生日期不正确"]);
  assert.equal(errorsFor({ ...base, idCard: "11010519491231002X", uscc: "91350100M000100Y44" })["/uscc"], ["统一社会信用代码 校验位不正确"]);
  assert.equal(errorsFor({ ...base, idCard: "11010519491231002X", uscc: "91350100m000100y43" })["/uscc"], ["统一社会信用代码 中的字母应为大写"]);
  const e = errorsFor({ ...base, idCard: "11010519491231002X", mobile: "1234", photo: "x.png", email: "a@", birthDate: "2023-02-29" });
  assert.equal(e["/mobile"], ["手机号 应为11位手机号码"]);
  assert.equal(e["/photo"], ["一寸免冠照 文件无效，请重新上传"]);
  assert.equal(e["/email"], ["电子邮箱 格式不正确，应为有效的电子邮箱地址"]);
  assert.equal(e["/birthDate"], ["出生日期 应为有效日期（YYYY-MM-DD）"]);
});

test("without `verbose`, the data argument still lets format messages be precise", () => {
  const errors = errorsFor({ name: "张三", idCard: "110105194912310021", photo: FILE_REF }, false);
  assert.equal(errors["/idCard"], ["身份证号 校验位不正确"]);
});

test("enum, const, minimum/maximum, exclusive bounds, multipleOf", () => {
  const errors = errorsFor({ name: "张三", idCard: "11010519491231002X", gender: "未知", agree: false, fixed: "B", age: 17, score: 100 });
  assert.equal(errors["/gender"], ["性别 必须是以下之一：男、女"]);
  assert.equal(errors["/agree"], ["同意承诺 必须勾选"]);
  assert.equal(errors["/fixed"], ["固定值 必须为「A」"]);
  assert.equal(errors["/age"], ["年龄 不能小于18"]);
  assert.equal(errors["/score"], ["分数 应小于100"]);
  const more = errorsFor({ name: "张三", idCard: "11010519491231002X", age: 71, score: 0.3 });
  assert.equal(more["/age"], ["年龄 不能大于70"]);
  assert.equal(more["/score"], ["分数 应为0.5的倍数"]);
  assert.equal(errorsFor({ name: "张三", idCard: "11010519491231002X", score: 0 })["/score"], ["分数 应大于0"]);
});

test("minItems, maxItems, uniqueItems, item types", () => {
  assert.equal(errorsFor({ name: "张三", idCard: "11010519491231002X", tags: [] })["/tags"], ["标签 至少填写1项"]);
  const errors = errorsFor({ name: "张三", idCard: "11010519491231002X", tags: ["a", "a", 3] });
  assert.equal(errors["/tags"], ["标签 最多填写2项", "标签 第2项与第1项重复"]);
  assert.equal(errors["/tags/2"], ["标签 第3项 类型不正确，应为文本"]);
});

test("additionalProperties names the stray key; other keywords fall back to Chinese", () => {
  const errors = errorsFor({ name: "张三", idCard: "11010519491231002X", education: [{ school: "x", extra: 1 }], notThis: "x" });
  assert.equal(errors["/education/0"], ["教育经历 第1项 包含不允许的字段「extra」"]);
  assert.is(errors["/notThis"].length, 1);
  assert.ok(errors["/notThis"][0].startsWith("非文本 "), errors["/notThis"][0]);
  assertAllChinese(errors);
});

test("the whole document's errors use the form title; every message is Chinese", () => {
  const errors = errorsFor("not an object");
  assert.equal(errors[""], ["测试表单 类型不正确，应为对象"]);
  const many = errorsFor({ name: 1, code: 2, idCard: 3, mobile: 4, uscc: 5, photo: 6, gender: 7, tags: 8, education: [1, { school: 2 }], untitled: 9 });
  assert.ok(Object.keys(many).length >= 10);
  assertAllChinese(many);
});

test("`if` errors are left to the branch that failed", () => {
  const conditional = {
    type: "object",
    properties: { kind: { type: "string", title: "类型" }, detail: { type: "string", title: "说明" } },
    if: { properties: { kind: { const: "其他" } } },
    then: { required: ["detail"] },
  };
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(conditional);
  validate({ kind: "其他" });
  assert.equal(toFieldErrors(validate.errors, conditional), { "/detail": ["说明 为必填项"] });
  assert.equal(toFieldErrors(null, conditional), {});
});

test.run();
