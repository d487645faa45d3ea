// A small flow layout on top of pdf-lib for printed A4 documents: paragraphs with CJK line breaking,
// headings, a bordered label/value grid (with an optional box beside its first rows, for a photo),
// tables whose rows move or split cleanly across pages, and a footer drawn on every page once the page
// count is known. Knows nothing of forms or experts.
import { deflateSync } from "node:zlib";
import {
  PDFArray,
  PDFContentStream,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  fill,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  setLineWidth,
  setTextRenderingMode,
  TextRenderingMode,
} from "pdf-lib";
import type { Color, PDFFont, PDFImage, PDFOperator, PDFPage } from "pdf-lib";
import { fontRuns, subsetFont, textWidth } from "./font.server";
import { wrapText } from "./wrap";

export const A4: [number, number] = [595.28, 841.89];
const INK = grayscale(0.1);
const RULE = grayscale(0.35);
const SHADE = grayscale(0.93);
const MUTED = grayscale(0.35);

export interface Box {
  x: number;
  /** Bottom edge (PDF coordinates grow upwards). */
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  size: number;
  lineHeight?: number;
  color?: Color;
  bold?: boolean;
  align?: "left" | "center" | "right";
}

export type GridValue = { text: string } | { image: PDFImage; maxWidth: number; maxHeight: number };
export interface GridField {
  label: string;
  value: GridValue;
}
/** A box in its own column beside the grid's first rows (the photo), at least `minHeight` tall. */
export interface GridAside {
  width: number;
  minHeight: number;
  draw(writer: DocWriter, box: Box): void;
}

export interface TableColumn {
  title: string;
  /** Columns with the same consecutive group share a header cell above their own. */
  group?: string;
  align?: "left" | "center";
  /** Keeps its natural width when the table is stretched to the page (a 序号 column). */
  fixed?: boolean;
}
export interface TableSpec {
  columns: TableColumn[];
  rows: string[][];
  /** Printed across the table when there are no rows. */
  emptyText?: string;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const BODY = 10;
const LINE = 15;
const PAD_X = 4;
const PAD_Y = 3.5;
const LABEL_WIDTH = 92;
const BORDER = 0.6;

/** Distance from a line box's top to the baseline, so CJK glyphs sit visually centred in the box. */
function baselineOffset(size: number, lineHeight: number): number {
  return (lineHeight - size) / 2 + size * 0.86;
}

export class DocWriter {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Top of the free space on the current page. */
  cursor = 0;
  /** Per index of the font chain (font.server.ts), that font in this PDF, added when first drawn with. */
  private readonly fonts: PDFFont[] = [];

  private constructor(
    readonly doc: PDFDocument,
    readonly margins: Margins,
  ) {
    this.addPage();
  }

