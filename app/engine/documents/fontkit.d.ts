// The slice of upstream fontkit 2 that font.server.ts uses (the package ships no types).
declare module "fontkit" {
  export interface FontkitGlyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface FontkitSubset {
    includeGlyph(glyph: number | FontkitGlyph): number;
    encode(): Uint8Array;
  }
  export interface FontkitFont {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
    hasGlyphForCodePoint(codePoint: number): boolean;
    createSubset(): FontkitSubset;
    layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
