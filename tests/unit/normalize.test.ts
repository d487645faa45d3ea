import "../setup/guard";
// One canonical spelling per format (issue 14 §5): property tests for every normaliser (idempotent; the
// spellings people type map to the canonical value; the output is valid only when the input was a
// spelling of a valid value), and normalizeDocument over properties, arrays, $refs and branch keywords,
// through validateDocument as the server runs it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as fc from "fast-check";
import {
  cnIdCardCheckChar,
  isCnIdCard,
  isCnMobile,
  isIsoDate,
  isUscc,
  normalizeCnIdCard,
  normalizeCnMobile,
  normalizeDate,
  isBlankText,
  normalizeDocument,
  normalizeEmail,
  normalizeUscc,
  textLength,
  usccCheckChar,
} from "~/engine/forms/formats";
import { compileSchema, validateDocument } from "~/engine/forms/validate";
import { NAME_MAX, PHONE_INPUT_MAX, nameProblem, normalizePhone, phoneProblem } from "~/features/accounts/validation";
import { codePointCount } from "~/components/form/text-count";
import type { SchemaNode } from "~/engine/forms/schema-walk";

const RUNS = { numRuns: 300 };
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(""));
/** Full-width form of ASCII digits/letters (what Chinese input methods type in 全角 mode). */
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Splits `s` at random places with random separators people use (spaces, ideographic space, hyphens). */
const spaced = (s: string) =>
  fc.array(fc.constantFrom("", "", " ", "\u3000", "-", "  "), { minLength: s.length, maxLength: s.length }).map((seps) => [...s].map((c, i) => c + seps[i]).join(""));

// ---- generators of valid canonical values -------------------------------------------------------

