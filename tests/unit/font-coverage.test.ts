import "../setup/guard";
// Coverage of the document font chain over every CJK Unified Ideograph block (issue 14 §5: names may
// hold any of them, GB 18030-2022). Which code points are unified ideographs comes from the runtime's
// Unicode data (\p{Unified_Ideograph}), not from the fonts; the block ranges are Unicode 17.0's
// Blocks.txt. Prints a table per block and font; asserts every ideograph of the URO and Extensions A–F
// is drawn by some font of the chain, apart from the 18 that Unicode 17.0 added to Extensions C and E,
// which no font on npm or in Debian carries yet (reported, so the day one does they show up).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chainFont, FONT_CHAIN, fontIndexFor, fontRuns, missingGlyphs } from "~/engine/documents/font.server";

const BLOCKS: { name: string; first: number; last: number; required: boolean }[] = [
  { name: "URO", first: 0x4e00, last: 0x9fff, required: true },
  { name: "Ext A", first: 0x3400, last: 0x4dbf, required: true },
  { name: "Compat (12 unified)", first: 0xf900, last: 0xfaff, required: true },
  { name: "Ext B", first: 0x20000, last: 0x2a6df, required: true },
  { name: "Ext C", first: 0x2a700, last: 0x2b73f, required: true },
  { name: "Ext D", first: 0x2b740, last: 0x2b81f, required: true },
  { name: "Ext E", first: 0x2b820, last: 0x2ceaf, required: true },
  { name: "Ext F", first: 0x2ceb0, last: 0x2ebef, required: true },
  { name: "Ext G", first: 0x30000, last: 0x3134f, required: false },
  { name: "Ext H", first: 0x31350, last: 0x323af, required: false },
  { name: "Ext I", first: 0x2ebf0, last: 0x2ee5f, required: false },
  { name: "Ext J", first: 0x323b0, last: 0x3347f, required: false },
];

/** Unicode 17.0's additions to required blocks (DerivedAge.txt: 2B73A..2B73F, 2CEA2..2CEAD). */
const UNICODE_17_ADDITIONS = new Set<number>([...range(0x2b73a, 0x2b73f), ...range(0x2cea2, 0x2cead)]);

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

const UNIFIED = /^\p{Unified_Ideograph}$/u;
const ideographs = (b: (typeof BLOCKS)[number]) => range(b.first, b.last).filter((cp) => UNIFIED.test(String.fromCodePoint(cp)));

test("the font chain draws every CJK Unified Ideograph of the URO and Extensions A–F (coverage table)", () => {
  const fonts = FONT_CHAIN.map((f, i) => {
    const font = chainFont(i);
    assert.ok(font, `${f.name} is installed at ${f.path} (${f.provider})`);
    return font!;
  });
  const rows: string[][] = [["block", "ideographs", ...FONT_CHAIN.map((f) => f.name), "chain", "%"]];
  const uncovered: number[] = [];
  let total = 0;
  for (const block of BLOCKS) {
    const cps = ideographs(block);
    total += cps.length;
    const perFont = fonts.map((font) => cps.filter((cp) => font.hasGlyphForCodePoint(cp)).length);
    const missing = cps.filter((cp) => !fonts.some((font) => font.hasGlyphForCodePoint(cp)));
    const chain = cps.length - missing.length;
    rows.push([block.name, String(cps.length), ...perFont.map(String), String(chain), ((100 * chain) / cps.length).toFixed(2)]);
    if (block.required) uncovered.push(...missing);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${rows.map((r) => "  " + r.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ")).join("\n")}`);
  // The runtime's Unicode data must know the blocks at all (Node 20 with a recent ICU: ≥ 15.1).
  assert.ok(total >= 97_680, `${total} unified ideographs known to this runtime`);
  const unexpected = uncovered.filter((cp) => !UNICODE_17_ADDITIONS.has(cp));
  assert.equal(unexpected.map((cp) => `U+${cp.toString(16).toUpperCase()}`), [], "URO and Extensions A–F are covered");
  console.log(`  not covered in URO + A–F: ${uncovered.length} (Unicode 17.0 additions, no packaged font yet)`);
});

test("each character goes to the first font that has it; only white space and unknown ones stay with the primary", () => {
  assert.is(fontIndexFor("张".codePointAt(0)!), 0);
  assert.is(fontIndexFor("A".codePointAt(0)!), 0);
  const yoshi = fontIndexFor(0x20bb7); // 𠮷, Extension B
  assert.ok(yoshi > 0 && chainFont(yoshi)!.glyphForCodePoint(0x20bb7).id !== 0, "𠮷 has a real glyph in a fallback font");
  assert.ok(chainFont(fontIndexFor(0x4dae))!.glyphForCodePoint(0x4dae).id !== 0, "䶮 (Extension A) has a real glyph");
  // Unicode 14's additions to Extension B: not in HanaMinB, in BabelStone Han (the chain's third font).
  assert.is(fontIndexFor(0x2a6de), 2);
  assert.equal(missingGlyphs("𠮷野䶮 张三"), []);
  assert.equal(fontRuns("张𠮷野"), [{ font: 0, text: "张" }, { font: yoshi, text: "𠮷" }, { font: 0, text: "野" }]);
  // An Extension J ideograph (Unicode 17.0) is in no font: reported, and left with the primary font.
  assert.equal(missingGlyphs("张\u{323B0}"), ["\u{323B0}"]);
  assert.is(fontIndexFor(0x323b0), 0);
});

test.run();
