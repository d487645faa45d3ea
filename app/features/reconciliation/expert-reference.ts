// Finding the payer's 专家编号 in a bill's free text (备注, 商品, 商户数据包 …). Numbers are made by
// app/features/pool/expert-number.server.ts from each batch's format (batches.number_format): letters,
// digits and "-" as written, {year} as four digits, {seq:N} as a counter zero-padded to N digits (it may
// outgrow N). A reference is the first stretch of text that fits one of the formats, not glued to more
// letters or digits on its left or more digits on its right; letters match in either case and come back
// as the format writes them ("xj20250001" → "XJ20250001"), full-width characters count as their ASCII
// forms (NFKC). Pure and browser-safe.

type Part = { literal: string } | { digits: number; exact: boolean };

/** A format ("XJ{year}{seq:4}") as parts; null when it is not a format the batch editor accepts. */
function partsOf(format: string): Part[] | null {
  if (!/^[A-Za-z0-9\-{}:]{1,60}$/.test(format) || !/\{seq(:\d{1,2})?\}/.test(format)) return null;
  const parts: Part[] = [];
  const re = /\{year\}|\{seq(?::(\d{1,2}))?\}|[A-Za-z0-9-]+/g;
  let at = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    if (m.index !== at) return null;
    at = re.lastIndex;
    if (m[0] === "{year}") parts.push({ digits: 4, exact: true });
    else if (m[0].startsWith("{seq")) parts.push({ digits: Math.max(1, Number(m[1] ?? 1)), exact: false });
    else parts.push({ literal: m[0] });
  }
  return at === format.length ? parts : null;
}

const escape = (s: string) => s.replace(/[-]/g, "\\-");

type Compiled = { re: RegExp; parts: Part[] };

function compile(parts: Part[]): Compiled {
  // Each part is one capture group, so the canonical number is rebuilt part by part.
  const body = parts.map((p) => ("literal" in p ? `(${escape(p.literal)})` : `(\\d{${p.digits}${p.exact ? "" : ","}})`)).join("");
  // Not preceded by a letter or digit; not followed by a digit (a longer number is another number).
  return { re: new RegExp(`(?<![A-Za-z0-9])${body}(?!\\d)`, "gi"), parts };
}

export type ReferenceFinder = (texts: readonly (string | null | undefined)[]) => string | null;

/**
 * A finder for the given 专家编号 formats (unusable formats are ignored). It looks through `texts` in
 * order and answers the first number found, in the format's own spelling, or null. With several formats
 * the earliest match in a text wins; at the same position the longer one.
 */
export function referenceFinder(formats: readonly string[]): ReferenceFinder {
  const compiled = [...new Set(formats)].map(partsOf).filter((p): p is Part[] => p !== null).map(compile);
  return (texts) => {
    for (const raw of texts) {
      // Every format has digits; a text without any (ASCII or full-width) holds no number.
      if (!raw || !/[0-9０-９]/.test(raw)) continue;
      const text = /[\uFF00-\uFFEF]/.test(raw) ? raw.normalize("NFKC") : raw;
      let best: { index: number; value: string } | null = null;
      for (const { re, parts } of compiled) {
        re.lastIndex = 0;
        const m = re.exec(text);
        if (!m) continue;
        const value = parts.map((p, i) => ("literal" in p ? p.literal : m[i + 1])).join("");
        if (!best || m.index < best.index || (m.index === best.index && value.length > best.value.length)) best = { index: m.index, value };
      }
      if (best) return best.value;
    }
    return null;
  };
}
