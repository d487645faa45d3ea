// Custom string formats that the browser (rjsf) and the server (Ajv) share: 身份证号 (GB 11643),
// 手机号, 统一社会信用代码 (GB 32100) and references to uploaded files, and the one normalisation step
// (issue 14 §5) that turns what people type or paste into each format's canonical spelling before any
// validation. Browser-safe; it imports only the schema walkers (applicable.ts, schema-walk.ts).
import { applicableSchemas, itemSchemas, propertySchemas } from "./applicable";
import { isSchemaNode } from "./schema-walk";
import type { SchemaNode } from "./schema-walk";

export const FORMAT = {
  cnIdCard: "cn-id-card",
  cnMobile: "cn-mobile",
  uscc: "uscc",
  fileRef: "file-ref",
  personName: "person-name",
  orgName: "org-name",
} as const;
export type CustomFormat = (typeof FORMAT)[keyof typeof FORMAT];

// ---- dates -------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2月30日). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isRealDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(utcDayNumber(y, m + 1, 0) * 86_400_000).getUTCDate();
}

/** Days since 1970-01-01 of a (proleptic Gregorian) date; setUTCFullYear, unlike Date.UTC, keeps years < 100. */
export function utcDayNumber(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

/** Today's date in Asia/Shanghai (UTC+8 all year), as YYYY-MM-DD. */
export function todayInShanghai(nowMs: number = Date.now()): string {
  return new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10);
}

// ---- 身份证号 ------------------------------------------------------------------------------------

export interface CnIdCardInfo {
  birthDate: string;
  sex: "男" | "女";
}
export type CnIdCardProblem = "length" | "chars" | "region" | "birthDate" | "checksum";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

/** The GB 11643 (ISO 7064 MOD 11-2) check character for 17 digits, or null if they are not 17 digits. */
export function cnIdCardCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/** Why `value` is not a valid 身份证号, or null if it is. `today` (YYYY-MM-DD) bounds the birth date. */
export function diagnoseCnIdCard(value: unknown, today: string = todayInShanghai()): CnIdCardProblem | null {
  if (typeof value !== "string" || value.length !== 18) return "length";
  if (!/^\d{17}[\dXx]$/.test(value)) return "chars";
  if (value[0] === "0") return "region";
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birth) || birth < "1900-01-01" || birth > today) return "birthDate";
  if (cnIdCardCheckChar(value.slice(0, 17)) !== value[17].toUpperCase()) return "checksum";
  return null;
}

export function parseCnIdCard(value: unknown, today?: string): CnIdCardInfo | null {
  if (diagnoseCnIdCard(value, today) !== null) return null;
  const s = value as string;
  return {
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? "男" : "女",
  };
}

export function isCnIdCard(value: unknown): boolean {
  return diagnoseCnIdCard(value) === null;
}

// ---- 手机号 --------------------------------------------------------------------------------------

export function isCnMobile(value: unknown): boolean {
  return typeof value === "string" && /^1[3-9]\d{9}$/.test(value);
}

// ---- 统一社会信用代码 ------------------------------------------------------------------------------

export type UsccProblem = "length" | "lowercase" | "chars" | "checksum";

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character for the first 17 characters, or null if they are not from the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function diagnoseUscc(value: unknown): UsccProblem | null {
  if (typeof value !== "string" || value.length !== 18) return "length";
  const inAlphabet = (s: string) => [...s].every((ch) => USCC_ALPHABET.includes(ch));
  if (!inAlphabet(value)) return inAlphabet(value.toUpperCase()) ? "lowercase" : "chars";
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return "checksum";
  return null;
}

export function isUscc(value: unknown): boolean {
  return diagnoseUscc(value) === null;
}

// ---- uploaded files ------------------------------------------------------------------------------

/** A stored upload is addressed by the sha256 of its content: `file:<64 lowercase hex>`. */
export function isFileRef(value: unknown): boolean {
  return typeof value === "string" && /^file:[0-9a-f]{64}$/.test(value);
}

// ---- 姓名 ------------------------------------------------------------------------------------------

/**
 * The dots people type between the parts of a transcribed name (买买提·艾力): U+00B7 is the one GB/T
 * 28039-2011 (人名汉语拼音字母拼写规则) and the 公安部 户籍 practice write; ・ (Japanese IME), • ‧ and the
 * half-width katakana dot are its look-alikes.
 */
const NAME_DOTS = /[•‧・･]/gu;

/** What a failed person-name says after the field's label: the forms' message, and 注册's / 个人信息's / 用户管理's. */
export const PERSON_NAME_PROBLEM = "只能由文字组成（少数民族姓名的分隔点请用“·”），不能含有数字、符号或表情";

/**
 * 姓名: letters of any script (rare CJK ideographs in the supplementary planes included) and combining
 * marks, in runs separated by one of · ' ’ - . and space, or by ". " (买买提·艾力, O'Brien, Jean-Luc, J. R.),
 * optionally ending in "." (Jr.); 〇 (U+3007, a number by its category) counts as a letter, as in names.
 * No digits, emoji, symbols or punctuation otherwise: what no 身份证 carries.
 */
