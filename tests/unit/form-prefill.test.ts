import "../setup/guard";
// Issue 19 (users retype what the system knows): a definition declares per field that it is prefilled
// from the signed-in account (`ui:options.prefill`, from a fixed list of sources) and that an empty
// date picker opens years back (`ui:options.openYearsAgo`); the checker refuses what it cannot honour.
// Built-in forms keep earlier versions as forms/<key>.v<N>.json, unchanged, beside the latest.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyPrefill, prefillFields, PREFILL_SOURCES } from "~/engine/forms/prefill";
import { pickerOpeningDate } from "~/engine/forms/date-opening";
import { checkFormDefinition } from "~/engine/forms/check-definition";
import { hashDefinition } from "~/engine/forms/hash.server";
import { latestForms, readBuiltInForms } from "~/engine/forms/registry.server";
import type { FormDefinition } from "~/engine/forms/validate";
import { describeFormChanges } from "~/engine/forms/form-changes";

/** A small fixture form: two prefilled text fields (one nested), one in a list, a date that opens back. */
const fixture = (): FormDefinition => ({
  key: "prefill-fixture",
  version: 1,
  title: "预填示例",
  schema: {
    type: "object",
    title: "预填示例",
    properties: {
      who: { type: "string", title: "姓名", maxLength: 50 },
      tel: { type: "string", title: "电话", maxLength: 11 },
      contact: { type: "object", title: "联系人", properties: { mail: { type: "string", title: "邮箱", maxLength: 100 } } },
      rows: { type: "array", title: "列表", maxItems: 3, items: { type: "object", title: "行", properties: { who: { type: "string", title: "姓名", maxLength: 50 } } } },
      born: { type: "string", title: "日期", format: "date", maxLength: 10 },
    },
  },
  uiSchema: {
    who: { "ui:options": { prefill: "account.name" } },
    tel: { "ui:placeholder": "请输入", "ui:options": { prefill: "account.phone" } },
    contact: { mail: { "ui:options": { prefill: "account.email" } } },
    rows: { items: { who: { "ui:options": { prefill: "account.name" } } } },
    born: { "ui:widget": "date", "ui:options": { openYearsAgo: 45 } },
  },
  rules: [],
});

const ACCOUNT = { "account.name": "王五", "account.phone": "13800001111", "account.email": "w@example.com" };

test("prefillFields: the declared text fields, nested objects included, list items not", () => {
  const def = fixture();
  assert.equal(prefillFields(def.schema, def.uiSchema), [
    { path: ["who"], source: "account.name" },
    { path: ["tel"], source: "account.phone" },
    { path: ["contact", "mail"], source: "account.email" },
  ]);
  assert.equal(prefillFields(def.schema, {}), []);
  assert.equal(prefillFields(def.schema, { who: { "ui:options": { prefill: "account.password_hash" } } }), [], "only the fixed sources");
  assert.equal(prefillFields(def.schema, { born: { "ui:options": { prefill: "account.name" } } }).length, 1, "a date is text too");
  assert.equal(PREFILL_SOURCES, ["account.name", "account.phone", "account.email"]);
});

test("applyPrefill fills empty values only, never what was typed or saved, and never changes its input", () => {
  const def = fixture();
  const fields = prefillFields(def.schema, def.uiSchema);
  assert.equal(applyPrefill(fields, {}, ACCOUNT), { who: "王五", tel: "13800001111", contact: { mail: "w@example.com" } });
  const typed = { who: "李四", tel: "", contact: { mail: null }, rows: [{}] };
  const frozen = structuredClone(typed);
  assert.equal(applyPrefill(fields, typed, ACCOUNT), { who: "李四", tel: "13800001111", contact: { mail: "w@example.com" }, rows: [{}] });
  assert.equal(typed, frozen, "the input is not changed");
  const full = { who: "李四", tel: "13900002222", contact: { mail: "l@example.com" } };
  assert.is(applyPrefill(fields, full, ACCOUNT), full, "nothing to fill: the same object");
  assert.equal(applyPrefill(fields, { who: 42, contact: "x" }, ACCOUNT), { who: 42, contact: "x", tel: "13800001111" }, "a wrong value is the validator's business");
  assert.equal(applyPrefill(fields, {}, { "account.name": "王五", "account.email": null, "account.phone": "" }), { who: "王五" }, "an empty source fills nothing");
});

test("pickerOpeningDate: today's month that many years back; nothing without a valid option", () => {
  assert.is(pickerOpeningDate({ openYearsAgo: 45 }, "2026-11-30"), "1981-11-01");
  assert.is(pickerOpeningDate({ openYearsAgo: 0 }, "2024-02-29"), "2024-02-01");
  for (const bad of [undefined, null, {}, { openYearsAgo: -1 }, { openYearsAgo: 2.5 }, { openYearsAgo: "45" }, { openYearsAgo: 151 }]) {
    assert.is(pickerOpeningDate(bad, "2026-11-30"), null, JSON.stringify(bad));
  }
  assert.is(pickerOpeningDate({ openYearsAgo: 45 }, "not a date"), null);
});

