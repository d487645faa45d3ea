// Issue 14 §1 and §4: what an upload is, and whether it opens, is decided by its content under budgets,
// with a precise Chinese reason that says what to do: decompression bombs and damaged images refused
// before anything is stored, images normalised (EXIF orientation) so the 申请表 prints them upright, a
// damaged image that reached storage anyway cannot stall printing, encrypted PDFs named as such, a PDF
// header after leading bytes accepted, JPEG under its other extensions accepted, HEIC with a fix; bytes
// that are not what their name says (a web page renamed .png) named for what they are, not as damaged.
import "../setup/guard";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from "pdf-lib";
import sharp from "sharp";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { db, type Client } from "../setup/app";
import { signedIn } from "../setup/factories";
import { act, start, step1 } from "../setup/applications";
import { JPEG, bombPng, damagedPng, encryptedPdf, heicPhoto, pdf, rotatedPhoneJpeg, storedFiles, upload, uploadedSha } from "../setup/uploads";

const CJK = /[\u4e00-\u9fff]/;
const t = suite("upload content");
let owner: Client;
let ownerId: number;

t.before(async () => {
  ({ client: owner, user: { id: ownerId } } = await signedIn("expert"));
});

const uploadsCount = async () => Number((await db("uploads").count<{ n: number | string }[]>({ n: "*" }))[0].n);

/** Expects a refusal with `status`, a Chinese reason matching `reason` that says what to do, nothing stored. */
async function refused(status: number, name: string, data: Buffer, reason: RegExp, accept?: string) {
  const rows = await uploadsCount();
  const files = storedFiles();
  const res = await upload(owner, name, data, { accept });
  const { error = "" } = (await res.json()) as { error?: string };
  assert.is(res.status, status, `${name}: ${error}`);
  assert.ok(CJK.test(error) && reason.test(error), `${name}: ${error}`);
  assert.ok(/请/.test(error), `${name}: the reason says what to do: ${error}`);
  assert.is(await uploadsCount(), rows, `no uploads row after refusing ${name}`);
  assert.equal(storedFiles(), files, `no file left after refusing ${name}`);
}

t("a decompression bomb (186 KB PNG declaring 8000 × 8000) is refused from its header, with the pixel budget", async () => {
  const bomb = await bombPng(8000, 8000);
  assert.ok(bomb.length < 200 * 1024, `${bomb.length} bytes`);
  const rss = process.memoryUsage().rss;
  const t0 = performance.now();
  await refused(422, "照片.png", bomb, /8000 × 8000.*40 百万像素/);
  assert.ok(performance.now() - t0 < 2000, "refused without decoding");
  assert.ok(process.memoryUsage().rss - rss < 150 * 1024 * 1024, "nothing near the 192 MB of pixels was allocated");
});

t("a PNG with damaged image data is refused at upload with the reason", async () => {
  await refused(422, "照片.png", damagedPng(), /PNG 图片已损坏/);
});

t("a phone photo with EXIF orientation 6 is stored upright, without metadata", async () => {
  const photo = await rotatedPhoneJpeg(80, 40);
  const stored = await uploadedSha(owner, "IMG_0001.jpg", photo);
  const bytes = Buffer.from(await (await owner.get(`/uploads/${stored}`)).arrayBuffer());
  const meta = await sharp(bytes).metadata();
  assert.equal([meta.width, meta.height], [40, 80], "turned upright");
  assert.is(meta.orientation, undefined, "no orientation left to apply twice");
  assert.is(meta.exif, undefined, "EXIF (GPS and all) stripped");
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  assert.ok(px(20, 2)[0] > 200 && px(20, 2)[2] < 50, `red on top: ${px(20, 2)}`);
  assert.ok(px(20, 77)[2] > 200 && px(20, 77)[0] < 50, `blue at the bottom: ${px(20, 77)}`);
});

t("a CMYK JPEG (as scanners and print shops save them) is stored as sRGB", async () => {
  const cmyk = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#d02030" } }).toColourspace("cmyk").jpeg().toBuffer();
  assert.is((await sharp(cmyk).metadata()).space, "cmyk");
  const stored = await uploadedSha(owner, "扫描.jpg", cmyk);
  const bytes = Buffer.from(await (await owner.get(`/uploads/${stored}`)).arrayBuffer());
  const meta = await sharp(bytes).metadata();
  assert.equal([meta.space, meta.channels], ["srgb", 3]);
});

/** Width × height of every image drawn into the PDF. */
async function embeddedImages(bytes: ArrayBuffer): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const out: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
    const n = (k: string) => (obj.dict.get(PDFName.of(k)) as PDFNumber).asNumber();
    out.push(`${n("Width")}×${n("Height")}`);
  }
  return out;
}

/** An application whose photo (and ID card image) is `ref`; the 申请表 printed for it. */
async function printedWithPhoto(client: Client, ref: string): Promise<Response> {
  const id = await start(client);
  const docs = await step1(client);
  docs["expert-basic-info"] = { ...docs["expert-basic-info"], photo: ref, idCardFront: ref };
  const saved = await act(client, id, { intent: "next", step: "basic-info", data: JSON.stringify(docs) });
  assert.is(saved.status, 200, saved.body.message);
  return client.get(`/apply/${id}/documents/application-form`);
}

t("the 申请表 prints a phone photo upright", async () => {
  const { client } = await signedIn("expert");
  const stored = await uploadedSha(client, "IMG_0002.jpg", await rotatedPhoneJpeg(80, 40));
  const res = await printedWithPhoto(client, `file:${stored}`);
  assert.is(res.status, 200);
  const images = await embeddedImages(await res.arrayBuffer());
  assert.ok(images.includes("40×80"), `upright photo embedded: ${images}`);
  assert.not.ok(images.includes("80×40"), `no sideways photo: ${images}`);
});

