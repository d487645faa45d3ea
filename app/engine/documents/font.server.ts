// The fonts of printed documents: a fallback chain in which every character is drawn by the first font
// that has a glyph for it. Noto Sans SC (an npm package) draws everything ordinary; the rare ideographs
// that GB 18030-2022 requires for personal names (CJK Unified Ideographs Extensions A–F, e.g. 𠮷 U+20BB7)
// come from HanaMinB (Debian's fonts-hanazono: Extensions B–F as Unicode 10 defined them) and then
// BabelStone Han (Debian's fonts-babelstone-han: the code points added since, in Unicode 13 and 14, and
// part of Extensions G and H). No npm package carries fonts for these blocks, so the two Debian fonts are
// read from their installed paths (FALLBACK_FONTS); a missing one is reported once at start-up and its
// characters print as empty boxes, as before.
//
// Each font is read and parsed once per process, and only when a character needs it: an ordinary
// document never opens the 30–50 MB fallback files. Each PDF embeds each font it uses as a subset of the
// glyphs drawn. Upstream fontkit 2 parses and subsets instead of @pdf-lib/fontkit 1.1.1, whose subsets
// lose glyphs (pdf-lib#1232, #808); pdf-lib wants a stream from the subset, which fontkit 2 no longer
// offers, so a small adapter adds one.
import fs from "node:fs";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import * as fontkit from "fontkit";
import type { FontkitFont, FontkitSubset } from "fontkit";
import { CustomFontSubsetEmbedder, PDFFont } from "pdf-lib";
import type { PDFDocument } from "pdf-lib";

/** One font of the chain: where it comes from and how to install it when it is missing. */
export interface ChainFont {
  name: string;
  /** Absolute path of the font file. */
  path: string;
  /** What provides it (shown in the start-up warning when the file is missing). */
  provider: string;
}

const PRIMARY: ChainFont = {
  name: "Noto Sans SC",
  path: createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
  provider: "npm 包 @expo-google-fonts/noto-sans-sc",
};

/**
 * The fallbacks, in the order they are tried, at the paths Debian installs them to (README, requirements).
 * HanaMinB covers Extensions B–F except the 14 code points Unicode 13/14 added to B and C; BabelStone Han
 * has those and the 26 added to the URO and Extension A, which Noto Sans SC lacks.
 */
export const FALLBACK_FONTS: readonly ChainFont[] = [
  { name: "HanaMinB", path: "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", provider: "Debian 包 fonts-hanazono" },
  { name: "BabelStone Han", path: "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf", provider: "Debian 包 fonts-babelstone-han" },
];

/** The whole chain: index 0 is the primary font, which also draws what no font has (as .notdef). */
export const FONT_CHAIN: readonly ChainFont[] = [PRIMARY, ...FALLBACK_FONTS];

interface Loaded {
  bytes: Uint8Array;
  font: FontkitFont;
}
/** Per chain index: the loaded font, or null once its file turned out to be missing. */
const loaded: (Loaded | null | undefined)[] = [];

/** Parses `bytes` with the adapters pdf-lib needs (see the file comment). */
function parse(bytes: Uint8Array): FontkitFont {
  const font = fontkit.create(bytes);
  const createSubset = font.createSubset.bind(font);
  // pdf-lib lays out every string it draws or measures; full OpenType shaping costs ~0.1 ms a line and
  // buys nothing for Han and Latin text, so map code points straight to glyphs (what textWidth measures,
  // too). Every string handed to a font here is a run of characters that font has (DocWriter.text).
  font.layout = (text: string) => ({ glyphs: Array.from(text, (ch) => font.glyphForCodePoint(ch.codePointAt(0)!)) });
  font.createSubset = () => {
    const subset = createSubset() as FontkitSubset & { encodeStream?: () => Readable };
    subset.encodeStream = () => Readable.from([subset.encode()]);
    return subset;
  };
  return font;
}

/** Chain font `index`, read and parsed on first use; null when its file is not installed. */
function load(index: number): Loaded | null {
  let entry = loaded[index];
  if (entry === undefined) {
    const { path } = FONT_CHAIN[index];
    if (index > 0 && !fs.existsSync(path)) entry = null;
    else {
      const bytes = fs.readFileSync(path);
      entry = { bytes, font: parse(bytes) };
    }
    loaded[index] = entry;
  }
  return entry;
}

/** The primary font's bytes (Noto Sans SC, ≈ 10 MB), read on first use. */
export function fontBytes(): Uint8Array {
  return load(0)!.bytes;
}

/** The primary font, parsed once and shared by every document: parsing is the expensive part. */
export function cjkFont(): FontkitFont {
  return load(0)!.font;
}

