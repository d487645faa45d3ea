// Custom string formats that the browser (rjsf) and the server (Ajv) share: 身份证号 (GB 11643),
// 手机号, 统一社会信用代码 (GB 32100) and references to uploaded files. Browser-safe, no dependencies.

export const FORMAT = {
  cnIdCard: "cn-id-card",
  cnMobile: "cn-mobile",
  uscc: "uscc",
  fileRef: "file-ref",
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
};

export function addCustomFormats<T extends FormatRegistry>(ajv: T): T {
  for (const [name, validate] of Object.entries(FORMAT_VALIDATORS)) ajv.addFormat(name, { type: "string", validate });
  return ajv;
}
