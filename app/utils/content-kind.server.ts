// What a file that is not what its name says really holds, in words a user recognises ("HTML 文本",
// "ZIP 压缩包"), and whether its bytes begin as one of our kinds (then it is damaged, not something else).
// file-type recognises binary formats only; text (HTML, SVG, plain) is told apart here from its first bytes.

/** The file-type extensions users know by a Chinese name; any other is shown as "<EXT> 文件". */
const KNOWN: Record<string, string> = {
  zip: "ZIP 压缩包", rar: "RAR 压缩包", "7z": "7Z 压缩包", gz: "GZIP 压缩包", tar: "TAR 压缩包",
  exe: "Windows 程序", elf: "程序文件", xml: "XML 文本", mp4: "MP4 视频", mov: "MOV 视频", avi: "AVI 视频",
  mp3: "MP3 音频", wav: "WAV 音频", m4a: "M4A 音频", ofd: "OFD 文档",
};

/** Begins-with checks for our kinds: a file that starts so but does not open is damaged (cut off, converted). */
const STARTS: Record<"pdf" | "png" | "jpeg", (b: Buffer) => boolean> = {
  // Anywhere, not only in the first 1024 bytes: a header pushed further is a PDF no reader opens.
  pdf: (b) => b.includes("%PDF-", 0, "latin1"),
  // The first four bytes only: a PNG sent through a text-mode transfer has its line-ending bytes changed.
  png: (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8,
};

/** True when `bytes` begin as a file of `kind` does, so a refusal may call it damaged rather than something else. */
export function beginsAs(kind: keyof typeof STARTS, bytes: Buffer): boolean {
  return STARTS[kind](bytes);
}

/**
 * What the bytes are, in Chinese, for "文件内容不是 PNG 图片（实际为 …）": `found` is file-type's extension
 * when it recognised the bytes. Text is HTML (a saved web page), SVG, XML or plain text; anything else is
 * 无法识别的内容.
 */
export function describeContent(bytes: Buffer, found?: string): string {
  // file-type calls any text starting `<?xml` XML: an SVG is told apart below.
  if (found && found !== "xml") return KNOWN[found] ?? `${found.toUpperCase()} 文件`;
  const text = asText(bytes.subarray(0, 4096));
  if (text === null) return found ? KNOWN[found] : "无法识别的内容";
  const head = text.replace(/^\uFEFF/, "").trimStart().slice(0, 1024).toLowerCase();
  if (/^<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/.test(head)) return "HTML 文本";
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(head)) return "SVG 矢量图";
  if (head.startsWith("<?xml")) return "XML 文本";
  return "纯文本";
}

/**
 * The bytes as text, or null when they are not text: UTF-8 (a character cut at the end of the sample is
 * fine) with no control characters other than tab, line feed, carriage return and form feed. GBK text
 * is not UTF-8 and reads as 无法识别的内容, which is still true of an image.
 */
function asText(sample: Buffer): string | null {
  if (!sample.length) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}
