// Line breaking for mixed Chinese/Latin text: a line may break between any two CJK characters, Latin
// words stay whole unless one alone is wider than the line, and the usual Chinese rules hold (no line
// starts with a closing mark such as ，。） and none ends with an opening mark such as （《).
// Pure: widths come from the caller, so this also runs in tests without a font.

export type Measure = (text: string) => number;

// Characters after which, and before which, a line may break: CJK ideographs, kana, Hangul, CJK
// punctuation and full-width forms.
const CJK = /[\u2E80-\u2FFF\u3000-\u30FF\u3100-\u31FF\u3200-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;
const NO_LINE_START = new Set(Array.from("，。、；：？！）】》」』〉”’…—～·％"));
const NO_LINE_END = new Set(Array.from("（【《「『〈“‘"));

/** Splits text into unbreakable tokens: single CJK characters, Latin words, runs of spaces. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let word = "";
  let space = "";
  const flush = () => {
    if (word) tokens.push(word);
    if (space) tokens.push(space);
    word = "";
    space = "";
  };
  for (const ch of text) {
    if (ch === " ") {
      if (word) {
        tokens.push(word);
        word = "";
      }
      space += ch;
    } else if (CJK.test(ch) || (ch > "\u007f" && (NO_LINE_START.has(ch) || NO_LINE_END.has(ch)))) {
      // ASCII punctuation stays inside its word ("example.com", "(A01)").
      flush();
      tokens.push(ch);
    } else {
      if (space) {
        tokens.push(space);
        space = "";
      }
      word += ch;
    }
  }
  flush();
  return tokens;
}

/** Normalises text for printing: tabs and odd white space become spaces, other control characters go. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\t\v\f\u00A0\u2028\u2029]/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F\u200B-\u200F\uFEFF]/g, "");
}

/**
 * Lines of at most `width` (as measured) for `text`; explicit newlines are kept. The first line may be
 * narrowed by `firstIndent` (a paragraph's indent). Always returns at least one line.
 */
export function wrapText(text: string, width: number, measure: Measure, firstIndent = 0): string[] {
  const out: string[] = [];
  for (const para of cleanText(text).split("\n")) {
    out.push(...wrapParagraph(para, width, measure, out.length === 0 ? firstIndent : 0));
  }
  return out.length ? out : [""];
}

function wrapParagraph(text: string, width: number, measure: Measure, indent: number): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let lineWidth = 0;
  let limit = width - indent;
  const push = () => {
    while (line.length && line[line.length - 1].trim() === "") line.pop();
    lines.push(line.join(""));
    line = [];
    lineWidth = 0;
    limit = width;
  };
  const queue = tokenize(text);
  for (let i = 0; i < queue.length; i++) {
    const token = queue[i];
    const w = measure(token);
    if (line.length === 0 && token.trim() === "" && lines.length > 0) continue; // no leading space after a soft break
    if (lineWidth + w <= limit) {
      line.push(token);
      lineWidth += w;
      continue;
    }
    if (token.trim() === "") {
      push(); // the break swallows the space
      continue;
    }
    if (line.length === 0) {
      // A single token wider than the line: a long Latin word or number, broken by character.
      const chars = Array.from(token);
      let part = "";
      for (const ch of chars) {
        if (part && measure(part + ch) > limit) {
          line.push(part);
          push();
          part = "";
        }
        part += ch;
      }
      line.push(part);
      lineWidth = measure(part);
      continue;
    }
    const carry: string[] = [];
    if (NO_LINE_START.has(token) && line.length > 1) {
      // Take the previous character along so the closing mark does not open the next line.
      carry.unshift(line.pop()!);
    }
    while (line.length > 1 && NO_LINE_END.has(line[line.length - 1])) carry.unshift(line.pop()!);
    push();
    for (const c of carry) {
      line.push(c);
      lineWidth += measure(c);
    }
    i--; // place the token on the new line (the single-token branch breaks it if it is still too wide)
  }
  if (line.length || lines.length === 0) push();
  return lines;
}
