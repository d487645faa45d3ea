import "../setup/guard";
// Invisible formatting characters (issue 14 §3): refused in names and every form string with the reason,
// while the joiners writing needs (emoji sequences, Indic/Persian words) pass.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { findInvisibleChar, invisibleCharErrors, invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { emailProblem, nameProblem } from "~/features/accounts/validation";
import { validateDocument } from "~/engine/forms/validate";

const REFUSED = ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200b",
  "\u2060", "\u2062", "\ufeff", "\u00ad", "\ufff9", "\u{e0041}", "\u0085", "\u0007", "\u2028", "\u2029", "\u3164", "\uffa0", "\u115f", "\u2800"];

test("each kind of invisible character is refused, named by its code point, wherever it stands", () => {
  for (const ch of REFUSED) {
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    for (const text of [`${ch}张三`, `张${ch}三`, `张三${ch}`, ch]) assert.is(findInvisibleChar(text), code, JSON.stringify(text));
    assert.match(invisibleCharProblem(`张${ch}三`) ?? "", code);
  }
  assert.is(findInvisibleChar("\u200d张三"), "U+200D", "a joiner with nothing to join");
  assert.is(findInvisibleChar("张\u200c"), "U+200C");
  assert.is(findInvisibleChar("a\u200d\u200db"), "U+200D", "two joiners in a row");
});

test("visible text passes: names, rare characters, emoji sequences with ZWJ, ZWNJ inside a word, ordinary spaces", () => {
  for (const text of ["王建国", "欧阳 娜娜", "阿卜杜拉·买买提", "𠮷野", "Zoë O'Brien", "👨\u200d💻 工程师", "👩🏽\u200d🔬", "می\u200cخواهم", "क्\u200dष", "第一行　全角空格", ""]) {
    assert.is(findInvisibleChar(text), null, JSON.stringify(text));
  }
});

test("the hand-written forms refuse them in 姓名 and 电子邮箱 with the Chinese reason", () => {
  assert.match(nameProblem("张\u202e三") ?? "", /^姓名不能包含不可见的格式字符（U\+202E/);
  assert.match(emailProblem("a\u200b@example.com") ?? "", /^电子邮箱不能包含不可见的格式字符（U\+200B/);
  assert.is(nameProblem("张三"), null);
  assert.is(emailProblem("zhang@example.com"), null);
});

test("every string of a form submission is checked, with its JSON Pointer", () => {
  const data = { name: "张\u202e三", ok: "李四", list: [{ note: "x\u2066y" }, 3, null], "a/b~c": "\ufeff", n: 1, flag: true };
  const errors = invisibleCharErrors(data);
  assert.equal(errors.map((e) => e.instancePath), ["/name", "/list/0/note", "/a~1b~0c"]);
  assert.ok(errors.every((e) => e.message.includes("不可见的格式字符")));
  assert.equal(invisibleCharErrors({ name: "张三", list: ["👨\u200d💻"] }), []);
});

test("multi-line text passes: line feeds, CR LF and tabs (工作内容, 异动原因); a form submission keeps them", () => {
  for (const text of ["第一条\n第二条", "第一条\r\n第二条", "项目\t职务", "\n"]) assert.is(findInvisibleChar(text), null, JSON.stringify(text));
  const definition = { schema: { type: "object", properties: { reason: { type: "string", title: "异动原因", maxLength: 500 } } } };
  const r = validateDocument(definition, { reason: "工作单位迁至伊宁市\n已签订劳动合同" }, { mode: "full" });
  assert.is(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.data, { reason: "工作单位迁至伊宁市\n已签订劳动合同" });
});

test("generated text (fast-check): refused exactly when a Cf/Cc character other than tab, LF, CR is present outside a joining position", () => {
  const piece = fc.oneof(fc.constantFrom("张", "a", " ", "😀", "\n", "\r\n", "\t", ...REFUSED, "\u200d", "\u200c"), fc.string({ unit: "grapheme", maxLength: 3 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join("")), (text) => {
      const found = findInvisibleChar(text);
      const stripped = text.replace(/(?<=[^\p{Cf}\p{Cc}\p{Z}])[\u200c\u200d](?=[^\p{Cf}\p{Cc}\p{Z}])/gu, "");
      const expected = /[\p{Cf}\p{Cc}\u2028\u2029\u115f\u1160\u3164\uffa0\u2800]/u.test(stripped.replace(/[\t\n\r]/g, ""));
      assert.is(found !== null, expected, JSON.stringify(text));
      if (found) assert.ok(text.includes(String.fromCodePoint(parseInt(found.slice(2), 16))), JSON.stringify(text));
    }),
    { numRuns: 2000 },
  );
});

test("form submissions: 下一步 refuses an invisible character on its field, 暂存 keeps the draft", () => {
  const definition = { schema: { type: "object", properties: { name: { type: "string", title: "姓名", maxLength: 50 }, units: { type: "array", items: { type: "string" } } } } };
  const data = { name: "张\u202e三", units: ["甲单位", "乙\u200b单位"] };
  const full = validateDocument(definition, data, { mode: "full" });
  assert.is(full.ok, false);
  assert.match(full.errors["/name"]?.[0] ?? "", "U+202E");
  assert.match(full.errors["/units/1"]?.[0] ?? "", "U+200B");
  assert.is(validateDocument(definition, data, { mode: "draft" }).ok, true);
});

test("an invisible character is the only message on its field: the format's own refusal would mislead", () => {
  const definition = { schema: { type: "object", properties: { workUnit: { type: "string", title: "工作单位", format: "org-name" } } } };
  const full = validateDocument(definition, { workUnit: "新疆‮设计院" }, { mode: "full" });
  assert.is(full.errors["/workUnit"]?.length, 1, JSON.stringify(full.errors));
  assert.match(full.errors["/workUnit"][0], /^不能包含不可见的格式字符（U\+202E/);
});

test.run();