  static async create(margins: Margins): Promise<DocWriter> {
    const doc = await PDFDocument.create();
    // pdf-lib compresses with pako (pure JS), which was half the render time; zlib does the same
    // job natively. Fonts and images go through flateStream; page contents are swapped in finish().
    const context = doc.context;
    context.flateStream = (contents, dict = {}) =>
      context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), { ...dict, Filter: "FlateDecode" });
    return new DocWriter(doc, margins);
  }

  get left(): number {
    return this.margins.left;
  }
  get width(): number {
    return A4[0] - this.margins.left - this.margins.right;
  }
  get bottom(): number {
    return this.margins.bottom;
  }
  /** Usable height of an empty page. */
  get pageHeight(): number {
    return A4[1] - this.margins.top - this.margins.bottom;
  }

  addPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.cursor = A4[1] - this.margins.top;
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.cursor - height < this.bottom && this.cursor < A4[1] - this.margins.top) this.addPage();
  }

  gap(height: number): void {
    this.cursor -= height;
  }

  measure(text: string, size = BODY): number {
    return textWidth(text, size);
  }

  wrap(text: string, width: number, size = BODY, firstIndent = 0): string[] {
    return wrapText(text, width, (t) => textWidth(t, size), firstIndent);
  }

  /**
   * One line of text with its baseline at `y`. Each character is drawn by the first font of the chain
   * that has it (a rare ideograph in a name by a fallback font), in runs placed one after another.
   */
  text(text: string, x: number, y: number, style: TextStyle, page = this.page): void {
    if (!text) return;
    const w = style.align && style.align !== "left" ? textWidth(text, style.size) : 0;
    let at = x + (style.align === "center" ? -w / 2 : style.align === "right" ? -w : 0);
    // Only a Regular weight is embedded; bold is the same glyphs filled and outlined.
    if (style.bold) page.pushOperators(pushGraphicsState(), setLineWidth(style.size / 30), setTextRenderingMode(TextRenderingMode.FillAndOutline));
    for (const run of fontRuns(text)) {
      const font = (this.fonts[run.font] ??= subsetFont(this.doc, run.font));
      page.drawText(run.text, { x: at, y, size: style.size, font, color: style.color ?? INK });
      at += textWidth(run.text, style.size);
    }
    if (style.bold) page.pushOperators(popGraphicsState());
  }

  /** Lines stacked from `top` down inside a column [x, x + width]. */
  lines(lines: string[], x: number, top: number, width: number, style: TextStyle, page = this.page): void {
    const lh = style.lineHeight ?? style.size * 1.5;
    const base = baselineOffset(style.size, lh);
    lines.forEach((line, i) => {
      const at = style.align === "center" ? x + width / 2 : style.align === "right" ? x + width : x;
      this.text(line, at, top - base - i * lh, style, page);
    });
  }

  rect(box: Box, opts: { fill?: Color; border?: Color; borderWidth?: number }, page = this.page): void {
    page.drawRectangle({
      ...box,
      color: opts.fill,
      borderColor: opts.border,
      borderWidth: opts.border ? opts.borderWidth ?? BORDER : 0,
    });
  }

  /** Wrapped text across the full width, moving to a new page line by line as needed. */
  paragraph(text: string, style: TextStyle & { indent?: number; after?: number }): void {
    const lh = style.lineHeight ?? style.size * 1.5;
    const indent = style.indent ?? 0;
    const lines = this.wrap(text, this.width, style.size, indent);
    lines.forEach((line, i) => {
      this.ensure(lh);
      const x = i === 0 ? this.left + indent : this.left;
      this.lines([line], x, this.cursor, this.width - (i === 0 ? indent : 0), { ...style, lineHeight: lh });
      this.cursor -= lh;
    });
    this.cursor -= style.after ?? 0;
  }

  /** A section heading: a shaded band, kept on the page with at least `keepWith` points after it. */
  heading(text: string, keepWith = 60): void {
    const h = 22;
    this.ensure(h + keepWith);
    this.rect({ x: this.left, y: this.cursor - h, width: this.width, height: h }, { fill: SHADE });
    this.rect({ x: this.left, y: this.cursor - h, width: 3, height: h }, { fill: INK });
    this.lines([text], this.left + 10, this.cursor, this.width - 20, { size: 11.5, lineHeight: h, bold: true });
    this.cursor -= h + 6;
  }

  /** A smaller caption above a table inside a section. */
  caption(text: string, keepWith = 50): void {
    this.ensure(18 + keepWith);
    this.lines([text], this.left, this.cursor, this.width, { size: 10.5, lineHeight: 18, bold: true });
    this.cursor -= 18;
  }

  /**
   * Label/value pairs in bordered rows, two pairs a row where both values fit on one line, one pair
   * across the row otherwise. An aside (photo) takes its own column beside the first rows.
   */
  grid(fields: GridField[], aside?: GridAside): void {
    const W = this.width;
    const L = LABEL_WIDTH;
    const half = (W - 2 * L) / 2;
    type Cell = { x: number; width: number; lines?: string[]; image?: { image: PDFImage; width: number; height: number }; label?: boolean };
    type Row = { cells: Cell[]; height: number; beside: boolean };
    const rows: Row[] = [];
    let asideFilled = aside ? 0 : Infinity;

    const valueCell = (value: GridValue, x: number, width: number): Cell => {
      if ("text" in value) return { x, width, lines: this.wrap(value.text, width - 2 * PAD_X) };
      const scale = Math.min(1, value.maxWidth / value.image.width, value.maxHeight / value.image.height, (width - 2 * PAD_X) / value.image.width);
      return { x, width, image: { image: value.image, width: value.image.width * scale, height: value.image.height * scale } };
    };
    const cellHeight = (c: Cell) =>
      c.image ? c.image.height + 2 * PAD_Y + 4 : (c.lines?.length ?? 1) * LINE + 2 * PAD_Y;
    const fitsOneLine = (f: GridField, width: number) => "text" in f.value && !f.value.text.includes("\n") && textWidth(f.value.text, BODY) <= width - 2 * PAD_X;

    for (let i = 0; i < fields.length; ) {
      const beside = asideFilled < (aside?.minHeight ?? 0);
      const rowWidth = beside ? W - aside!.width : W;
      const secondValue = rowWidth - 2 * L - half;
      const a = fields[i];
      const b = fields[i + 1];
      const cells: Cell[] = [];
      if (b && fitsOneLine(a, half) && fitsOneLine(b, secondValue)) {
        cells.push({ x: 0, width: L, lines: this.wrap(a.label, L - 2 * PAD_X), label: true });
        cells.push(valueCell(a.value, L, half));
        cells.push({ x: L + half, width: L, lines: this.wrap(b.label, L - 2 * PAD_X), label: true });
        cells.push(valueCell(b.value, 2 * L + half, secondValue));
        i += 2;
      } else {
        cells.push({ x: 0, width: L, lines: this.wrap(a.label, L - 2 * PAD_X), label: true });
        cells.push(valueCell(a.value, L, rowWidth - L));
        i += 1;
      }
      const height = Math.max(20, ...cells.map(cellHeight));
      rows.push({ cells, height, beside });
      if (beside) asideFilled += height;
    }
    // Rows too few to fill the aside's height: the last one beside it grows.
    if (aside && asideFilled < aside.minHeight) {
      const last = [...rows].reverse().find((r) => r.beside);
      if (last) last.height += aside.minHeight - asideFilled;
      asideFilled = aside.minHeight;
    }

    if (aside && rows.length) {
      const asideHeight = rows.filter((r) => r.beside).reduce((s, r) => s + r.height, 0);
      this.ensure(asideHeight);
      aside.draw(this, { x: this.left + W - aside.width, y: this.cursor - asideHeight, width: aside.width, height: asideHeight });
    }
    const drawRow = (row: Row) => {
      for (const c of row.cells) {
        const box = { x: this.left + c.x, y: this.cursor - row.height, width: c.width, height: row.height };
        this.rect(box, { fill: c.label ? SHADE : undefined, border: RULE });
        if (c.lines) {
          const textHeight = c.lines.length * LINE;
          const top = this.cursor - (row.height - textHeight) / 2;
          this.lines(c.lines, box.x + PAD_X, top, c.width - 2 * PAD_X, { size: BODY, lineHeight: LINE, align: c.label ? "center" : "left", color: c.label ? MUTED : INK });
        }
        if (c.image) {
          this.page.drawImage(c.image.image, { x: box.x + PAD_X, y: this.cursor - PAD_Y - 2 - c.image.height, width: c.image.width, height: c.image.height });
        }
      }
      this.cursor -= row.height;
    };
    for (let row of rows) {
      // A text longer than a page (one field across the row) continues on the next page.
      const [label, value] = row.cells;
      while (row.cells.length === 2 && value.lines && row.height > this.pageHeight) {
        const fit = Math.floor((this.cursor - this.bottom - 2 * PAD_Y) / LINE);
        if (fit < 2) {
          this.addPage();
          continue;
        }
        drawRow({ ...row, cells: [label, { ...value, lines: value.lines.slice(0, fit) }], height: fit * LINE + 2 * PAD_Y });
        value.lines = value.lines.slice(fit);
        row = { ...row, cells: [{ ...label, lines: this.wrap(`${(label.lines ?? []).join("")}（续）`, L - 2 * PAD_X) }, value], height: value.lines.length * LINE + 2 * PAD_Y };
        this.addPage();
      }
      this.ensure(row.height);
      drawRow(row);
    }
    this.cursor -= 8;
  }

  /**
   * A bordered table with a shaded header (two rows when columns are grouped). Columns get their
   * natural width where the page allows; a row that does not fit goes to the next page under a
   * repeated header, and a row taller than a page is split between lines.
   */
  table(spec: TableSpec): void {
    const widths = columnWidths(spec, this.width);
    const xs: number[] = [];
    widths.reduce((x, w) => (xs.push(x), x + w), this.left);
    const grouped = spec.columns.some((c) => c.group);
    const headerLines = spec.columns.map((c, i) => this.wrap(c.title, widths[i] - 2 * PAD_X));
    const leafHeight = Math.max(...headerLines.map((l) => l.length)) * LINE + 2 * PAD_Y;
    const groupRowHeight = LINE + 2 * PAD_Y;
    const headerHeight = leafHeight + (grouped ? groupRowHeight : 0);

    const drawHeader = () => {
      const top = this.cursor;
      for (let i = 0; i < spec.columns.length; ) {
        const col = spec.columns[i];
        let j = i + 1;
        while (col.group && j < spec.columns.length && spec.columns[j].group === col.group) j++;
        if (col.group) {
          const width = xs[j - 1] + widths[j - 1] - xs[i];
          this.rect({ x: xs[i], y: top - groupRowHeight, width, height: groupRowHeight }, { fill: SHADE, border: RULE });
          this.lines(this.wrap(col.group, width - 2 * PAD_X).slice(0, 1), xs[i] + PAD_X, top - PAD_Y, width - 2 * PAD_X, { size: BODY, lineHeight: LINE, align: "center", color: MUTED });
          for (let k = i; k < j; k++) this.headerCell(headerLines[k], xs[k], widths[k], top - groupRowHeight, leafHeight);
        } else {
          this.headerCell(headerLines[i], xs[i], widths[i], top, headerHeight);
        }
        i = j;
      }
      this.cursor -= headerHeight;
    };

    this.ensure(headerHeight + LINE + 2 * PAD_Y);
    drawHeader();
    const rows = spec.rows.length ? spec.rows : null;
    if (!rows) {
      const h = LINE + 2 * PAD_Y;
      this.rect({ x: this.left, y: this.cursor - h, width: this.width, height: h }, { border: RULE });
      this.lines([spec.emptyText ?? "—"], this.left, this.cursor, this.width, { size: BODY, lineHeight: h, align: "center", color: MUTED });
      this.cursor -= h + 8;
      return;
    }
    for (const row of rows) {
      let cells = spec.columns.map((_, i) => this.wrap(row[i] ?? "", widths[i] - 2 * PAD_X));
      for (;;) {
        const lineCount = Math.max(...cells.map((c) => c.length));
        const height = lineCount * LINE + 2 * PAD_Y;
        const room = this.cursor - this.bottom;
        if (height <= room) {
          this.bodyRow(cells, xs, widths, height, spec);
          break;
        }
        const fullPage = this.pageHeight - headerHeight;
        if (height <= fullPage || room < 2 * LINE + 2 * PAD_Y) {
          this.addPage();
          drawHeader();
          continue;
        }
        // Taller than a page: print the lines that fit here and carry the rest over.
        const fit = Math.floor((room - 2 * PAD_Y) / LINE);
        this.bodyRow(cells.map((c) => c.slice(0, fit)), xs, widths, fit * LINE + 2 * PAD_Y, spec);
        cells = cells.map((c) => c.slice(fit));
        this.addPage();
        drawHeader();
      }
    }
    this.cursor -= 8;
  }

  private headerCell(lines: string[], x: number, width: number, top: number, height: number): void {
    this.rect({ x, y: top - height, width, height }, { fill: SHADE, border: RULE });
    const textTop = top - (height - lines.length * LINE) / 2;
    this.lines(lines, x + PAD_X, textTop, width - 2 * PAD_X, { size: BODY, lineHeight: LINE, align: "center", color: MUTED });
  }

  private bodyRow(cells: string[][], xs: number[], widths: number[], height: number, spec: TableSpec): void {
    cells.forEach((lines, i) => {
      this.rect({ x: xs[i], y: this.cursor - height, width: widths[i], height }, { border: RULE });
      const align = spec.columns[i].align ?? "left";
      const top = align === "center" ? this.cursor - (height - lines.length * LINE) / 2 : this.cursor - PAD_Y;
      this.lines(lines, xs[i] + PAD_X, top, widths[i] - 2 * PAD_X, { size: BODY, lineHeight: LINE, align });
    });
    this.cursor -= height;
  }

  /**
   * Draws `footer` on every page, then serialises; `footer` learns the page number and count. `meta`: the
   * PDF's title and dates, and the application that made it (Creator and Producer; left out if none).
   */
  async finish(footer: (page: PDFPage, index: number, count: number) => void, meta: { title: string; date: Date; producer?: string }): Promise<Uint8Array> {
    this.pages.forEach((p, i) => footer(p, i, this.pages.length));
    // subsetFont leaves writing each font to us (only the fonts something was drawn with).
    for (const font of this.fonts) if (font) await font.embed();
    this.compressContents();
    this.doc.setTitle(meta.title);
    if (meta.producer) {
      this.doc.setCreator(meta.producer);
      this.doc.setProducer(meta.producer);
    }
    this.doc.setCreationDate(meta.date);
    this.doc.setModificationDate(meta.date);
    // Nothing else runs while a document is saved, so no yielding to the event loop every 50 objects.
    return this.doc.save({ objectsPerTick: Infinity });
  }

  /** Replaces each page's content stream with the same operators deflated by zlib. */
  private compressContents(): void {
    const context = this.doc.context;
    for (const page of this.pages) {
      const contents = page.node.get(PDFName.of("Contents"));
      const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
      for (const ref of refs) {
        if (!(ref instanceof PDFRef)) continue;
        const stream = context.lookup(ref);
        if (!(stream instanceof PDFContentStream)) continue;
        const dict = stream.dict.clone(context);
        dict.set(PDFName.of("Filter"), PDFName.of("FlateDecode"));
        dict.delete(PDFName.of("Length"));
        context.assign(ref, PDFRawStream.of(dict, deflateSync(stream.getUnencodedContents())));
      }
    }
  }
}