t("a damaged PNG already in storage (stored before these checks) cannot stall printing: it prints as 已上传", async () => {
  const { client, user } = await signedIn("expert");
  const bad = damagedPng();
  const sha = crypto.createHash("sha256").update(bad).digest("hex");
  const file = path.join(process.env.UPLOAD_DIR!, sha.slice(0, 2), sha);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bad);
  await db("uploads").insert({ owner_id: user.id, sha256: sha, size: bad.length, mime: "image/png", original_name: "旧照片.png", created_at: Date.now() });
  const t0 = performance.now();
  const res = await printedWithPhoto(client, `file:${sha}`);
  assert.is(res.status, 200);
  assert.ok(performance.now() - t0 < 15_000, "printed promptly");
  assert.equal(await embeddedImages(await res.arrayBuffer()), [], "the damaged image is not embedded");
});

t("bytes of no known kind: named .png they are not a PNG (not a damaged one); in a photo field the reason never offers a PDF", async () => {
  const junk = Buffer.from("这不是图片".repeat(50));
  await refused(415, "照片.png", junk, /^文件内容不是 PNG 图片（实际为纯文本），请选择真正的 PNG 图片$/, "image/png,image/jpeg");
  await refused(415, "承诺书.pdf", junk, /^文件内容不是 PDF 文件（实际为纯文本）/, "application/pdf");
  for (const name of ["照片", "照片.bmp"]) {
    const res = await upload(owner, name, junk, { accept: "image/png,image/jpeg" });
    const { error = "" } = (await res.json()) as { error?: string };
    assert.is(res.status, 415, error);
    assert.match(error, /只能上传 JPEG 或 PNG 图片/);
    assert.not.match(error, /PDF/, `${name}: a photo field's reason does not offer a PDF: ${error}`);
  }
  await refused(415, "扫描件", junk, /只能上传 PDF 文件/, "application/pdf");
});

t("a web page renamed photo.png is refused for what it is, never as a damaged PNG; a PNG that begins as one but does not decode is damaged", async () => {
  const page = Buffer.from('\uFEFF\n  <!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>照片</title></head><body><img src="a.png"></body></html>\n');
  for (const [name, accept] of [["photo.png", "image/png,image/jpeg"], ["photo.png", undefined], ["照片.PNG", "image/*"]] as const) {
    await refused(415, name, page, /^文件内容不是 PNG 图片（实际为 HTML 文本），请选择真正的 PNG 图片$/, accept);
  }
  await refused(415, "照片.jpg", page, /^文件内容不是 JPEG 图片（实际为 HTML 文本）/);
  await refused(415, "申请表.pdf", page, /^文件内容不是 PDF 文件（实际为 HTML 文本）/, "application/pdf");
  const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>');
  await refused(415, "logo.png", svg, /^文件内容不是 PNG 图片（实际为 SVG 矢量图）/);
  const zip = Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x00\x00\x00\x00", "latin1"), Buffer.alloc(200, 0x41)]);
  await refused(415, "照片.png", zip, /^文件内容不是 PNG 图片（实际为 ZIP 压缩包）/);
  await refused(415, "照片.png", Buffer.from([0x00, 0x13, 0x37, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]), /实际为无法识别的内容/);
  // Still 已损坏: a PNG whose signature a text-mode transfer changed (\r\n → \n), and a JPEG cut after its first bytes.
  const converted = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a]), damagedPng().subarray(8)]);
  await refused(422, "照片.png", converted, /PNG 图片已损坏/);
  await refused(422, "照片.jpg", Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00]), /JPEG 图片已损坏/);
});

t("an encrypted PDF is refused for its encryption, not as damaged", async () => {
  await refused(422, "证书.pdf", encryptedPdf(), /加密|密码/);
});

t("a PDF whose header follows leading bytes (within the first 1024) is accepted and stored as sent", async () => {
  const doc = Buffer.concat([Buffer.from("\r\n%scanner 1.0 preamble\r\n" + " ".repeat(300), "latin1"), await pdf("offset header")]);
  const stored = await uploadedSha(owner, "扫描件.pdf", doc);
  assert.is(stored, crypto.createHash("sha256").update(doc).digest("hex"));
  // Past 1024 bytes it is no PDF any reader opens: a damaged one, by its name.
  await refused(422, "扫描件.pdf", Buffer.concat([Buffer.alloc(1100, 0x20), await pdf("too far")]), /PDF 文件已损坏/);
});

t("a JPEG named .jfif, .jfi or .pjpeg is accepted: content decides", async () => {
  for (const name of ["照片.jfif", "照片.JFI", "照片.pjpeg"]) {
    const res = await upload(owner, name, JPEG);
    assert.is(res.status, 201, `${name}: ${JSON.stringify(await res.clone().json())}`);
    assert.is(((await res.json()) as { mime: string }).mime, "image/jpeg");
  }
});

t("an iPhone HEIC photo is refused with how to fix it", async () => {
  await refused(415, "IMG_1234.HEIC", heicPhoto(), /HEIC.*兼容性最佳.*截图/);
});

t("a PNG of 20000 × 20000 (1.1 MB) is refused as fast as a small bomb", async () => {
  const bomb = await bombPng(20000, 20000);
  const t0 = performance.now();
  await refused(422, "大图.png", bomb, /20000 × 20000/);
  assert.ok(performance.now() - t0 < 2000);
});

t("the document worker bundle loads in plain node (no tsx, which resolves ~/ only for the tests)", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", "await import('./build/document-worker.js')"], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  assert.is(r.status, 0, r.stderr);
});

t.run();
