// The certificate drawn from ONE layout (docs/decisions/0016-certificate.md): `certificateLayout` places
// every rectangle, text line and the QR code in points on a landscape A4 page; `layoutSvg` writes that
// model as SVG with every text drawn as glyph outlines (resvg turns it into the PNG without any font
// database) and `renderCertificatePdf` draws the same model with pdf-lib (the fonts subset-embedded). Text
// is split into runs by the document font chain (Noto Sans SC, then HanaMinB and BabelStone Han for rare
// ideographs such as 𠮷 or 䶮), and both outputs take each run's glyphs from the same font file, so
// picture and PDF agree.
// Both renders are synchronous and run in the document worker pool (CERTIFICATE_*_TASK, render-tasks.ts).
import { Resvg } from "@resvg/resvg-js";
import type { FontkitGlyph } from "fontkit";
import { rgb } from "pdf-lib";
import QRCode from "qrcode";
import { chainFont, fontRuns, textWidth } from "~/engine/documents/font.server";
import { DocWriter } from "~/engine/documents/layout.server";
import { implementTask } from "~/engine/documents/worker-task";
import { wrapText } from "~/engine/documents/wrap";
import { chineseDate } from "./certificate";
import type { CertificateView } from "./certificate";
import { CERTIFICATE_PDF_TASK, CERTIFICATE_PNG_TASK } from "./render-tasks";
import { escapeHtml } from "~/utils/plain-page";

/** Landscape A4 in points. */
export const PAGE = { width: 842, height: 595 } as const;
/** Pixels per point of the PNG: 1684 × 1190. */
export const PNG_SCALE = 2;

type Color = readonly [number, number, number];
/** Every element in page points, y measured downwards from the top edge (as in SVG). */
export type LayoutElement =
  | { kind: "rect"; x: number; y: number; width: number; height: number; fill?: Color; stroke?: Color; strokeWidth?: number }
  | { kind: "text"; x: number; y: number; size: number; text: string; color: Color }
  | { kind: "path"; d: string; x: number; y: number; scale: number; color: Color };
export type Layout = { width: number; height: number; title: string; elements: LayoutElement[] };

const INK: Color = [0.13, 0.13, 0.13];
const RED: Color = [0.6, 0.07, 0.07];
const GOLD: Color = [0.72, 0.55, 0.2];
const PAPER: Color = [1, 0.992, 0.965];
const MUTED: Color = [0.4, 0.4, 0.4];

/** The QR code of `text` (UTF-8 byte mode, level M) as an SVG path in module units, and its size in modules. */
export function qrPath(text: string): { d: string; modules: number } {
  const qr = QRCode.create([{ data: Buffer.from(text, "utf8"), mode: "byte" }], { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  let d = "";
  // One rectangle per horizontal run of dark modules: a few hundred path commands, not thousands.
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      d += `M${start} ${r}h${c - start}v1h${start - c}z`;
    }
  }
  return { d, modules: n };
}

/** The certificate's layout: title, number, the seven fields, the statement, issuer and date, the QR code. */
export function certificateLayout(v: CertificateView): Layout {
  const W = PAGE.width;
  const H = PAGE.height;
  const els: LayoutElement[] = [
    { kind: "rect", x: 0, y: 0, width: W, height: H, fill: PAPER },
    { kind: "rect", x: 18, y: 18, width: W - 36, height: H - 36, stroke: GOLD, strokeWidth: 6 },
    { kind: "rect", x: 32, y: 32, width: W - 64, height: H - 64, stroke: GOLD, strokeWidth: 1.2 },
  ];
  const text = (t: string, x: number, y: number, size: number, color: Color = INK, align: "left" | "center" | "right" = "left") => {
    const w = align === "left" ? 0 : textWidth(t, size);
    els.push({ kind: "text", x: align === "center" ? x - w / 2 : align === "right" ? x - w : x, y, size, text: t, color });
  };
  text("评标专家证书", W / 2, 108, 40, RED, "center");
  text(`证书编号：${v.number}`, W / 2, 142, 13, MUTED, "center");

  const left = 92;
  const labelSize = 16;
  const valueX = left + textWidth("身份证号：", labelSize);
  const valueWidth = 430;
  let y = 200;
  const row = (label: string, value: string) => {
    text(label, left, y, labelSize);
    const lines = wrapText(value, valueWidth, (s) => textWidth(s, labelSize));
    lines.forEach((line, i) => text(line, valueX, y + i * 24, labelSize));
    y += 36 + (lines.length - 1) * 24;
  };
  row("姓　　名：", v.name);
  row("身份证号：", v.maskedIdCard);
  row("专家编号：", v.expertNumber);
  row("专　　业：", v.specialties.join("、") || "—");
  row("发证日期：", chineseDate(v.issuedOn));
  row("有效期至：", chineseDate(v.validUntil));

  const statement = "经培训考核合格，准予入选评标专家库，聘期内可参加评标活动。特发此证。";
  wrapText(statement, 600, (s) => textWidth(s, 14)).forEach((line, i) => text(line, left, Math.max(y + 14, 452) + i * 22, 14));

  // Issuer and date, bottom right (where the seal goes).
  text(v.issuer, W - 92, 508, 16, INK, "right");
  text(chineseDate(v.issuedOn), W - 92, 534, 14, INK, "right");

  // The QR code, top right, with its quiet zone.
  const qr = qrPath(v.verifyUrl);
  const side = 168;
  const scale = side / (qr.modules + 8);
  const qx = W - 92 - side;
  const qy = 176;
  els.push({ kind: "rect", x: qx, y: qy, width: side, height: side, fill: [1, 1, 1] });
  els.push({ kind: "path", d: qr.d, x: qx + 4 * scale, y: qy + 4 * scale, scale, color: [0, 0, 0] });
  text("扫码核验证书真伪", qx + side / 2, qy + side + 20, 11, MUTED, "center");
  text("本证书真伪及状态以扫码核验结果为准", W / 2, H - 44, 10, MUTED, "center");
  return { width: W, height: H, title: `评标专家证书 ${v.number}`, elements: els };
}

