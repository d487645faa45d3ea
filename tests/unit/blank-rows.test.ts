import "../setup/guard";
// A list item nobody filled in is refused on 下一步 (full mode) and kept on 暂存 (draft mode), named by
// the schema's titles; filled items, numbers and a ticked 否 are answers.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { blankRowErrors, isBlank } from "~/engine/forms/blank-rows";
import { validateDocument } from "~/engine/forms/validate";
import { loadFormFiles } from "../fixtures/form-samples";

const forms = Object.fromEntries(loadFormFiles().map((f) => [f.stem, f.definition]));
const education = forms["expert-education"];

test("blank means nothing typed or chosen, at any depth", () => {
  for (const v of [undefined, null, "", "  \n", [], {}, { a: "", b: [] }, { period: { start: "", end: undefined } }]) assert.ok(isBlank(v), JSON.stringify(v));
  for (const v of [0, false, "x", [1], { a: { b: "  y" } }]) assert.not.ok(isBlank(v), JSON.stringify(v));
});

test("下一步 refuses an empty 教育经历 row by its number; 暂存 keeps it", () => {
  const doc = { education: [{ school: "新疆大学", period: { start: "2008-09-01" } }, {}, { period: {} }] };
  const full = validateDocument(education, doc);
  assert.not.ok(full.ok);
  assert.equal(full.errors, {
    "/education/1": ["教育经历 第2项 未填写任何内容，请填写或删除该项"],
    "/education/2": ["教育经历 第3项 未填写任何内容，请填写或删除该项"],
  });
  const draft = validateDocument(education, doc, { mode: "draft" });
  assert.ok(draft.ok);
  assert.is((draft.data as { education: unknown[] }).education.length, 3, "the draft keeps the rows");
});

test("a row with any answer passes, and nested lists are checked too", () => {
  assert.ok(validateDocument(education, { education: [{ degree: "无" }] }).ok);
  const row = { type: "object", properties: { c: { type: "string", title: "名称" } } };
  const schema = { type: "object", properties: { a: { type: "array", title: "项目", items: { type: "object", properties: { b: { type: "array", title: "成员", items: row } } } } } };
  assert.equal(blankRowErrors(schema, { a: [{ b: [{ c: "x" }, { c: " " }] }] }), [
    { instancePath: "/a/0/b/1", message: "项目 第1项 成员 第2项 未填写任何内容，请填写或删除该项" },
  ]);
});

test.run();
