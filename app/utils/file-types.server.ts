// What an uploaded file really is and whether it really opens, decided from its bytes by maintained
// libraries (file-type for the kind, sharp for images; pdf-lib for PDFs in pdf-problem.server.ts, run by
// the document worker pool); the client's name and Content-Type are only hints. Our policy sits on top:
// the kinds we take, the pixel budget, the checks on a display name and on the widget's `accept` list,
// and a Chinese reason that says what to do for every refusal.
// file-type and sharp load with the first upload that needs them: sharp's native library alone is about
// 30 MB resident, which a server answering pages, saves and exams need not carry (decision 0025).
import { beginsAs, describeContent } from "./content-kind.server";

export const FILE_TYPES = {
  pdf: { mime: "application/pdf", label: "PDF 文件", extensions: ["pdf"] },
  // .jfif/.jfi/.jif (Windows "save picture as"), .pjpeg/.pjp (progressive JPEG) are JPEG too.
  jpeg: { mime: "image/jpeg", label: "JPEG 图片", extensions: ["jpg", "jpeg", "jpe", "jfif", "jfi", "jif", "pjpeg", "pjp"] },
  png: { mime: "image/png", label: "PNG 图片", extensions: ["png"] },
} as const;

export type FileKind = keyof typeof FILE_TYPES;
export type Mime = (typeof FILE_TYPES)[FileKind]["mime"];

/**
 * The pixel budget for an uploaded image: 40 megapixels (e.g. 7300 × 5470). Every phone's default
 * photo mode (12–24 MP) and a 600 dpi A4 scan (35 MP) fit; decoding stays around 160 MB at worst,
 * where a 186 KB PNG declaring 8000 × 8000 would otherwise cost ~1 GB and 20000 × 20000 4 GB.
 * sharp refuses anything larger before decoding (limitInputPixels).
 */
export const PIXEL_BUDGET = 40_000_000;
/** Stored images fit in this many pixels on their long side (A4 at 200 dpi); smaller ones keep their size. */
export const STORED_IMAGE_SIDE = 2400;
/** Images go into PDFs at most this many pixels on their long side: ≥ 300 dpi for our largest print box (200 pt). */
export const PRINT_IMAGE_SIDE = 1000;
/** A single image operation (header, decode, resize, encode) that takes longer than this is abandoned. */
const IMAGE_SECONDS = 10;

let sharpLoaded: Promise<(typeof import("sharp"))["default"]> | undefined;
/**
 * sharp, loaded once on first use (every caller goes through here), with its decoded-image cache off:
 * uploads are seen once, so memory is better spent elsewhere.
 */
export function loadSharp() {
  return (sharpLoaded ??= import("sharp").then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  }));
}

/** A refusal of the content: 415 for a kind we do not take, 422 for a file that does not open or breaks a budget. */
export type ContentRefusal = { status: 415 | 422; reason: string };

const HOW_TO_IMAGE = "请将图片另存为 JPEG 或 PNG（或直接截图）后重新上传";
/** What to do about a refused PDF (the end of each PDF refusal's reason). */
export const HOW_TO_PDF = "请用原程序“导出为 PDF”或重新扫描后上传";

/**
 * The kind of the bytes, or a refusal that names what the file is and what to do instead. A PDF header
 * may sit anywhere in the first 1024 bytes (scanners put bytes before `%PDF-`; PDF readers accept it,
 * ISO 32000-1 annex H.3 note 3), which file-type does not look for. `hints` only shape the message for
 * bytes of no kind we take: under a name ending in one of our kinds' extensions they are a damaged file
 * of that kind if they begin as one, else the message says what they really are; `accept` (MIME types,
 * parseAccept) limits the kinds the message offers (a photo field never suggests a PDF).
 */
export async function detectKind(bytes: Buffer, hints: { name?: string; accept?: string[] } = {}): Promise<FileKind | ContentRefusal> {
  const { fileTypeFromBuffer } = await import("file-type");
  const found = await fileTypeFromBuffer(bytes);
  if (found?.mime === "application/pdf") return "pdf";
  if (found?.mime === "image/jpeg") return "jpeg";
  if (found?.mime === "image/png") return "png";
  if (!found && bytes.subarray(0, 1024).includes("%PDF-", 0, "latin1")) return "pdf";
  if (found && /^image\/hei[cf]/.test(found.mime)) {
    return { status: 415, reason: "不支持 HEIC 格式的照片（苹果手机默认格式）。请在手机“设置 → 相机 → 格式”中选择“兼容性最佳”后重新拍摄，或截图后上传截图" };
  }
  if (found?.mime.startsWith("image/")) return { status: 415, reason: `不支持 ${found.ext.toUpperCase()} 格式的图片，${HOW_TO_IMAGE}` };
  if (found && /^(docx|doc|xlsx|xls|pptx|ppt|wps|odt|rtf)$/.test(found.ext)) {
    return { status: 415, reason: `不支持直接上传 Office 文档，${HOW_TO_PDF}` };
  }
  const named = (Object.keys(FILE_TYPES) as FileKind[]).find((k) => extensionMatches(k, hints.name ?? ""));
  if (named) return notWhatItIsNamed(named, bytes, found?.ext);
  const accept = hints.accept ?? [];
  const images = accepted("jpeg", accept) || accepted("png", accept);
  if (!accepted("pdf", accept) && images) return { status: 415, reason: `此处只能上传 JPEG 或 PNG 图片，${HOW_TO_IMAGE}` };
  if (!images) return { status: 415, reason: `此处只能上传 PDF 文件，${HOW_TO_PDF}` };
  return { status: 415, reason: "仅支持上传 PDF 文件、JPEG 或 PNG 图片：文档请导出为 PDF，照片请另存为 JPEG 或 PNG 后上传" };
}

