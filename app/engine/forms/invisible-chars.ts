// Invisible formatting characters in typed text (issue 14 §3): a U+202E in a name reverses what reviewers
// see in their lists, zero-width characters make two equal-looking names differ. One check, shared by the
// browser and the server, for the hand-written account forms and for every string of a form submission.

/**
 * What is refused, by Unicode property (so new characters of the same kind are covered):
 * - `\p{Cf}` (format): bidi marks and embeddings/overrides/isolates U+200E/F, U+202A–E, U+2066–9,
 *   U+061C, zero-width space U+200B, word joiner U+2060, invisible operators U+2061–4, BOM U+FEFF,
 *   soft hyphen U+00AD, interlinear annotation U+FFF9–B, tags U+E0001–7F, …;
 * - `\p{Cc}` (controls, C0 and C1) except tab, line feed and carriage return, which multi-line text
 *   (工作内容, 异动原因, 审核意见) is made of; U+2028/U+2029 (line and paragraph separators, which some
 *   viewers break on and others do not);
 * - fillers that render as nothing: Hangul fillers U+115F, U+1160, U+3164, U+FFA0, and U+2800 (blank braille).
 * Allowed, because writing needs them: ZWNJ U+200C and ZWJ U+200D between two visible characters (emoji
 * sequences such as 👨‍💻, Indic and Persian words). Tag characters are refused, so the rare subdivision
 * flags built from them (🏴 + tags) are too: no field of this product needs them.
 * Ordinary spaces (U+0020, U+3000 …) are not this module's business.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u115f\u1160\u3164\uffa0\u2800]/u;
const JOINERS = new Set(["\u200c", "\u200d"]);
const VISIBLE = /[^\p{Cf}\p{Cc}\p{Z}\u115f\u1160\u3164\uffa0\u2800]/u;

/** The first refused character of `text` (as "U+202E"), or null when there is none. */
export function findInvisibleChar(text: string): string | null {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (!INVISIBLE.test(ch)) continue;
    if (JOINERS.has(ch) && VISIBLE.test(chars[i - 1] ?? "") && VISIBLE.test(chars[i + 1] ?? "")) continue;
    return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return null;
}

/** The Chinese reason `text` is refused (naming the character), or null when it has no invisible character. */
export function invisibleCharProblem(text: string): string | null {
  const found = findInvisibleChar(text);
  return found ? `不能包含不可见的格式字符（${found}，如文字方向控制符、零宽字符），请删除后重新输入` : null;
}

/** One refused string of a form submission: where it is (JSON Pointer, as Ajv's instancePath) and why. */
export type InvisibleCharError = { instancePath: string; message: string };

/**
 * Every string in `data` (a form submission: nested objects and arrays) that holds an invisible
 * character, with its JSON Pointer and the Chinese reason. Object keys are not checked (the schema's
 * property names decide them). Depth is bounded by the data itself, which the server has already parsed
 * under its own size limits.
 */
export function invisibleCharErrors(data: unknown, instancePath = ""): InvisibleCharError[] {
  if (typeof data === "string") {
    const message = invisibleCharProblem(data);
    return message ? [{ instancePath, message }] : [];
  }
  if (Array.isArray(data)) return data.flatMap((v, i) => invisibleCharErrors(v, `${instancePath}/${i}`));
  if (data && typeof data === "object") {
    return Object.entries(data).flatMap(([k, v]) => invisibleCharErrors(v, `${instancePath}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return [];
}
