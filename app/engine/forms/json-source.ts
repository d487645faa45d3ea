// JSON text an administrator typed, read with positions: a syntax error says where (line, column) and
// what, in Chinese; a parsed document knows where each value sits, so a problem found by JSON pointer
// can be shown at its place in the editor. Browser-safe; the same answers on both sides.
import { joinPointer } from "./json-pointer";

export type SourceSpot = { offset: number; line: number; col: number };
export type JsonSyntaxError = SourceSpot & { message: string };
/** Where a value (and, for an object member, its key) starts and ends in the text. */
export type JsonSpan = { from: number; to: number; keyFrom?: number };
export type JsonSourceResult =
  | { ok: true; value: unknown; spans: Map<string, JsonSpan> }
  | { ok: false; error: JsonSyntaxError };

const MAX_DEPTH = 64;

export function lineCol(text: string, offset: number): SourceSpot {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { offset, line, col: offset - start + 1 };
}

export const formatSpot = (s: { line: number; col: number }) => `第${s.line}行第${s.col}列`;

class Stop extends Error {
  constructor(readonly at: number, readonly why: string) {
    super(why);
  }
}

/** Parses `text` as JSON (duplicate keys are an error: which one would count is anybody's guess). */
export function parseJsonSource(text: string): JsonSourceResult {
  const spans = new Map<string, JsonSpan>();
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const describe = (at: number) => (at >= text.length ? "内容意外结束" : `意外的字符「${text[at]}」`);
  const fail = (why?: string): never => {
    throw new Stop(i, why ?? describe(i));
  };

  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) throw new Stop(start, "字符串缺少结尾的双引号");
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) throw new Stop(i, c === 10 ? "字符串中不能直接换行（请用 \\n）" : "字符串中有控制字符");
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, "\\u 后应有 4 位十六进制数字");
          i += 6;
          continue;
        }
        if (!e || !'"\\/bfnrt'.includes(e)) throw new Stop(i, "字符串中的转义不正确");
        i += 2;
        continue;
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };

  const value = (at: string, depth: number, keyFrom?: number): void => {
    if (depth > MAX_DEPTH) fail("嵌套层级过深");
    ws();
    const from = i;
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      const seen = new Set<string>();
      if (text[i] === "}") i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail(text[i] === "}" ? "最后一项后面不能有逗号" : `此处应为用双引号括起的键名，${describe(i)}`);
          const kFrom = i;
          const key = string();
          if (seen.has(key)) throw new Stop(kFrom, `键「${key}」重复`);
          seen.add(key);
          ws();
          if (text[i] !== ":") fail(`键「${key}」后面应为冒号，${describe(i)}`);
          i++;
          value(joinPointer(at, key), depth + 1, kFrom);
          ws();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "}") {
            i++;
            break;
          }
          fail(`此处应为逗号或 }，${describe(i)}`);
        }
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") i++;
      else {
        for (let n = 0; ; n++) {
          ws();
          if (text[i] === "]") fail("最后一项后面不能有逗号");
          value(joinPointer(at, n), depth + 1);
          ws();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "]") {
            i++;
            break;
          }
          fail(`此处应为逗号或 ]，${describe(i)}`);
        }
      }
    } else if (c === '"') {
      string();
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m || m[0] === "-") fail("数字的写法不正确");
      i += m![0].length;
    } else {
      const word = /^(true|false|null)/.exec(text.slice(i, i + 5));
      if (!word) fail(c === "'" ? "字符串必须用双引号" : c === undefined ? "内容意外结束" : `此处应为一个值，${describe(i)}`);
      i += word![0].length;
    }
    spans.set(at, keyFrom === undefined ? { from, to: i } : { from, to: i, keyFrom });
  };

  try {
    ws();
    if (i >= text.length) throw new Stop(0, "内容为空");
    value("", 0);
    ws();
    if (i < text.length) fail(`JSON 已结束，后面还有多余的内容`);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const spot = lineCol(text, Math.min(e.at, text.length));
    return { ok: false, error: { ...spot, message: `JSON 语法错误（${formatSpot(spot)}）：${e.why}` } };
  }
  return { ok: true, value: JSON.parse(text), spans };
}

/** The span of the value at `pointer`, or of its nearest ancestor that exists in the text. */
export function spanAt(spans: Map<string, JsonSpan>, pointer: string): JsonSpan | undefined {
  let p = pointer;
  for (;;) {
    const s = spans.get(p);
    if (s) return s;
    if (p === "") return undefined;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
