// Text inputs count characters the way the server does (issue 14 §5): in Unicode code points, as JSON
// Schema's maxLength does in Ajv and in our browser walker. antd's Input, like the HTML maxlength
// attribute, counts UTF-16 units, so a name with 𠮷 (U+20BB7, two units) at the limit was cut in the
// browser and accepted by the server. Use `count={codePointCount(max)}` instead of `maxLength`.
import type { InputProps } from "antd";
import { textLength } from "~/engine/forms/formats";

/**
 * antd's `count` for an input capped at `max` code points: counts code points, and cuts longer input
 * (a paste) at a code point boundary, never inside a surrogate pair.
 */
export function codePointCount(max: number, show = false): NonNullable<InputProps["count"]> {
  return {
    max,
    show,
    strategy: textLength,
    exceedFormatter: (text, { max: limit }) => Array.from(text).slice(0, limit).join(""),
  };
}