test("checkFormDefinition accepts the options where they fit and refuses the rest, in Chinese, at their place", () => {
  assert.equal(checkFormDefinition(fixture()), []);
  const bad = fixture();
  bad.uiSchema = {
    who: { "ui:options": { prefill: "account.password_hash" } },
    contact: { "ui:options": { prefill: "account.name" } },
    tel: { "ui:options": { openYearsAgo: 45 } },
    born: { "ui:widget": "date", "ui:options": { openYearsAgo: 500 } },
  };
  assert.equal(checkFormDefinition(bad), [
    { pointer: "/uiSchema/who/ui:options/prefill", message: "未知的预填来源「account.password_hash」（可用：account.name、account.phone、account.email）" },
    { pointer: "/uiSchema/contact/ui:options/prefill", message: "预填只能用于文字字段" },
    { pointer: "/uiSchema/tel/ui:options/openYearsAgo", message: "openYearsAgo 只能用于日期字段" },
    { pointer: "/uiSchema/born/ui:options/openYearsAgo", message: "openYearsAgo 必须是 0 到 150 的整数（年数）" },
  ]);
});

test("built-in forms: 基本信息 v1 is kept unchanged beside v2, which prefills 姓名/手机号 and opens 出生日期 45 years back", () => {
  const all = readBuiltInForms();
  const basic = all.filter((d) => d.key === "expert-basic-info");
  assert.equal(basic.map((d) => d.version), [1, 2, 3, 4, 5]);
  // The hash every database holding v1 stored (the file as it was published): start-up compares it.
  assert.is(hashDefinition(basic[0]), "c8fb3645a1afac0246b2deee15959018f0f5b2b17122582fa0e0b7a1d8651f37");
  assert.equal(prefillFields(basic[0].schema, basic[0].uiSchema), [], "v1 declares no prefill");
  assert.equal(prefillFields(basic[1].schema, basic[1].uiSchema), [{ path: ["name"], source: "account.name" }, { path: ["mobile"], source: "account.phone" }]);
  assert.is(pickerOpeningDate((basic[1].uiSchema as any).birthDate["ui:options"], "2026-11-30"), "1981-11-01");
  assert.equal(basic[1].schema, basic[0].schema, "v2 changes only how the form is filled in, not what it holds");
  for (const d of basic) assert.equal(checkFormDefinition(d), [], `v${d.version}`);
  const latest = latestForms(all);
  assert.equal(latest.map((d) => d.key), [...new Set(all.map((d) => d.key))]);
  assert.is(latest.find((d) => d.key === "expert-basic-info")!.version, 5);
});

test("a version's change sentences name the options in words, not JSON", () => {
  const [v1, v2, v3real, v4real, v5real] = readBuiltInForms().filter((d) => d.key === "expert-basic-info");
  assert.equal(describeFormChanges(v2, v3real).map((c) => c.text), ["字段「姓名」格式设为「姓名」"]);
  assert.equal(describeFormChanges(v3real, v4real).map((c) => c.text), ["字段「工作单位」格式设为「单位名称」"]);
  assert.equal(describeFormChanges(v4real, v5real).map((c) => c.text), ["字段「通讯地址」控件设为「多行文本」，控件选项 rows 设为2", "字段「申报专业」改为必填"]);
  // 回避单位, 变更回避单位 and 工作经历 v2: the unit names take the same format (v1 kept as forms/<key>.v1.json).
  for (const [key, field] of [["expert-avoidance", "回避单位 › 单位名称"], ["change-avoidance", "回避单位 › 单位名称"], ["expert-work-history", "工作经历 › 单位"]]) {
    const versions = readBuiltInForms().filter((d) => d.key === key);
    assert.equal(versions.map((d) => d.version), [1, 2], key);
    assert.equal(describeFormChanges(versions[0], versions[1]).map((c) => c.text), [`字段「${field}」格式设为「单位名称」`], key);
  }
  assert.equal(describeFormChanges(v1, v2).map((c) => c.text), [
    "字段「姓名」预填来源设为「账号的姓名」",
    "字段「出生日期」日期选择框默认位置设为45年前",
    "字段「手机号」预填来源设为「账号的手机号」",
  ]);
  const v3 = structuredClone(v2) as any;
  v3.uiSchema.birthDate["ui:options"].openYearsAgo = 40;
  v3.uiSchema.remoteReview["ui:options"].inline = false;
  delete v3.uiSchema.mobile["ui:options"];
  assert.equal(describeFormChanges(v2, v3).map((c) => c.text), [
    "字段「出生日期」日期选择框默认位置由45年前改为40年前",
    "字段「手机号」取消预填来源（原为「账号的手机号」）",
    "字段「是否接受远程评标」控件选项 inline 由是改为否",
  ]);
});

test("readBuiltInForms refuses a kept version that is misnamed, not below the latest, or without a latest", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forms-"));
  const write = (file: string, version: number) => fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...fixture(), version }));
  try {
    write("prefill-fixture.json", 3);
    write("prefill-fixture.v1.json", 1);
    write("prefill-fixture.v2.json", 2);
    assert.equal(readBuiltInForms(dir).map((d) => d.version), [1, 2, 3]);
    write("prefill-fixture.v2.json", 1);
    assert.throws(() => readBuiltInForms(dir), /version 1 must be 2, as its name says/);
    write("prefill-fixture.v2.json", 2);
    write("prefill-fixture.json", 2);
    assert.throws(() => readBuiltInForms(dir), /must be below the current forms\/prefill-fixture.json \(version 2\)/);
    fs.rmSync(path.join(dir, "prefill-fixture.json"));
    assert.throws(() => readBuiltInForms(dir), /needs its form's current file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
