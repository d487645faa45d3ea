// The printable application form: every section of any set of forms, printed from schema and
// data, with the applicant's photo at the top right, a declaration with signature line and a box for
// the work unit's seal, and on every page the application number and the data hash (校验码 + QR).
import { grayscale } from "pdf-lib";
import type { PDFImage } from "pdf-lib";
import { dataHashOf, printModel } from "./application-form-content.server";
import type { ApplicationFormInput } from "./application-form-content.server";
import { FOOTER_HEIGHT, hashFooter } from "./footer.server";
import { DocWriter } from "./layout.server";
import type { GridField } from "./layout.server";
import { EMPTY, printSection, UPLOADED } from "./print-model";
import type { PrintField, PrintSection } from "./print-model";

export const DEFAULT_DECLARATION =
  "本人承诺：以上所填信息及所附材料均真实、准确、完整，如有虚假或隐瞒，本人愿承担由此产生的一切后果。";

const NUMERALS = "一二三四五六七八九";
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (sections never run past 99). */
export function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? NUMERALS[tens - 1] : ""}十${ones ? NUMERALS[ones - 1] : ""}`;
}

/** Reads the image type from the bytes themselves; the stored MIME type is only a hint. */
function imageKind(bytes: Uint8Array, mime: string): "png" | "jpeg" | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return mime === "image/png" ? "png" : mime === "image/jpeg" ? "jpeg" : null;
}

let timeFormat: Intl.DateTimeFormat | undefined;
/** "2025-05-23 10:00" in Asia/Shanghai, whatever the server's zone. */
function formatTime(at: Date | string): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  // Building an Intl formatter costs milliseconds; one serves every render.
  timeFormat ??= new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const parts = Object.fromEntries(
    timeFormat
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const PHOTO = { width: 71, height: 99 }; // 一寸: 25 × 35 mm
const IMAGE_BOX = { width: 200, height: 130 };

/**
 * The application form as PDF bytes. Images come from `input.loadImage`: PNG or JPEG bytes, decoded by pdf-lib
 * synchronously, so they must have been checked and normalised (sharp) first, and this runs in the
 * document worker pool (render-pool.server.ts), where a limit can stop it.
 */
export async function renderApplicationForm(input: ApplicationFormInput): Promise<Uint8Array> {
  const dataHash = input.dataHash ?? dataHashOf(input.sections);
  const { printed, photo, refs } = printModel(input);

  const writer = await DocWriter.create({ top: 48, right: 45, bottom: FOOTER_HEIGHT, left: 45 });

  const images = new Map<string, PDFImage | null>();
  await Promise.all(
    (input.loadImage ? refs : []).map(async (ref) => {
      const loaded = await input.loadImage!(ref);
      let image: PDFImage | null = null;
      const kind = loaded ? imageKind(loaded.bytes, loaded.mime) : null;
      if (loaded && kind) {
        try {
          image = kind === "png" ? await writer.doc.embedPng(loaded.bytes) : await writer.doc.embedJpg(loaded.bytes);
        } catch {
          image = null; // unreadable bytes print as 已上传 rather than failing the whole form
        }
      }
      images.set(ref, image);
    }),
  );

  // Title block.
  writer.lines([input.title], writer.left, writer.cursor, writer.width, { size: 18, lineHeight: 30, align: "center", bold: true });
  writer.gap(34);
  writer.text(`${input.numberLabel ?? "申请编号"}：${input.applicationNumber}`, writer.left, writer.cursor - 10, { size: 9.5 });
  writer.text(`生成时间：${formatTime(input.generatedAt)}`, writer.left + writer.width, writer.cursor - 10, { size: 9.5, align: "right" });
  writer.gap(20);

  let asidePending = photo !== undefined;
  const photoImage = photo?.value.kind === "file" && photo.value.ref ? images.get(photo.value.ref) ?? null : null;
  const aside = {
    width: PHOTO.width + 18,
    minHeight: PHOTO.height + 16,
    draw(w: DocWriter, box: { x: number; y: number; width: number; height: number }) {
      w.rect(box, { border: grayscale(0.35) });
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      if (photoImage) {
        const scale = Math.min(PHOTO.width / photoImage.width, PHOTO.height / photoImage.height);
        const iw = photoImage.width * scale;
        const ih = photoImage.height * scale;
        w.page.drawImage(photoImage, { x: cx - iw / 2, y: cy - ih / 2, width: iw, height: ih });
      } else {
        w.rect({ x: cx - PHOTO.width / 2, y: cy - PHOTO.height / 2, width: PHOTO.width, height: PHOTO.height }, { border: grayscale(0.7), borderWidth: 0.4 });
        const label = photo?.label ?? "照片";
        const lines = w.wrap(label, PHOTO.width - 8, 9);
        w.lines(lines, cx - PHOTO.width / 2, cy + (lines.length * 13) / 2, PHOTO.width, { size: 9, lineHeight: 13, align: "center", color: grayscale(0.45) });
      }
    },
  };

  printed.forEach((section, index) => {
    writer.heading(`${chineseNumber(index + 1)}、${section.title}`, asidePending ? aside.minHeight : 60);
    for (const block of section.blocks) {
      if (block.kind === "fields") {
        const fields: GridField[] = block.fields.map((f) => {
          if (f.value.kind === "text") return { label: f.label, value: { text: f.value.text } };
          const image = f.value.ref ? images.get(f.value.ref) : null;
          if (image) return { label: f.label, value: { image, maxWidth: IMAGE_BOX.width, maxHeight: IMAGE_BOX.height } };
          return { label: f.label, value: { text: f.value.ref ? UPLOADED : EMPTY } };
        });
        writer.grid(fields, asidePending ? aside : undefined);
        asidePending = false;
      } else {
        if (block.caption) writer.caption(block.caption);
        writer.table({
          columns: [{ title: "序号", align: "center", fixed: true }, ...block.columns],
          rows: block.rows.map((r, i) => [String(i + 1), ...r]),
          emptyText: "无",
        });
      }
    }
    writer.gap(6);
  });

  signatureBlock(writer, input.declaration ?? DEFAULT_DECLARATION);
  return writer.finish(hashFooter(writer, { reference: input.applicationNumber, referenceLabel: input.numberLabel, dataHash }), {
    title: input.title,
    date: typeof input.generatedAt === "string" ? new Date(input.generatedAt) : input.generatedAt,
    producer: input.producer,
  });
}

/** The declaration, the applicant's signature and date, and the box for the work unit's seal. */
function signatureBlock(writer: DocWriter, declaration: string): void {
  const lines = writer.wrap(declaration, writer.width, 10.5, 21);
  const height = lines.length * 18 + 10 + 128;
  writer.ensure(height);
  writer.paragraph(declaration, { size: 10.5, lineHeight: 18, indent: 21, after: 10 });

  const top = writer.cursor;
  const boxHeight = 124;
  const half = writer.width / 2;
  const rule = grayscale(0.35);
  writer.rect({ x: writer.left, y: top - boxHeight, width: writer.width, height: boxHeight }, { border: rule });
  writer.page.drawLine({ start: { x: writer.left + half, y: top }, end: { x: writer.left + half, y: top - boxHeight }, thickness: 0.6, color: rule });

  // Left: signature and date, with real lines to write on.
  const x = writer.left + 14;
  const underline = (fromX: number, y: number, length: number) =>
    writer.page.drawLine({ start: { x: fromX, y: y - 3 }, end: { x: fromX + length, y: y - 3 }, thickness: 0.5, color: grayscale(0.2) });
  const sigY = top - 48;
  writer.text("申请人签字：", x, sigY, { size: 11 });
  underline(x + writer.measure("申请人签字：", 11), sigY, half - 40 - writer.measure("申请人签字：", 11));
  const dateY = top - 92;
  writer.text("日期：", x, dateY, { size: 11 });
  const dx = x + writer.measure("日期：", 11);
  writer.text("年", dx + 52, dateY, { size: 11 });
  writer.text("月", dx + 92, dateY, { size: 11 });
  writer.text("日", dx + 132, dateY, { size: 11 });
  underline(dx, dateY, 50);
  underline(dx + 64, dateY, 26);
  underline(dx + 104, dateY, 26);

  // Right: the seal box.
  const sx = writer.left + half;
  writer.text("单位公章（盖章处）", sx + 10, top - 20, { size: 10.5, color: grayscale(0.3) });
  writer.text("年      月      日", sx + half - 14, top - boxHeight + 14, { size: 10.5, color: grayscale(0.3), align: "right" });
  writer.cursor = top - boxHeight - 8;
}