/**
 * The refusal of bytes named as a `named` file that are not one: damaged (422) when they begin as such a
 * file does, else 415 naming what they really are ("文件内容不是 PNG 图片（实际为 HTML 文本）").
 */
function notWhatItIsNamed(named: FileKind, bytes: Buffer, foundExt?: string): ContentRefusal {
  const label = FILE_TYPES[named].label;
  if (beginsAs(named, bytes)) {
    return { status: 422, reason: named === "pdf" ? `PDF 文件已损坏，无法打开，${HOW_TO_PDF}` : `${label}已损坏，无法读取，${HOW_TO_IMAGE}` };
  }
  const actual = describeContent(bytes, foundExt);
  return { status: 415, reason: `文件内容不是 ${label}（实际为${/^[\x21-\x7e]/.test(actual) ? " " : ""}${actual}），请选择真正的 ${label}` };
}

/**
 * Decodes an image with sharp within the pixel budget and returns it normalised: EXIF orientation
 * applied, colour converted to sRGB (CMYK scans included), all metadata (EXIF, GPS, ICC, XMP) dropped,
 * at most `maxSide` pixels on the long side, re-encoded in its own kind (PNG stays lossless). Refuses
 * (422, reason in Chinese) an image over the budget, judged from the header before anything is decoded,
 * and one that does not decode completely (damaged or cut-off data).
 */
export async function normaliseImage(bytes: Buffer, kind: "png" | "jpeg", maxSide = STORED_IMAGE_SIDE): Promise<{ bytes: Buffer } | ContentRefusal> {
  const label = FILE_TYPES[kind].label;
  const sharp = await loadSharp();
  let width = 0;
  let height = 0;
  try {
    ({ width = 0, height = 0 } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    return { status: 422, reason: `${label}已损坏，无法读取，${HOW_TO_IMAGE}` };
  }
  if (!width || !height) return { status: 422, reason: `${label}已损坏，无法读取，${HOW_TO_IMAGE}` };
  if (width * height > PIXEL_BUDGET) {
    return {
      status: 422,
      reason: `图片尺寸过大（${width} × ${height} 像素，上限为 ${PIXEL_BUDGET / 1_000_000} 百万像素），请缩小图片或截图后重新上传`,
    };
  }
  try {
    let img = sharp(bytes, { limitInputPixels: PIXEL_BUDGET, failOn: "truncated", sequentialRead: true })
      .timeout({ seconds: IMAGE_SECONDS })
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb");
    img = kind === "png" ? img.png() : img.jpeg({ quality: 90 });
    return { bytes: await img.toBuffer() };
  } catch {
    return { status: 422, reason: `${label}已损坏或不完整，无法打开，${HOW_TO_IMAGE}` };
  }
}

// C0/C1 control characters, and the bidirectional overrides that can disguise an extension ("gpj.exe").
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Null when `name` is acceptable as a display name (it is never used as a path), else a Chinese reason. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return "文件名不能为空，请重新选择文件";
  if ([...name].length > 200) return "文件名过长（最多 200 个字符），请改短后重新上传";
  if (BAD_NAME_CHARS.test(name)) return "文件名包含不允许的控制字符，请重命名后重新上传";
  if (/[/\\]/.test(name) || name === "." || name === "..") return "文件名不能包含路径（/、\\ 或 ..），请重命名后重新上传";
  return null;
}

export const extensionOf = (name: string) => (/\.([^.]+)$/.exec(name)?.[1] ?? "").toLowerCase();

export function extensionMatches(kind: FileKind, name: string): boolean {
  return (FILE_TYPES[kind].extensions as readonly string[]).includes(extensionOf(name));
}

/** The MIME types of a widget's `accept` list ("image/png,application/pdf", "image/*"); empty = any. */
export function parseAccept(accept: string): string[] {
  return accept.split(",").map((s) => s.trim().toLowerCase()).filter((s) => /^[a-z]+\/[a-z0-9.+*-]+$/.test(s));
}

const acceptsMime = (accept: string[], mime: string) => accept.some((a) => a === mime || (a.endsWith("/*") && mime.startsWith(a.slice(0, -1))));

export function accepted(kind: FileKind, accept: string[]): boolean {
  return !accept.length || acceptsMime(accept, FILE_TYPES[kind].mime);
}

/** "PDF 文件、PNG 图片" for the MIME types of an accept list, for refusal messages. */
export function describeAccept(accept: string[]): string {
  const labels = Object.values(FILE_TYPES).filter((t) => acceptsMime(accept, t.mime)).map((t) => t.label);
  return labels.length ? labels.join("、") : "（无）";
}
