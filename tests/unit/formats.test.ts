import "../setup/guard";
// Custom formats: real valid samples pass; wrong checksums, impossible dates and wrong lengths fail.
// Check characters are cross-checked against independent implementations of the two standards.
import { test } from "uvu";
import * as assert from "uvu/assert";
import Ajv from "ajv";
import {
  addCustomFormats,
  cnIdCardCheckChar,
  diagnoseCnIdCard,
  diagnoseUscc,
  isCnIdCard,
  isCnMobile,
  isFileRef,
  isIsoDate,
  isOrgName,
  isPersonName,
  isUscc,
  normalizeOrgName,
  normalizePersonName,
  parseCnIdCard,
  todayInShanghai,
  usccCheckChar,
} from "~/engine/forms/formats";
import { FILE_REF, ID_CARD_FEMALE, ID_CARD_MALE, USCC_SAMPLE } from "../fixtures/form-samples";

// ISO 7064 MOD 11-2 in its recursive ("pure system") form: no weight table, so it checks ours.
function mod11_2(first17: string): string {
  let p = 0;
  for (const ch of first17) p = ((p + Number(ch)) * 2) % 11;
  const c = (12 - p) % 11;
  return c === 10 ? "X" : String(c);
}

// GB 32100: weights are 3^i mod 31; computed here rather than copied from the code under test.
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
function usccCheck(first17: string): string {
  let sum = 0;
  let w = 1;
  for (const ch of first17) {
    sum += USCC_CHARS.indexOf(ch) * w;
    w = (w * 3) % 31;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

// A tiny deterministic generator, so failures reproduce.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
const pad = (n: number, w: number) => String(n).padStart(w, "0");

test("身份证号: hand-verified real samples are valid and parse", () => {
  // 11010519491231002X is the worked example printed in GB 11643.
  assert.equal(parseCnIdCard("11010519491231002X"), { birthDate: "1949-12-31", sex: "女" });
  assert.equal(parseCnIdCard("11010519491231002x"), { birthDate: "1949-12-31", sex: "女" }, "lowercase x accepted");
  assert.equal(parseCnIdCard(ID_CARD_MALE), { birthDate: "1990-03-07", sex: "男" });
  assert.equal(parseCnIdCard(ID_CARD_FEMALE), { birthDate: "1985-11-20", sex: "女" });
  assert.equal(parseCnIdCard("110105200002290013"), { birthDate: "2000-02-29", sex: "男" }, "leap day of a leap year");
  assert.ok(isCnIdCard("65280119700101002X"));
});

test("身份证号: check character agrees with the recursive MOD 11-2 on 2,000 generated numbers", () => {
  const next = rng(7);
  for (let i = 0; i < 2000; i++) {
    const birth = `${1900 + Math.floor(next() * 120)}${pad(1 + Math.floor(next() * 12), 2)}${pad(1 + Math.floor(next() * 28), 2)}`;
    const first17 = `${1 + Math.floor(next() * 9)}${pad(Math.floor(next() * 1e5), 5)}${birth}${pad(Math.floor(next() * 1000), 3)}`;
    assert.is(cnIdCardCheckChar(first17), mod11_2(first17), first17);
    const id = first17 + mod11_2(first17);
    assert.ok(isCnIdCard(id), id);
    // Every other check character must be refused.
    for (const wrong of "0123456789X") if (wrong !== id[17]) assert.is(diagnoseCnIdCard(first17 + wrong), "checksum");
  }
});

test("身份证号: wrong checksum, impossible or out-of-range dates, wrong lengths and characters fail", () => {
  const make = (first17: string) => first17 + mod11_2(first17);
  assert.is(diagnoseCnIdCard("650102199003071234"), "checksum");
  assert.is(diagnoseCnIdCard("11010519491231002Y"), "chars");
  assert.is(diagnoseCnIdCard(make("65010219900230123")), "birthDate", "2月30日");
  assert.is(diagnoseCnIdCard(make("65010220010229123")), "birthDate", "29 Feb in a common year");
  assert.is(diagnoseCnIdCard(make("65010219901301123")), "birthDate", "month 13");
  assert.is(diagnoseCnIdCard(make("65010219900100123")), "birthDate", "day 0");
  assert.is(diagnoseCnIdCard("440524188001010014"), "birthDate", "GB example from 1880: checksum fine, year < 1900");
  assert.is(diagnoseCnIdCard(make("65010220990101123")), "birthDate", "in the future");
  assert.is(diagnoseCnIdCard(make("65010220250102123"), "2025-01-01"), "birthDate", "tomorrow relative to `today`");
  assert.is(diagnoseCnIdCard(make("65010220250101123"), "2025-01-01"), null, "born today is possible");
  assert.is(diagnoseCnIdCard(make("05010219900307123")), "region", "region code cannot start with 0");
  assert.is(diagnoseCnIdCard("65010219900307123"), "length", "17 chars");
  assert.is(diagnoseCnIdCard("6501021990030712355"), "length", "19 chars");
  assert.is(diagnoseCnIdCard("650102900307123"), "length", "old 15-digit numbers");
  assert.is(diagnoseCnIdCard(""), "length");
  assert.is(diagnoseCnIdCard(650102199003071235), "length", "a number is not a string");
  assert.is(diagnoseCnIdCard("6501021990030X1235"), "chars");
  assert.is(diagnoseCnIdCard(" 65010219900307123"), "chars");
  assert.is(parseCnIdCard("650102199003071234"), null);
  assert.not.ok(isCnIdCard(null));
});

test("手机号: 11 digits starting 13-19", () => {
  for (const ok of ["13800138000", "19912345678", "15009901234", "17712345678"]) assert.ok(isCnMobile(ok), ok);
  for (const bad of ["12345678901", "10012345678", "1380013800", "138001380001", "+8613800138000", "1380013800a", " 13800138000", 13800138000, ""]) {
    assert.not.ok(isCnMobile(bad), String(bad));
  }
});

test("统一社会信用代码: samples, generated codes, and refusals", () => {
  // 91350100M000100Y43 is the worked example printed in GB 32100.
  assert.ok(isUscc(USCC_SAMPLE));
  assert.ok(isUscc("12650000000000000M"));
  assert.is(diagnoseUscc("91350100M000100Y44"), "checksum");
  assert.is(diagnoseUscc("91350100m000100y43"), "lowercase");
  assert.is(diagnoseUscc("91350100I000100Y43"), "chars", "I is not in the alphabet");
  assert.is(diagnoseUscc("91350100M000100Y4"), "length");
  assert.is(diagnoseUscc("91350100M000100Y433"), "length");
  assert.is(diagnoseUscc(null), "length");
  const next = rng(11);
  for (let i = 0; i < 1000; i++) {
    let first17 = "";
    for (let j = 0; j < 17; j++) first17 += USCC_CHARS[Math.floor(next() * 31)];
    assert.is(usccCheckChar(first17), usccCheck(first17), first17);
    const code = first17 + usccCheck(first17);
    assert.ok(isUscc(code), code);
    const wrong = USCC_CHARS[(USCC_CHARS.indexOf(code[17]) + 1 + Math.floor(next() * 30)) % 31];
    assert.not.ok(isUscc(first17 + wrong), `${first17}${wrong}`);
  }
});

test("file-ref: file:<sha256 hex>", () => {
  assert.ok(isFileRef(FILE_REF));
  assert.not.ok(isFileRef(FILE_REF.toUpperCase()));
  assert.not.ok(isFileRef(FILE_REF.slice(0, -1)));
  assert.not.ok(isFileRef(FILE_REF.slice(5)));
  assert.not.ok(isFileRef(`${FILE_REF}0`));
  assert.not.ok(isFileRef("file:../../etc/passwd"));
});

test("姓名: letters of any script with · ' - . and spaces between; no digits, emoji or symbols", () => {
  for (const name of ["王建国", "𠮷王", "买买提·艾力", "阿依古丽·买买提江", "王〇明", "欧阳娜娜", "O'Brien", "Jean-Luc Picard", "J. R. R. Tolkien", "Martin Luther King Jr.", "Zoë", "김민준", "乌兰托娅"]) {
    assert.ok(isPersonName(name), name);
  }
  for (const name of ["王建国😀", "😀", "王1", "测试用户12", "王建国!", "<b>王</b>", "·王", "王·", "王··建", " 王", "王\u200d建", "", "王_建", "王@建"]) {
    assert.not.ok(isPersonName(name), name);
  }
});

test("姓名 normalised: trimmed, one space, dot look-alikes as ·, compatibility ideographs kept", () => {
  assert.is(normalizePersonName("  买买提•艾力 "), "买买提·艾力");
  assert.is(normalizePersonName("买买提・艾力"), "买买提·艾力");
  assert.is(normalizePersonName("Jean   Luc"), "Jean Luc");
  // U+F9D1 (a compatibility ideograph) is not rewritten to U+516D, as NFC/NFKC would.
  assert.is(normalizePersonName("\uf9d1建"), "\uf9d1建");
  assert.ok(isPersonName(normalizePersonName("买买提・艾力")));
});

test("单位名称: letters, digits, brackets and the punctuation registered names carry; no emoji, markup or symbols", () => {
  for (const name of ["新疆建筑设计研究院（有限公司）", "中铁十二局集团第3工程有限公司", "Xinjiang Design Institute Co., Ltd.", "乌鲁木齐市城建&交通设计院", "某设计院/第二分院", "《建筑》杂志社", "𠮷安建设", "第〇工程处"]) {
    assert.ok(isOrgName(name), name);
  }
  for (const name of ["<script>alert(1)</script>", "设计院😀", "😀", "123", "单位=1", "单位$", "单位©", " 单位", "单位 ", "单位  院", "单位\u200b院", "单位\n院", ""]) {
    assert.not.ok(isOrgName(name), name);
  }
  assert.is(normalizeOrgName("  新疆   设计院 "), "新疆 设计院");
  assert.is(normalizeOrgName("乌鲁木齐市・某\u200b设计院\ufeff"), "乌鲁木齐市·某设计院", "a pasted zero-width character goes, a look-alike dot becomes ·");
  for (const name of ["中铁－局集团", "［新疆］某设计院", "〔2020〕某设计院"]) assert.ok(isOrgName(name), name);
  assert.is(normalizeOrgName("\uf9d1建设"), "\uf9d1建设", "compatibility ideographs kept");
});

test("isIsoDate and todayInShanghai", () => {
  assert.ok(isIsoDate("2024-02-29"));
  assert.not.ok(isIsoDate("2023-02-29"));
  assert.not.ok(isIsoDate("2024-2-9"));
  assert.not.ok(isIsoDate("2024-02-29T00:00:00Z"));
  assert.is(todayInShanghai(Date.parse("2024-12-31T16:30:00Z")), "2025-01-01");
  assert.is(todayInShanghai(Date.parse("2024-12-31T15:59:00Z")), "2024-12-31");
});

test("addCustomFormats registers all six formats with Ajv", () => {
  const ajv = addCustomFormats(new Ajv());
  const check = (format: string, value: string) => ajv.validate({ type: "string", format }, value);
  assert.ok(check("cn-id-card", ID_CARD_MALE));
  assert.not.ok(check("cn-id-card", "650102199003071234"));
  assert.ok(check("cn-mobile", "13800138000"));
  assert.not.ok(check("cn-mobile", "23800138000"));
  assert.ok(check("uscc", USCC_SAMPLE));
  assert.not.ok(check("uscc", "91350100M000100Y44"));
  assert.ok(check("file-ref", FILE_REF));
  assert.not.ok(check("file-ref", "file:abc"));
  assert.ok(check("person-name", "买买提·艾力"));
  assert.not.ok(check("person-name", "王建国😀"));
  assert.ok(check("org-name", "新疆建筑设计研究院"));
  assert.not.ok(check("org-name", "<b>设计院</b>"));
});

test.run();
