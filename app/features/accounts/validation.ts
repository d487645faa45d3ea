// Field rules for the hand-written account forms (登录, 注册, 个人信息, 用户管理, admin:create), shared by
// browser and server; each returns the Chinese reason a value is refused, or null when it is fine.
import { isCnMobile, isPersonName, normalizeCnMobile, normalizeEmail, normalizePersonName, PERSON_NAME_PROBLEM, textLength } from "~/engine/forms/formats";
import { invisibleCharProblem } from "~/engine/forms/invisible-chars";
import { NAME_MAX } from "./field-limits";

export { NAME_MAX, PHONE_INPUT_MAX } from "./field-limits";

/**
 * What people type or paste as a 手机号 (`+86 138 0013 8000`, full-width digits, dashes) in the canonical
 * 11 digits: the same normaliser as the forms' cn-mobile format (issue 14 §5). Hand-written forms read
 * every phone through this before checking, looking up or storing it.
 */
export const normalizePhone = normalizeCnMobile;

/** An e-mail address as stored: trimmed, NFKC, domain in lower case (the forms' email format does the same). */
export { normalizeEmail };

export const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
export const CODE_RE = /^\d{6}$/;
export const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Returns the reason a password is too weak, or null when it meets the policy. */
export function passwordProblem(pw: string): string | null {
  if (textLength(pw) < 8) return "密码长度至少 8 位";
  if (textLength(pw) > 64) return "密码长度不能超过 64 位";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return "密码须包含大写字母、小写字母、数字、符号中的至少 3 种";
  return null;
}

/** 用户名: 4–32 letters, digits or underscores, starting with a letter. */
export function usernameProblem(u: string): string | null {
  if (!u) return "请输入用户名";
  if (!USERNAME_RE.test(u)) return "用户名须为 4–32 位字母、数字或下划线，且以字母开头";
  return null;
}


/**
 * An account's 姓名 as stored: the forms' person-name normaliser (trimmed, one space, dot look-alikes as ·),
 * so the name 注册 keeps is the one the application's 基本信息 prefills and accepts.
 */
export const normalizeName = normalizePersonName;

/**
 * 姓名 (already through normalizeName): required, at most NAME_MAX characters, and a person's name by the
 * forms' person-name format — letters of any script and the · of minority names; no digits, symbols or
 * emoji — in the same words 基本信息 would refuse it with (an account named 李😀四 could not apply).
 */
export function nameProblem(n: string): string | null {
  if (!n) return "请输入姓名";
  if (textLength(n) > NAME_MAX) return `姓名不能超过 ${NAME_MAX} 个字`;
  if (/[\u0000-\u001f\u007f<>]/.test(n)) return "姓名含有不允许的字符";
  const invisible = freeTextProblem("姓名", n);
  if (invisible) return invisible;
  return isPersonName(n) ? null : `姓名 ${PERSON_NAME_PROBLEM}`;
}

/** 手机号 (already through normalizePhone): required, a mainland mobile number (the forms' cn-mobile format). */
export function phoneProblem(p: string): string | null {
  if (!p) return "请输入手机号";
  if (!isCnMobile(p)) return "请输入正确的 11 位手机号";
  return null;
}

/** 短信验证码: required, six digits. */
export function codeProblem(c: string): string | null {
  if (!c) return "请输入短信验证码";
  if (!CODE_RE.test(c)) return "验证码为 6 位数字";
  return null;
}

/** 电子邮箱: optional; when given, at most 100 characters in the usual shape. */
export function emailProblem(e: string): string | null {
  if (!e) return null;
  if (textLength(e) > 100 || !EMAIL_RE.test(e)) return "请输入正确的电子邮箱";
  return freeTextProblem("电子邮箱", e);
}

/**
 * The check every free-text field of the hand-written forms ends with (the others are fixed patterns that
 * admit no such character): invisible formatting characters such as U+202E are refused (issue 14 §3).
 */
function freeTextProblem(label: string, text: string): string | null {
  const problem = invisibleCharProblem(text);
  return problem && `${label}${problem}`;
}

/** One Chinese message per field of a hand-written form. */
export type FormErrors = Record<string, string | undefined>;

/** Collects the non-null problems of several fields into one object. */
export function collectErrors(checks: Record<string, string | null>): FormErrors | null {
  const errors: FormErrors = {};
  for (const [k, v] of Object.entries(checks)) if (v) errors[k] = v;
  return Object.keys(errors).length ? errors : null;
}