const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`);
const idCard = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(5), fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2020-12-31T00:00:00Z"), noInvalidDate: true }), digits(3))
  .map(([r, region, d, seq]) => {
    const first17 = `${r}${region}${d.toISOString().slice(0, 10).replace(/-/g, "")}${seq}`;
    return first17 + cnIdCardCheckChar(first17);
  });
const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const uscc = fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 }).map((a) => a.join("") + usccCheckChar(a.join("")));
const isoDate = fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

// ---- generators of spellings ----------------------------------------------------------------------

const mobileSpelling = (m: string) =>
  fc.tuple(fc.constantFrom("", "+86", "+86 ", "0086", "0086 ", "86", "＋８６ "), spaced(m), fc.boolean()).map(([cc, body, wide]) => (wide ? fullWidth(cc + body) : cc + body));
const idSpelling = (id: string) =>
  fc.tuple(spaced(id), fc.boolean(), fc.boolean()).map(([s, lower, wide]) => {
    const t = lower ? s.toLowerCase() : s;
    return wide ? fullWidth(t) : t;
  });
const usccSpelling = (u: string) =>
  fc.tuple(spaced(u), fc.boolean(), fc.boolean()).map(([s, lower, wide]) => {
    const t = lower ? s.toLowerCase() : s;
    return wide ? fullWidth(t) : t;
  });
const dateSpelling = (iso: string) => {
  const [y, m, d] = iso.split("-");
  const short = (x: string) => String(Number(x));
  return fc
    .tuple(fc.boolean(), fc.boolean(), fc.constantFrom("-", "/", ".", "", "年"), fc.boolean(), fc.constantFrom("", " "))
    .map(([shortM, shortD, sep, wide, pad]) => {
      const mm = shortM && sep !== "" ? short(m) : m;
      const dd = shortD && sep !== "" ? short(d) : d;
      const text = sep === "年" ? `${y}年${mm}月${dd}日` : `${y}${sep}${mm}${sep}${dd}`;
      return pad + (wide ? fullWidth(text) : text) + pad;
    });
};

// ---- the listed spellings (the issue's own examples) ---------------------------------------------

test("the spellings of issue 14 map to the canonical value", () => {
  for (const s of ["138 0013 8000", "+86 138 0013 8000", "+8613800138000", "0086 138-0013-8000", "１３８００１３８０００", "138\u30000013\u30008000", "(138) 0013 8000"]) {
    assert.is(normalizeCnMobile(s), "13800138000", s);
  }
  assert.is(normalizeCnIdCard("11010519491231002x"), "11010519491231002X");
  assert.is(normalizeCnIdCard("110105 19491231 002x"), "11010519491231002X");
  assert.is(normalizeUscc("91350100m000100y43"), "91350100M000100Y43");
  for (const s of ["1968/5/17", "1968.5.17", "19680517", "1968年5月17日", "1968-5-17", "1968-05-17", " 1968 年 5 月 17 日 ", "１９６８年５月１７日"]) {
    assert.is(normalizeDate(s), "1968-05-17", s);
  }
  assert.is(normalizeEmail("  Zhang.San@Example.COM "), "Zhang.San@example.com");
  assert.is(normalizeEmail("zhangsan＠example.com"), "zhangsan@example.com");
});

test("an impossible date is re-spelt, not cleared, and the date format still refuses it", () => {
  assert.is(normalizeDate("1968/2/30"), "1968-02-30");
  assert.not.ok(isIsoDate(normalizeDate("1968/2/30")));
  assert.is(normalizeDate("明天"), "明天");
  const r = validateDocument({ schema: { type: "object", properties: { d: { type: "string", format: "date", title: "出生日期" } } } }, { d: "1968年2月30日" });
  assert.not.ok(r.ok);
  assert.ok(r.errors["/d"]?.length, "refused with a reason");
});

// ---- properties per format -----------------------------------------------------------------------

type Case = { name: string; normalize: (s: string) => string; valid: (s: string) => boolean; value: fc.Arbitrary<string>; spell: (v: string) => fc.Arbitrary<string> };
const CASES: Case[] = [
  { name: "cn-mobile", normalize: normalizeCnMobile, valid: isCnMobile, value: mobile, spell: mobileSpelling },
  { name: "cn-id-card", normalize: normalizeCnIdCard, valid: isCnIdCard, value: idCard, spell: idSpelling },
  { name: "uscc", normalize: normalizeUscc, valid: isUscc, value: uscc, spell: usccSpelling },
  { name: "date", normalize: normalizeDate, valid: isIsoDate, value: isoDate, spell: dateSpelling },
];

/** Strings near each format: random mixes of its characters, separators and full-width forms. */
const noise = fc.string({ unit: fc.constantFrom(..."0123456789０１８xXaAyY+-/. 年月日\u3000"), maxLength: 24 });

for (const c of CASES) {
  test(`${c.name}: every generated spelling of a valid value normalises to that value`, () => {
    fc.assert(fc.property(c.value.chain((v) => fc.tuple(fc.constant(v), c.spell(v))), ([v, s]) => c.normalize(s) === v), RUNS);
  });

  test(`${c.name}: idempotent, on valid spellings and on noise`, () => {
    fc.assert(fc.property(fc.oneof(c.value.chain(c.spell), noise, fc.string()), (s) => c.normalize(c.normalize(s)) === c.normalize(s)), RUNS);
  });

  test(`${c.name}: the output is valid only when the input spells a valid value`, () => {
    // Valid output ⇒ the input, read as the user sees it (NFKC, no spaces or separators), holds exactly
    // that value's characters (a country code or date words aside): nothing is invented or dropped.
    fc.assert(
      fc.property(fc.oneof(noise, fc.string(), c.value.chain(c.spell)), (s) => {
        const out = c.normalize(s);
        if (!c.valid(out)) return true;
        const seen = s.normalize("NFKC").toUpperCase().replace(/[^0-9A-Z]/g, "");
        const kept = out.replace(/[^0-9A-Z]/g, "");
        if (c.name === "cn-mobile") return seen === kept || seen === `86${kept}` || seen === `0086${kept}`;
        if (c.name === "date") return seen.replace(/^(\d{4})(\d)(?=\d{2}$|\d$)/, "$10$2") === kept || Number(seen) === Number(kept) || sameDate(s, out);
        return seen === kept;
      }),
      RUNS,
    );
  });
}

/** For the date property: y, m and d read from the digit groups of `s` equal those of `iso`. */
function sameDate(s: string, iso: string): boolean {
  const groups = s.normalize("NFKC").match(/\d+/g) ?? [];
  const [y, m, d] = iso.split("-").map(Number);
  if (groups.length === 1) return groups[0] === iso.replace(/-/g, "");
  return groups.length === 3 && Number(groups[0]) === y && Number(groups[1]) === m && Number(groups[2]) === d;
}

test("email: idempotent, local part kept as typed, domain lower case", () => {
  fc.assert(
    fc.property(fc.emailAddress(), fc.constantFrom("", " ", "\u3000"), (e, pad) => {
      const mixed = e.replace(/@(.*)$/, (_, d: string) => "@" + d.toUpperCase());
      const out = normalizeEmail(pad + mixed + pad);
      return out === e.replace(/@(.*)$/, (_, d: string) => "@" + d.toLowerCase()) && normalizeEmail(out) === out;
    }),
    RUNS,
  );
});

// ---- the document walker ---------------------------------------------------------------------------

const PHONE = { type: "string", format: "cn-mobile", maxLength: 11 };
const SCHEMA: SchemaNode = {
  type: "object",
  $defs: { phone: PHONE, person: { type: "object", properties: { id: { type: "string", format: "cn-id-card" } } } },
  properties: {
    phone: { $ref: "#/$defs/phone", title: "手机号" },
    name: { type: "string", maxLength: 3 },
    birth: { type: "string", format: "date" },
    units: { type: "array", items: { type: "object", properties: { uscc: { type: "string", format: "uscc" } } } },
    pair: { type: "array", prefixItems: [{ type: "string", format: "date" }], items: { type: "string", format: "cn-mobile" } },
    me: { $ref: "#/$defs/person" },
    kind: { type: "string" },
    mail: { anyOf: [{ type: "string", format: "email" }, { type: "null" }] },
    more: { type: "object", properties: { note: { type: "string" } }, patternProperties: { "^m": { type: "string", format: "cn-mobile" } }, additionalProperties: { type: "string", format: "date" } },
  },
  if: { properties: { kind: { const: "org" } } },
  then: { properties: { orgCode: { type: "string", format: "uscc" } } },
  else: { properties: { homePhone: { type: "string", format: "cn-mobile" } } },
  allOf: [{ properties: { start: { type: "string", format: "date" } } }],
  dependencies: { kind: { properties: { contact: { oneOf: [{ type: "string", format: "cn-mobile" }] } } } },
};

test("normalizeDocument: properties, $refs, arrays, tuples and every branch keyword", () => {
  const input = {
    phone: "+86 138 0013 8000",
    name: "138 0013", // no format: untouched
    birth: "1968年5月17日",
    units: [{ uscc: "91350100m000100y43" }],
    pair: ["1968/5/17", "138 0013 8000"],
    me: { id: "11010519491231002x" },
    kind: "org",
    mail: " a@B.CN ",
    orgCode: "91350100m000100y43",
    homePhone: "0086 138 0013 8000",
    start: "2024.1.2",
    contact: "+86 139 0000 0000",
    more: { note: "20240102", m1: "+86 138 0013 8000", extra: "20240102" },
  };
  const before = JSON.stringify(input);
  const out = normalizeDocument(SCHEMA, input);
  assert.equal(out, {
    phone: "13800138000",
    name: "138 0013",
    birth: "1968-05-17",
    units: [{ uscc: "91350100M000100Y43" }],
    pair: ["1968-05-17", "13800138000"],
    me: { id: "11010519491231002X" },
    kind: "org",
    mail: "a@b.cn",
    orgCode: "91350100M000100Y43",
    homePhone: "13800138000",
    start: "2024-01-02",
    contact: "13900000000",
    more: { note: "20240102", m1: "13800138000", extra: "2024-01-02" },
  });
  assert.is(JSON.stringify(input), before, "the input is not changed");
});

test("normalizeDocument: recursive $refs end, non-strings and unknown shapes are left alone", () => {
  const tree: SchemaNode = { $ref: "#/$defs/node", $defs: { node: { type: "object", allOf: [{ $ref: "#/$defs/node" }], properties: { p: { type: "string", format: "cn-mobile" }, kids: { type: "array", items: { $ref: "#/$defs/node" } } } } } };
  assert.equal(normalizeDocument(tree, { p: "138 0013 8000", kids: [{ p: "+8613900000000", kids: [] }] }), { p: "13800138000", kids: [{ p: "13900000000", kids: [] }] });
  assert.equal(normalizeDocument(SCHEMA, { phone: 13800138000, units: "x", me: null }), { phone: 13800138000, units: "x", me: null });
  assert.equal(normalizeDocument(SCHEMA, "138 0013 8000"), "138 0013 8000");
});

test("a field of nothing but spaces is not filled in: dropped, so 下一步 names it as required; 暂存 stores it absent", () => {
  const schema: SchemaNode = {
    type: "object",
    required: ["address"],
    properties: { address: { type: "string", title: "通讯地址", maxLength: 100 }, title: { type: "string", title: "职称" }, jobs: { type: "array", items: { type: "object", properties: { post: { type: "string", title: "职务" } } } } },
  };
  for (const blank of ["     ", "\u3000\u3000", " \t\n ", ""]) {
    const full = validateDocument({ schema }, { address: blank });
    assert.not.ok(full.ok, JSON.stringify(blank));
    assert.match(JSON.stringify(full.errors), "通讯地址");
    const draft = validateDocument({ schema }, { address: blank, title: " ", jobs: [{ post: "\u3000" }] }, { mode: "draft" });
    assert.ok(draft.ok, JSON.stringify(draft.errors));
    assert.equal(draft.data, { jobs: [{}] }, "blank answers are stored absent, in lists too");
  }
  // Text with spaces around it is text: kept as typed.
  const kept = validateDocument({ schema }, { address: " 乌鲁木齐市 " });
  assert.ok(kept.ok);
  assert.equal(kept.data, { address: " 乌鲁木齐市 " });
  assert.ok(isBlankText("\u00a0\u2003"));
  assert.not.ok(isBlankText("\u200b"), "a zero-width space is not white space: the invisible-character check refuses it");
  assert.not.ok(isBlankText(0));
});

test("validateDocument stores the canonical spelling, and a pasted phone passes maxLength 11", () => {
  const schema: SchemaNode = { type: "object", properties: { phone: PHONE, id: { type: "string", format: "cn-id-card" }, birth: { type: "string", format: "date" } } };
  const r = validateDocument({ schema }, { phone: "+86 138 0013 8000", id: "11010519491231002x", birth: "1968年5月17日" });
  assert.ok(r.ok, JSON.stringify(r.errors));
  assert.equal(r.data, { phone: "13800138000", id: "11010519491231002X", birth: "1968-05-17" });
  // The browser's walker (compiled per schema, so a fresh schema object) gives the same answer.
  const bad = validateDocument({ schema: { ...schema } }, { phone: "138 0013 800" });
  assert.not.ok(bad.ok);
});

// ---- text length: code points everywhere (issue 14 §5) ----------------------------------------------

test("a name with 𠮷 at the limit is accepted by 注册's check, Ajv and the browser walker alike; one more is refused", () => {
  const atLimit = "𠮷" + "王".repeat(NAME_MAX - 1); // NAME_MAX code points, NAME_MAX + 1 UTF-16 units
  assert.is(textLength(atLimit), NAME_MAX);
  assert.is(nameProblem(atLimit), null);
  assert.ok(nameProblem(atLimit + "𠮷"));
  const schema: SchemaNode = { type: "object", properties: { name: { type: "string", maxLength: NAME_MAX } } };
  for (const inBrowser of [false, true]) {
    const validate = compileSchema(schema, inBrowser);
    assert.ok(validate({ name: atLimit }), `at the limit (${inBrowser ? "walker" : "Ajv"})`);
    assert.not.ok(validate({ name: atLimit + "𠮷" }), `over the limit (${inBrowser ? "walker" : "Ajv"})`);
  }
  const count = codePointCount(NAME_MAX);
  assert.is(count.strategy?.(atLimit), NAME_MAX);
  assert.is(count.exceedFormatter?.(atLimit + "𠮷𠮷", { max: NAME_MAX }), atLimit, "a long paste is cut at a code point boundary");
});

test("hand-written forms read phones through the same normaliser", () => {
  assert.is(normalizePhone("+86 138 0013 8000"), "13800138000");
  assert.is(phoneProblem(normalizePhone("0086 138-0013-8000")), null);
  assert.ok(PHONE_INPUT_MAX >= "0086 138 0013 8000".length, "the input cap does not cut a spaced paste");
  fc.assert(fc.property(mobile.chain(mobileSpelling), (s) => s.length > PHONE_INPUT_MAX || phoneProblem(normalizePhone(s)) === null), RUNS);
});

test.run();