// ---- SVG → PNG ----------------------------------------------------------------------------------------

const hex = (c: Color) => `#${c.map((x) => Math.round(x * 255).toString(16).padStart(2, "0")).join("")}`;
const n2 = (x: number) => Number(x.toFixed(2));

/**
 * The outline of glyph `glyph` of chain font `font` as SVG path data in font units (y up), cached per
 * process: a certificate uses a few dozen glyphs, and fontkit builds each outline once.
 */
const outlineCache = new Map<string, string>();
function glyphOutline(font: number, glyph: FontkitGlyph): string {
  const key = `${font}:${glyph.id}`;
  let d = outlineCache.get(key);
  if (d === undefined) {
    // fontkit's glyph has `path` (a Path with toSVG); the project's fontkit.d.ts declares only what the engine uses.
    d = (glyph as FontkitGlyph & { path: { toSVG(): string } }).path.toSVG();
    outlineCache.set(key, d);
  }
  return d;
}

/**
 * The layout as SVG source. Text is written as glyph outlines (each distinct glyph once in `<defs>`, placed
 * with `<use>`), taken with fontkit from the same chain font the PDF embeds for that character, at the
 * advance widths `textWidth` measured: resvg then needs no font database at all (loading the 10 MB Noto
 * file into it cost most of the PNG's time). Each text element is a `<g aria-label>` holding its exact
 * code points, so the source still says what is written (𠮷 stays U+20BB7).
 */
export function layoutSvg(layout: Layout): string {
  const defs = new Map<string, string>();
  const parts = layout.elements.map((e) => {
    if (e.kind === "rect") {
      return `<rect x="${n2(e.x)}" y="${n2(e.y)}" width="${n2(e.width)}" height="${n2(e.height)}" fill="${e.fill ? hex(e.fill) : "none"}"${e.stroke ? ` stroke="${hex(e.stroke)}" stroke-width="${e.strokeWidth ?? 1}"` : ""}/>`;
    }
    if (e.kind === "path") return `<path d="${e.d}" transform="translate(${n2(e.x)} ${n2(e.y)}) scale(${e.scale.toFixed(4)})" fill="${hex(e.color)}" shape-rendering="crispEdges"/>`;
    let x = e.x;
    let uses = "";
    for (const run of fontRuns(e.text)) {
      const font = chainFont(run.font)!;
      const k = e.size / font.unitsPerEm;
      for (const ch of run.text) {
        const glyph = font.glyphForCodePoint(ch.codePointAt(0)!);
        const id = `g${run.font}_${glyph.id}`;
        const d = glyphOutline(run.font, glyph);
        if (d && !defs.has(id)) defs.set(id, `<path id="${id}" d="${d}"/>`);
        if (d) uses += `<use href="#${id}" transform="translate(${n2(x)} ${n2(e.y)}) scale(${k.toFixed(5)} ${(-k).toFixed(5)})"/>`;
        x += textWidth(ch, e.size);
      }
    }
    return `<g aria-label="${escapeHtml(e.text)}" fill="${hex(e.color)}">${uses}</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">` +
    `<title>${escapeHtml(layout.title)}</title><defs>${[...defs.values()].join("")}</defs>${parts.join("")}</svg>`;
}

/** The certificate's SVG source (what the PNG is rendered from). */
export const certificateSvg = (v: CertificateView) => layoutSvg(certificateLayout(v));

/** The certificate as PNG bytes (PAGE × PNG_SCALE pixels), rendered by resvg from outlines (no fonts). */
export function renderCertificatePng(v: CertificateView): Uint8Array {
  const resvg = new Resvg(certificateSvg(v), {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: { loadSystemFonts: false },
    shapeRendering: 2,
    logLevel: "off",
  });
  return resvg.render().asPng();
}

// ---- the same layout as PDF -------------------------------------------------------------------------

/** The certificate as PDF bytes: one landscape A4 page drawn from the same layout. */
export async function renderCertificatePdf(v: CertificateView, generatedAt: number = Date.now()): Promise<Uint8Array> {
  const layout = certificateLayout(v);
  const writer = await DocWriter.create({ top: 0, right: 0, bottom: 0, left: 0 });
  const page = writer.page;
  page.setSize(layout.width, layout.height);
  const H = layout.height;
  const color = (c: Color) => rgb(c[0], c[1], c[2]);
  for (const e of layout.elements) {
    if (e.kind === "rect") {
      page.drawRectangle({
        x: e.x, y: H - e.y - e.height, width: e.width, height: e.height, color: e.fill ? color(e.fill) : undefined,
        borderColor: e.stroke ? color(e.stroke) : undefined, borderWidth: e.stroke ? e.strokeWidth ?? 1 : 0,
      });
    } else if (e.kind === "path") {
      page.drawSvgPath(e.d, { x: e.x, y: H - e.y, scale: e.scale, color: color(e.color), borderWidth: 0 });
    } else {
      writer.text(e.text, e.x, H - e.y, { size: e.size, color: color(e.color) });
    }
  }
  return writer.finish(() => undefined, { title: layout.title, date: new Date(generatedAt) });
}

/** The certificate feature's worker tasks, for the app's worker entry. */
export const CERTIFICATE_WORKER_TASKS = [
  implementTask(CERTIFICATE_PNG_TASK, (v) => renderCertificatePng(v)),
  implementTask(CERTIFICATE_PDF_TASK, (input) => renderCertificatePdf(input.view, input.generatedAt)),
] as const;
