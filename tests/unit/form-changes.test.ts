import "../setup/guard";
// The version diff's sentences (issue 20, acceptance 3): over a fixture change, every added, removed and
// changed field is named — nested ones by their path of titles — with options, required, settings, the
// order of fields and rules; an unchanged form (whatever its version number or key order) says nothing.
import fs from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { describeFormChanges } from "~/engine/forms/form-changes";
import { formAfter, formBefore } from "../fixtures/form-change";

test("the fixture change, sentence by sentence", () => {
  assert.equal(describeFormChanges(formBefore, formAfter).map((c) => c.text), [
    "表单标题改为「示例表单（新）」",
    "字段「学历」选项新增「博士」",
    "字段「学历」选项删除「中专」",
    "字段「学历」控件由「单选」改为「下拉选择」",
    "字段「姓名」改为选填",
    "字段「姓名」最大长度由50改为100",
    "字段「手机号」改为必填",
    "字段「手机号」最大长度由20改为11，占位文字由「请输入手机号」改为「请输入11位手机号」，格式设为「手机号」",
    "新增字段「从事评标工作年限」（必填）",
    "字段「外语」选项顺序有调整",
    "字段「工作经历 › 起止时间 › 结束日期」标题改为「截止日期」",
    "字段「工作经历 › 单位」改为必填",
    "字段「工作经历 › 职务」标题改为「职位」",
    "新增字段「证书」",
    "新增字段「证书 › 证书名称」",
    "新增字段「证书 › 证书编号」",
    "删除字段「备注」",
    "删除字段「工作经历 › 说明」",
    "字段顺序有调整",
    "规则「工作经历 第N项 结束日期不能早于开始日期」改为：工作经历 第N项 截止日期不能早于开始日期",
    "新增规则：从事评标工作年限 不能超过60年",
    "删除规则：请填写姓名",
  ]);
});

test("every added, removed and changed field of the fixture is named by its data path", () => {
  const changes = describeFormChanges(formBefore, formAfter);
  const fieldsOf = (kind: string) => changes.filter((c) => c.kind === kind).map((c) => c.field);
  assert.equal(fieldsOf("added"), ["years", "certs", "certs[]/certName", "certs[]/certNo"]);
  assert.equal(fieldsOf("removed"), ["remark", "jobs[]/note"]);
  assert.equal([...new Set(fieldsOf("changed"))].sort(), ["degree", "jobs[]/period/end", "jobs[]/position", "jobs[]/unit", "langs", "mobile", "name"]);
  // Backwards, each addition is a removal and the other way round.
  const back = describeFormChanges(formAfter, formBefore);
  assert.equal(back.filter((c) => c.kind === "removed").map((c) => c.field), ["years", "certs", "certs[]/certName", "certs[]/certNo"]);
  assert.ok(back.some((c) => c.text === "字段「工作经历 › 职位」标题改为「职务」"));
  assert.ok(back.some((c) => c.text === "字段「姓名」最大长度由100改为50"));
  assert.ok(back.some((c) => c.text === "字段「手机号」最大长度由11改为20，取消格式（原为「手机号」），占位文字由「请输入11位手机号」改为「请输入手机号」"));
});

test("each built-in form: unchanged says nothing (version and key order aside); a removed field is named", () => {
  for (const f of fs.readdirSync("forms").filter((n) => n.endsWith(".json"))) {
    const def = JSON.parse(fs.readFileSync(`forms/${f}`, "utf8"));
    const reordered = JSON.parse(JSON.stringify({ ...def, version: def.version + 1 }, Object.keys(def).reverse()));
    assert.equal(describeFormChanges(def, { ...def, version: def.version + 1 }), [], f);
    assert.equal(describeFormChanges(def, { ...reordered, ...def, version: 9 }), [], f);
    const first = Object.keys(def.schema.properties)[0];
    const less = structuredClone(def);
    delete less.schema.properties[first];
    less.schema.required = (less.schema.required ?? []).filter((n: string) => n !== first);
    const removed = describeFormChanges(def, less).filter((c) => c.kind === "removed");
    assert.ok(removed.length >= 1 && removed[0].field === first, `${f}: ${JSON.stringify(removed)}`);
    assert.is(removed[0].text, `删除字段「${def.schema.properties[first].title ?? first}」`, f);
  }
});

test("half-typed definitions never throw", () => {
  for (const [a, b] of [[null, {}], [{ schema: 3 }, { schema: { properties: [] } }], ["x", { schema: { type: "object", properties: { a: { $ref: "#/nowhere" } } } }]]) {
    assert.ok(Array.isArray(describeFormChanges(a, b)));
  }
});

test.run();