/** Chain font `index` parsed, or null when it is not installed. Loads it if needed. */
export function chainFont(index: number): FontkitFont | null {
  return load(index)?.font ?? null;
}

/** The fallback fonts whose files are missing, with what installs each. Does not read the files. */
export function missingFallbackFonts(): ChainFont[] {
  return FALLBACK_FONTS.filter((f) => !fs.existsSync(f.path));
}

// Reported once when the server loads the documents module (at start-up): printing still works, but
// the rare characters those fonts carry would print as empty boxes, which nobody would notice until a
// signed form came back wrong.
{
  const missing = missingFallbackFonts();
  if (missing.length) {
    console.warn(
      `[documents] 缺少生僻字字体，姓名中的扩展区汉字将无法打印：${missing.map((f) => `${f.name}（${f.path}，由 ${f.provider} 提供）`).join("；")}。` +
        ` 请安装：apt-get install ${[...new Set(missing.map((f) => f.provider.replace(/^Debian 包 /, "")))].join(" ")}`,
    );
  }
}

const fontIndexCache = new Map<number, number>();

/**
 * Index in FONT_CHAIN of the font that draws code point `cp`: the first that has a glyph for it; 0 for
 * white space and for what no font has (so it prints as the primary font's empty box, and extraction
 * still finds the character). Fallback fonts are loaded here, the first time a character needs them.
 */
export function fontIndexFor(cp: number): number {
  let index = fontIndexCache.get(cp);
  if (index === undefined) {
    index = 0;
    if (!cjkFont().hasGlyphForCodePoint(cp) && !/\s/u.test(String.fromCodePoint(cp))) {
      for (let i = 1; i < FONT_CHAIN.length; i++) {
        if (chainFont(i)?.hasGlyphForCodePoint(cp)) {
          index = i;
          break;
        }
      }
    }
    fontIndexCache.set(cp, index);
  }
  return index;
}

/** A stretch of text drawn by one font of the chain. */
export interface FontRun {
  font: number;
  text: string;
}

/** `text` split into maximal runs of characters drawn by the same chain font (fontIndexFor). */
export function fontRuns(text: string): FontRun[] {
  const runs: FontRun[] = [];
  for (const ch of text) {
    const font = fontIndexFor(ch.codePointAt(0)!);
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

type SubsetEmbedder = new (font: FontkitFont, bytes: Uint8Array) => CustomFontSubsetEmbedder;

/**
 * Chain font `index` (default the primary, Noto Sans SC) for `doc`, as a subset of the glyphs drawn
 * with it. Synchronous, so that DocWriter.text can take a fallback font in the middle of drawing a
 * line, the moment a character needs it. The caller must `await font.embed()` before `doc.save()`
 * (the font is not in pdf-lib's own list, so save does not write it): a font is added only once
 * something is drawn with it, and a font never used never reaches the file. Throws if the font is not
 * installed (fontIndexFor never chooses such a font).
 */
export function subsetFont(doc: PDFDocument, index = 0): PDFFont {
  const entry = load(index);
  if (!entry) throw new Error(`font ${FONT_CHAIN[index].name} is not installed at ${FONT_CHAIN[index].path}`);
  // pdf-lib's embedFont is asynchronous only because it awaits fontkit.create(bytes); build its
  // subset embedder from the shared parsed font instead (the constructor is private in pdf-lib's
  // types only). Sharing is safe: fontkit reads the font synchronously, each document has its subset.
  const embedder = new (CustomFontSubsetEmbedder as unknown as SubsetEmbedder)(entry.font, entry.bytes);
  return PDFFont.of(doc.context.nextRef(), doc, embedder);
}

/** Advance width of code point `cp` in em, from the font that draws it (cached). */
const emWidthCache = new Map<number, number>();
function emWidth(cp: number): number {
  let w = emWidthCache.get(cp);
  if (w === undefined) {
    const font = chainFont(fontIndexFor(cp))!;
    w = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
    emWidthCache.set(cp, w);
  }
  return w;
}

/**
 * Width of `text` at `size` points from per-character advance widths (cached), each from the chain
 * font that draws the character: line breaking measures every candidate break, and fontkit's full
 * layout per measurement would dominate render time. Han text has no kerning, so this matches what is
 * drawn to within a hair for Latin runs.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += emWidth(ch.codePointAt(0)!);
  return em * size;
}

/** Characters no font of the chain can draw (they would print as empty boxes). White space is ignored. */
export function missingGlyphs(text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!/\s/u.test(ch) && fontIndexFor(cp) === 0 && !cjkFont().hasGlyphForCodePoint(cp)) out.add(ch);
  }
  return [...out];
}