/** Natural widths (header and widest cell), shrunk fairly when the table is wider than the page. */
export function columnWidths(spec: TableSpec, total: number): number[] {
  const n = spec.columns.length;
  const minimum = spec.columns.map((c) => Math.min(textWidth(c.title, BODY), 2 * BODY) + 2 * PAD_X + 1);
  const natural = spec.columns.map((c, i) => {
    let w = textWidth(c.title, BODY);
    for (const row of spec.rows) for (const line of (row[i] ?? "").split("\n")) w = Math.max(w, textWidth(line, BODY));
    return Math.max(minimum[i], w + 2 * PAD_X + 1);
  });
  const sum = natural.reduce((s, w) => s + w, 0);
  if (sum <= total) {
    const stretch = natural.reduce((s, w, i) => (spec.columns[i].fixed ? s : s + w), 0);
    if (stretch === 0) return natural.map((w) => (w * total) / sum);
    return natural.map((w, i) => (spec.columns[i].fixed ? w : w + ((total - sum) * w) / stretch));
  }
  // Columns narrower than a fair share keep their width; the rest share what is left by their need.
  const widths = new Array<number>(n).fill(0);
  let open = natural.map((_, i) => i);
  let left = total;
  for (let changed = true; changed; ) {
    changed = false;
    const fair = left / open.length;
    for (const i of open) {
      if (natural[i] <= fair) {
        widths[i] = natural[i];
        left -= natural[i];
        changed = true;
      }
    }
    open = open.filter((i) => widths[i] === 0);
    if (!open.length) break;
  }
  const need = open.reduce((s, i) => s + natural[i], 0);
  for (const i of open) widths[i] = Math.max(minimum[i], (natural[i] * left) / need);
  return widths;
}

// ---- QR code as vector squares ---------------------------------------------------------------------

/**
 * Operators that paint a QR matrix with its top-left corner at (x, top): one rectangle per run of dark
 * modules in a row, filled in one go, so a page carries a few hundred bytes rather than an image.
 */
export function qrOperators(modules: { size: number; get(row: number, col: number): number | boolean }, x: number, top: number, moduleSize: number): PDFOperator[] {
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; ) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < modules.size && modules.get(r, end)) end++;
      const y = top - (r + 1) * moduleSize;
      ops.push(rectangle(x + c * moduleSize, y, (end - c) * moduleSize, moduleSize));
      c = end;
    }
  }
  ops.push(fill(), popGraphicsState());
  return ops;
}
