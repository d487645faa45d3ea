// Patterns an administrator publishes (`pattern`, `patternProperties` keys) run on an RE2 engine (re2js):
// matching takes time linear in the input, whatever the pattern. JavaScript's backtracking RegExp takes
// exponential time on `^(a+)+$` against "aaaa…a!" (issue 14 §1: 29 characters blocked every request for
// seconds), and `maxLength` does not help. Used by the server's Ajv (form-ajv.server.ts, `code.regExp`), the
// browser's walker (interpret.ts) and the definition checker (check-definition.ts), so a pattern means the
// same on all three. Browser-safe.
//
// What RE2 cannot express (backreferences `\1`, lookaround `(?=` `(?!` `(?<=` `(?<!`, `\c` controls,
// repeats above 1000) is refused at publish with the reason. Where RE2 and ECMAScript differ for a pattern
// both accept: `\s` is ASCII whitespace only in RE2 (ECMAScript also counts U+3000 and other Unicode
// spaces), `.` stops only at "\n" (ECMAScript also at "\r", U+2028, U+2029), `\p{…}` knows RE2's Unicode
// tables (scripts and general categories, not ECMAScript's binary properties such as \p{Emoji}).
// `\uXXXX` and `\u{X}` — which RE2 spells `\x{X}` — and `\p{Script=Han}` — RE2's `\p{Han}` — are
// translated, since Chinese ranges such as `[\u4e00-\u9fa5]` are what forms use.
// The engine: on the server from pattern-engine.server.ts (an empty module in the browser bundle); in a
// browser fetched on the first pattern check (loadPatternEngine), so pages without patterns never load it.
import * as serverEngine from "./pattern-engine.server";

/** The part of re2js's RE2JS class used here. */
type Re2 = { compile(pattern: string): { test(input: string): boolean } };

let engine: Re2 | null = (serverEngine as { RE2JS?: Re2 }).RE2JS ?? null;
let loading: Promise<void> | null = null;

/**
 * Loads re2js in a browser (a separate chunk); resolves at once where it is loaded. Until it is, a browser's
 * pattern checks have no opinion (patternVerdict gives undefined): the walker lets the value pass and
 * the server, whose engine is always loaded, has the final word.
 */
export function loadPatternEngine(): Promise<void> {
  if (engine) return Promise.resolve();
  loading ??= import("re2js").then((m) => {
    engine = m.RE2JS;
  });
  return loading;
}

/** Whether patterns can be judged now (always on the server; in a browser once re2js has loaded). */
export function patternEngineReady(): boolean {
  return engine !== null;
}

/** A compiled pattern: what Ajv's `code.regExp` engine must return (a `test` by unanchored search). */
export interface LinearPattern {
  test(input: string): boolean;
  toString(): string;
}

const cache = new Map<string, LinearPattern>();
const MAX_CACHED = 1000;

/**
 * ECMAScript's `\uXXXX` and `\u{X}` escapes in RE2's spelling `\x{X}`; every other character as it is.
 * An escaped backslash (`\\u`) is left alone: the scan steps over every escape pair.
 */
export function toRe2Syntax(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c !== "\\" || i + 1 >= pattern.length) {
      out += c;
      continue;
    }
    const next = pattern[i + 1];
    if (next === "u") {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i + 2));
      const four = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 2));
      if (braced) {
        out += `\\x{${braced[1]}}`;
        i += 1 + braced[0].length;
        continue;
      }
      if (four) {
        out += `\\x{${four[0]}}`;
        i += 5;
        continue;
      }
    }
    if (next === "p" || next === "P") {
      // ECMAScript names a script or category as \p{Script=Han} / \p{gc=L}; RE2 only as \p{Han} / \p{L}.
      const named = /^\{(?:Script|sc|Script_Extensions|scx|General_Category|gc)=([A-Za-z_]+)\}/.exec(pattern.slice(i + 2));
      if (named) {
        out += `\\${next}{${named[1]}}`;
        i += 1 + named[0].length;
        continue;
      }
    }
    out += c + next;
    i += 1;
  }
  return out;
}

/**
 * The linear-time matcher for `pattern` (ECMAScript spelling, as JSON Schema writes it), cached. A
 * pattern RE2 cannot express (refused at publish since issue 14; one published before would otherwise
 * break its form's page and every save with an exception) matches nothing: its field refuses every
 * value with 格式不正确 until the administrator publishes a version the checker accepts. Backtracking is
 * never the fallback. Throws only in a browser still loading re2js (patternVerdict guards that).
 */
export function linearPattern(pattern: string): LinearPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  if (!engine) throw new Error("the pattern engine (re2js) is still loading");
  let compiled: LinearPattern;
  try {
    const re = engine.compile(toRe2Syntax(pattern));
    compiled = { test: (input) => re.test(input), toString: () => `/${pattern}/` };
  } catch (e) {
    console.warn(`pattern /${pattern}/ cannot run on RE2 (${e instanceof Error ? e.message : String(e)}): it matches nothing until the form is republished`);
    compiled = { test: () => false, toString: () => `/${pattern}/` };
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}

/**
 * Whether `input` matches `pattern` (unanchored, as JSON Schema's `pattern`), in linear time; undefined
 * in a browser while re2js is still loading (the first call starts loading it). Throws for a pattern RE2
 * cannot express (the definition checker refuses those).
 */
export function patternVerdict(pattern: string, input: string): boolean | undefined {
  if (!engine) {
    void loadPatternEngine();
    return undefined;
  }
  return linearPattern(pattern).test(input);
}

/** patternVerdict, with "still loading" read as no match (for labels and lookups, never for stripping). */
export function matchesPattern(pattern: string, input: string): boolean {
  return patternVerdict(pattern, input) === true;
}

/**
 * Ajv's `code.regExp` engine: Ajv calls it with each `pattern` and `patternProperties` key (and "u").
 * `code` names it for Ajv's standalone output, which we do not use.
 */
export const ajvRegExpEngine = Object.assign((pattern: string) => linearPattern(pattern), {
  code: 'require("~/engine/forms/patterns").linearPattern',
});

const REASONS: Array<[RegExp, string]> = [
  [/\\[1-9]|\\k</, "不支持反向引用（如 \\1）"],
  [/\(\?<?[=!]/, "不支持前瞻或后顾断言（如 (?=…)、(?!…)）"],
  [/invalid repeat count/, "重复次数不能超过 1000"],
];

/**
 * Why `pattern` cannot be published (in Chinese, naming `where`, e.g. 字段「手机号」), or null when it
 * compiles both as ECMAScript (what JSON Schema says a pattern is) and as RE2 (what we run).
 */
export function patternProblem(pattern: string, where: string): string | null {
  try {
    new RegExp(pattern, "u");
  } catch {
    return `${where}的正则表达式「${pattern}」写法有误`;
  }
  // A browser still loading the engine says nothing more: the server's check, where it is loaded, decides.
  if (!patternEngineReady()) {
    void loadPatternEngine();
    return null;
  }
  try {
    (engine as Re2).compile(toRe2Syntax(pattern));
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const reason = REASONS.find(([re]) => re.test(pattern) || re.test(msg))?.[1] ?? "用到了线性时间引擎（RE2）不支持的写法";
    return `${where}的正则表达式「${pattern}」无法使用：${reason}；请改写为不依赖回溯的写法`;
  }
}
