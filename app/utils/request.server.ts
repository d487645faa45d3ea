// Reading requests safely: client IP, CSRF-checked form data with size limits, and 4xx responses.
import { FORM_MAX_BYTES } from "./body-limits";
import { verifyCsrf } from "./csrf.server";
import { httpError, type RequestHead } from "./http.server";

export { httpError };

export type AppLoadContext = { ip?: string; cspNonce?: string };

export function clientIp(context: unknown): string {
  return ((context as AppLoadContext | undefined)?.ip ?? "unknown").slice(0, 64);
}

const MAX_FORM_BYTES = FORM_MAX_BYTES;

/**
 * The one way actions read a urlencoded form: refuses bodies that are too large or not a form,
 * and refuses any request whose CSRF token does not match the cookie (403).
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw httpError(415, "请求格式不正确");
  }
  let form: FormData;
  try {
    const text = await readLimited(request, MAX_FORM_BYTES);
    form = type.startsWith("multipart/")
      ? await new Response(text, { headers: { "content-type": type } }).formData()
      : toFormData(new URLSearchParams(text));
  } catch (e) {
    if (e instanceof Response) throw e;
    throw httpError(400, "无法读取提交的内容");
  }
  await verifyCsrf(request, String(form.get("_csrf") ?? ""));
  return form;
}

/** What the readers of form fields need: a FormData, or the URLSearchParams of a plain endpoint. */
export type FormInput = { get(name: string): FormDataEntryValue | null };

/** readForm for a urlencoded body the server has already read whole (the plain endpoints). */
export async function readFormText(request: RequestHead, text: string): Promise<FormInput> {
  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) throw httpError(415, "请求格式不正确");
  if (Buffer.byteLength(text) > MAX_FORM_BYTES) throw httpError(413, "提交的内容过大");
  const form = new URLSearchParams(text);
  await verifyCsrf(request, form.get("_csrf") ?? "");
  return form;
}

function toFormData(params: URLSearchParams): FormData {
  const f = new FormData();
  for (const [k, v] of params) f.append(k, v);
  return f;
}

// Up to this much of an oversized body is read and dropped, so the client receives the 413
// instead of a reset connection; beyond it the connection is cut.
const DRAIN_LIMIT = 1024 * 1024;

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT) {
      await reader.cancel();
      break;
    }
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw httpError(413, "提交的内容过大");
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Single-line text as stored: NFC-normalised, control characters removed (PostgreSQL refuses NUL,
 * and none belongs in a name or a number), trimmed and cut to `max` characters; never null.
 */
export const cleanText = (v: unknown, max = 200): string => clean(v, max, false);

/**
 * Multi-line text as stored (审核意见 and the like): as cleanText, but line breaks are kept, as LF (a
 * browser sends CR LF); tabs and every other control character are removed.
 */
export const cleanMultilineText = (v: unknown, max = 1000): string => clean(v, max, true);

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

function clean(v: unknown, max: number, multiline: boolean): string {
  if (typeof v !== "string") return "";
  const text = v.normalize("NFC");
  const kept = multiline ? text.replace(/\r\n?/g, "\n").replace(CONTROLS_BUT_LF, "") : text.replace(CONTROLS, "");
  return kept.trim().slice(0, max);
}

/** A single text field of a submitted form. */
export const field = (form: FormInput, name: string, max = 200) => cleanText(form.get(name), max);

/**
 * The row version the user's page showed (field `rowVersion`), for the stale-page check: undefined when
 * the form has none (nothing to compare); 400 when it is there but not a positive integer (a hand-made
 * request must not slip past the check with "abc").
 */
export function rowVersionField(form: FormInput): number | undefined {
  const raw = field(form, "rowVersion", 20);
  if (!raw) return undefined;
  if (!/^[1-9]\d{0,11}$/.test(raw)) throw httpError(400, "页面版本号无效，请刷新页面后重试");
  return Number(raw);
}

/** A single text parameter of the query string. */
export const queryParam = (url: URL, name: string, max = 100) => cleanText(url.searchParams.get(name), max);
