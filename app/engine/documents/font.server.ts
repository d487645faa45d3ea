// The CJK font for printed documents: Noto Sans SC read and parsed once per process, embedded in each
// PDF as a subset of the glyphs that PDF uses. Upstream fontkit 2 is registered instead of
// @pdf-lib/fontkit 1.1.1, whose subsets lose glyphs (pdf-lib#1232, #808); pdf-lib wants a stream from
// the subset, which fontkit 2 no longer offers, so a small adapter adds one.
import fs from "node:fs";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import * as fontkit from "fontkit";
import type { FontkitFont, FontkitSubset } from "fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

const FONT_MODULE = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

let bytes: Uint8Array | undefined;
let parsed: FontkitFont | undefined;

/** The font file's bytes (≈ 10 MB), read on first use. */
export function fontBytes(): Uint8Array {
  if (!bytes) bytes = fs.readFileSync(createRequire(import.meta.url).resolve(FONT_MODULE));
  return bytes;
}

/** The parsed font, shared by every document: parsing the 10 MB file is the expensive part. */
export function cjkFont(): FontkitFont {
  if (!parsed) {
    const font = fontkit.create(fontBytes());
    const createSubset = font.createSubset.bind(font);
    // pdf-lib lays out every string it draws or measures; full OpenType shaping costs ~0.1 ms a line
    // and buys nothing for Han and Latin text, so map code points straight to glyphs (what textWidth
    // measures, too).
    font.layout = (text: string) => ({ glyphs: Array.from(text, (ch) => font.glyphForCodePoint(ch.codePointAt(0)!)) });
    font.createSubset = () => {
      const subset = createSubset() as FontkitSubset & { encodeStream?: () => Readable };
      subset.encodeStream = () => Readable.from([subset.encode()]);
      return subset;
    };
    parsed = font;
  }
  return parsed;
}

// pdf-lib calls fontkit.create(bytes) per embedFont: hand back the shared parsed font instead. Safe to
// share: fontkit reads the font synchronously, and each document gets its own subset.
const adapter = {
  create(data: Uint8Array) {
    return data === fontBytes() ? cjkFont() : fontkit.create(data);
  },
};

/** Embeds Noto Sans SC into `doc` as a subset of the glyphs actually drawn. */
export async function embedCjkFont(doc: PDFDocument): Promise<PDFFont> {
  // pdf-lib's Fontkit type describes @pdf-lib/fontkit; fontkit 2 has the same shape where it matters.
  doc.registerFontkit(adapter as unknown as Parameters<PDFDocument["registerFontkit"]>[0]);
  return doc.embedFont(fontBytes(), { subset: true });
}

const widthCache = new Map<number, number>();

/**
 * Width of `text` at `size` points from per-character advance widths (cached): line breaking measures
 * every candidate break, and fontkit's full layout per measurement would dominate render time. Han
 * text has no kerning, so this matches what is drawn to within a hair for Latin runs.
 */
export function textWidth(text: string, size: number): number {
  const font = cjkFont();
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let w = widthCache.get(cp);
    if (w === undefined) {
      w = font.glyphForCodePoint(cp).advanceWidth;
      widthCache.set(cp, w);
    }
    units += w;
  }
  return (units * size) / font.unitsPerEm;
}

/** Characters the font cannot draw (they would print as empty boxes). */
export function missingGlyphs(text: string): string[] {
  const font = cjkFont();
  const out = new Set<string>();
  for (const ch of text) if (!/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!)) out.add(ch);
  return [...out];
}