export function isPersonName(value: unknown): boolean {
  return typeof value === "string" && /^[\p{L}\p{M}\u3007]+(?:(?:\. |[·'’\-. ])[\p{L}\p{M}\u3007]+)*\.?$/u.test(value);
}

/**
 * 姓名 as stored: trimmed, runs of white space as one space, the dot look-alikes as ·. Deliberately no
 * NFC/NFKC: both rewrite CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) to their unified
 * forms, and a name must keep the character its owner chose.
 */
export function normalizePersonName(value: string): string {
  return value.trim().replace(/\s+/gu, " ").replace(NAME_DOTS, "·");
}

// ---- 单位名称 --------------------------------------------------------------------------------------

/**
 * 单位名称 (工作单位, 回避单位): letters of any script, marks and digits (中铁十二局集团第3工程有限公司), with
 * spaces and the punctuation registered names carry — brackets（）()【】[]［］〔〕《》, · . , ， 、 - － — – _ & ' ’ " “ ” /
 * — and at least one letter. No emoji, no symbols (< > = + $ | ~ ©…) and no other punctuation: a name in the
 * 国家企业信用信息公示系统 has none, and markup typed into it is a mistake or an attack, never a unit.
 */
export function isOrgName(value: unknown): boolean {
  return typeof value === "string" && /\p{L}/u.test(value)
    && /^[\p{L}\p{M}\p{N}（）()【】\[\]［］〔〕《》·.,，、\-－—–_&'’"“”\/ ]+$/u.test(value) && !/^ | $|  /u.test(value);
}

/** Zero-width characters a paste brings along (U+200B–U+200D, U+2060, U+FEFF): invisible, never part of a name. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/gu;

/**
 * 单位名称 as stored: zero-width characters dropped, dot look-alikes (・ • ‧) as ·, trimmed, runs of white
 * space as one space (no NFKC, as for 姓名: ideographs stay as typed).
 */
export function normalizeOrgName(value: string): string {
  return value.replace(ZERO_WIDTH, "").replace(NAME_DOTS, "·").trim().replace(/\s+/gu, " ");
}

// ---- text length ---------------------------------------------------------------------------------

/**
 * Text length as one rule everywhere (issue 14 §5): Unicode code points, as JSON Schema's maxLength counts
 * (Ajv's ucs2length, our browser walker), not UTF-16 units (`.length`), which count 𠮷 (U+20BB7) twice.
 */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// ---- normalisation (issue 14 §5) -----------------------------------------------------------------
//
// One canonical spelling per format, applied on the server (validateDocument) and in the browser (the
// same call, plus the widgets on blur) before validation, so what is stored is canonical. Every
// normaliser is idempotent, never throws, only rewrites spellings of the same value (it never invents
// one: an input that is not a spelling of a valid value stays invalid and is refused with its reason).
// Shared first step: NFKC, so full-width digits and letters (１３８, ｘ) and the ideographic space become
// ASCII; then what each format allows people to type around the value.

/** Spaces (any Unicode space, after NFKC) and the separators people put inside numbers: - – — . ( ). */
const NUMBER_SEPARATORS = /[\s\-\u2010-\u2015\u2212.()]/gu;

function nfkc(value: string): string {
  return value.normalize("NFKC");
}

/**
 * 手机号: NFKC, separators removed, the country code (+86, 0086, or 86 before 11 digits) dropped.
 * `+86 138 0013 8000`, `138-0013-8000`, `１３８００１３８０００` → `13800138000`.
 */
export function normalizeCnMobile(value: string): string {
  const compact = nfkc(value).replace(NUMBER_SEPARATORS, "");
  const m = /^(?:\+86|0086|86)(1\d{10})$/.exec(compact);
  return m ? m[1] : compact;
}

/** 身份证号: NFKC, spaces and separators removed, the check character X in upper case (GB 11643 writes X). */
export function normalizeCnIdCard(value: string): string {
  return nfkc(value).replace(NUMBER_SEPARATORS, "").toUpperCase();
}

/** 统一社会信用代码: NFKC, spaces and separators removed, upper case (GB 32100's alphabet is upper case). */
export function normalizeUscc(value: string): string {
  return nfkc(value).replace(NUMBER_SEPARATORS, "").toUpperCase();
}

/**
 * Dates people type, → YYYY-MM-DD: `1968-5-17`, `1968/5/17`, `1968.5.17` (one separator throughout),
 * `19680517`, `1968年5月17日` (the 日 optional), with any spaces and full-width digits. The result is only
 * re-spelt, not checked: `1968/2/30` becomes `1968-02-30`, which the `date` format then refuses with its
 * reason instead of the field being cleared. Anything else is returned NFKC'd and trimmed.
 */
export function normalizeDate(value: string): string {
  const text = nfkc(value).trim();
  const compact = text.replace(/\s+/gu, "");
  const m =
    /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(compact) ??
    /^(\d{4})()(\d{2})(\d{2})$/.exec(compact) ??
    /^(\d{4})(年)(\d{1,2})月(\d{1,2})日?$/.exec(compact);
  return m ? `${m[1]}-${m[3].padStart(2, "0")}-${m[4].padStart(2, "0")}` : text;
}

/**
 * The dayjs spellings of the same dates, for antd's DatePicker (which parses typed text itself, strictly,
 * and clears what it cannot read). Kept next to normalizeDate, which accepts exactly these and more; the
 * first entry is how the picker shows a date.
 */
export const DATE_INPUT_FORMATS = [
  "YYYY-MM-DD", "YYYY-M-D", "YYYY/MM/DD", "YYYY/M/D", "YYYY.MM.DD", "YYYY.M.D", "YYYYMMDD",
  "YYYY年M月D日", "YYYY年MM月DD日", "YYYY年M月D", "YYYY年MM月DD",
];

/** 电子邮箱: NFKC (a full-width ＠ is an @), trimmed, the domain (after the last @) in lower case. */
export function normalizeEmail(value: string): string {
  const text = nfkc(value).trim();
  const at = text.lastIndexOf("@");
  return at < 0 ? text : text.slice(0, at + 1) + text.slice(at + 1).toLowerCase();
}

/** The normaliser of each string format that has one, by the `format` name schemas use. */
export const NORMALIZERS: Readonly<Record<string, (value: string) => string>> = {
  [FORMAT.cnMobile]: normalizeCnMobile,
  [FORMAT.cnIdCard]: normalizeCnIdCard,
  [FORMAT.uscc]: normalizeUscc,
  [FORMAT.personName]: normalizePersonName,
  [FORMAT.orgName]: normalizeOrgName,
  date: normalizeDate,
  email: normalizeEmail,
};

/**
 * Whether `value` is a string of nothing but white space (U+0020, tabs and line breaks, the ideographic
 * space U+3000 and every other Unicode White_Space character) or empty: text that fills in nothing.
 */
export function isBlankText(value: unknown): boolean {
  return typeof value === "string" && /^\p{White_Space}*$/u.test(value);
}

/**
 * `data` with every string whose applicable schema names a format of NORMALIZERS in its canonical
 * spelling and without the properties whose value is blank text (isBlankText); a new value (the input is
 * not changed), everything else copied as is. Follows `properties`,
 * `patternProperties`, `additionalProperties`, `items`/`prefixItems`/`additionalItems`, local $refs and
 * the branch keywords except `not` (applicable.ts: a format named in any branch that may hold marks a value
 * of that format; a value that fits no branch is refused by validation anyway). Depth is bounded by the data (the server's input guard
 * caps it before this runs). Browser-safe: the server calls it in validateDocument, the forms before
 * validating and when a field loses focus.
 */
export function normalizeDocument(schema: SchemaNode, data: unknown): unknown {
  const walk = (value: unknown, nodes: unknown[]): unknown => {
    if (value === null || typeof value !== "object") {
      if (typeof value !== "string" || nodes.length === 0) return value;
      for (const s of applicableSchemas(schema, nodes, "positive")) {
        const normalize = typeof s.format === "string" ? NORMALIZERS[s.format] : undefined;
        if (normalize) return normalize(value);
      }
      return value;
    }
    const schemas = nodes.length ? applicableSchemas(schema, nodes, "positive") : [];
    if (Array.isArray(value)) return value.map((item, i) => walk(item, itemSchemas(schemas, i, "positive")));
    // fromEntries defines own properties: a "__proto__" key (refused later by the server's guard) stays data.
    // A property holding only spaces is not filled in: it is dropped, so `required` names it (a required
    // address of five spaces was accepted, then printed and shown to reviewers as a blank).
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, v]) => [key, walk(v, propertySchemas(schemas, key))])
        .filter(([, v]) => !isBlankText(v)),
    );
  };
  return walk(data, [schema]);
}

// ---- registration --------------------------------------------------------------------------------

/** The part of Ajv's API we need; structural so any Ajv 8 build (ours, rjsf's) fits. */
export interface FormatRegistry {
  addFormat(name: string, format: { type: "string"; validate: (value: string) => boolean }): unknown;
}

export const FORMAT_VALIDATORS: Record<CustomFormat, (value: unknown) => boolean> = {
  [FORMAT.cnIdCard]: isCnIdCard,
  [FORMAT.cnMobile]: isCnMobile,
  [FORMAT.uscc]: isUscc,
  [FORMAT.fileRef]: isFileRef,
  [FORMAT.personName]: isPersonName,
  [FORMAT.orgName]: isOrgName,
};

export function addCustomFormats<T extends FormatRegistry>(ajv: T): T {
  for (const [name, validate] of Object.entries(FORMAT_VALIDATORS)) ajv.addFormat(name, { type: "string", validate });
  return ajv;
}
