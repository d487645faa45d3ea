import "../setup/guard";
// Printed documents: the application form prints every section, label and value of any form from its
// schema (checked by extracting the text with poppler's pdftotext), carries the data hash on every
// page, paginates long content, and stays small and quick; the pledge fills in its template.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dataHashOf } from "~/engine/documents/application-form-content.server";
import type { ApplicationFormInput, ApplicationSection } from "~/engine/documents/application-form-content.server";
import { renderApplicationForm } from "~/engine/documents/application-form.server";
import { DEFAULT_PLEDGE_TEXT, DEFAULT_PLEDGE_TITLE } from "~/features/admission/documents/default-pledge";
import { FONT_CHAIN, fontIndexFor, missingGlyphs } from "~/engine/documents/font.server";
import { DocWriter } from "~/engine/documents/layout.server";
import { fillTemplate, renderPledge } from "~/features/admission/documents/pledge.server";
import { wrapText } from "~/engine/documents/wrap";
import { isSchemaNode, resolveRef } from "~/engine/forms/schema-walk";
import type { SchemaNode } from "~/engine/forms/schema-walk";
import type { FormDefinition } from "~/engine/forms/validate";
import { FILE_REF, ID_CARD_MALE, loadFormFiles, VALID_SAMPLES } from "../fixtures/form-samples";
import { tinyPng } from "../fixtures/tiny-png";

const EXPERT_FORMS = ["expert-basic-info", "expert-education", "expert-titles", "expert-qualifications", "expert-work-history", "expert-avoidance"];
const definitions = new Map(loadFormFiles().map((f) => [f.stem, f.definition]));
const PNG = tinyPng();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "documents-test-"));
let fileNo = 0;

function sampleSections(): ApplicationSection[] {
  return EXPERT_FORMS.map((key) => ({ definition: definitions.get(key)!, data: structuredClone(VALID_SAMPLES[key]) }));
}

function formInput(sections = sampleSections(), extra: Partial<ApplicationFormInput> = {}): ApplicationFormInput {
  return {
    title: "评标专家入库申请表",
    applicationNumber: "SQ2025-0001-000123",
    sections,
    loadImage: async (ref) => (ref === FILE_REF ? { bytes: PNG, mime: "image/png" } : null),
    generatedAt: new Date("2025-05-23T10:00:00+08:00"),
    ...extra,
  };
}

function save(pdf: Uint8Array): string {
  const file = path.join(tmp, `doc-${++fileNo}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}

function poppler(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  assert.is(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

/** Text per page (pdftotext separates pages with form feeds). */
function pages(pdf: Uint8Array, mode: "-layout" | "-raw" = "-layout"): string[] {
  const out = poppler("pdftotext", [mode, "-enc", "UTF-8", save(pdf), "-"]);
  return out.split("\f").slice(0, -1);
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** Page `page` of a PDF file rendered by pdftoppm in grey at `dpi`: one byte a pixel, 0 = black. */
function renderGray(file: string, page: number, dpi: number): Buffer {
  const prefix = path.join(tmp, `render-${++fileNo}`);
  poppler("pdftoppm", ["-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", "-gray", file, prefix]);
  const pgm = fs.readFileSync(`${prefix}.pgm`);
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString("latin1"))!;
  return pgm.subarray(header[0].length);
}

const darkPixels = (pixels: Buffer) => pixels.reduce((n, p) => n + (p < 128 ? 1 : 0), 0);

/** The fonts a PDF embeds (pdffonts), without the tag pdf-lib appends to a subset's name ("-1234"). */
function embeddedFonts(pdf: Uint8Array): string[] {
  const lines = poppler("pdffonts", [save(pdf)]).trim().split("\n").slice(2);
  return lines.map((l) => l.trim().split(/\s+/)[0].replace(/-\d+$/, ""));
}

/**
 * What the printout must show for a form, found independently of the renderer: the title of every
 * property (through objects and arrays of objects) and every filled value in the data.
 */
/**
 * The labels and values a printout of `data` must hold, from the schema alone — except a `specialty`
 * widget's list, printed as one line of names (codes here: no names given) with the main one marked.
 */
function expectations(definition: FormDefinition, data: unknown): { labels: string[]; values: string[] } {
  const root = definition.schema;
  const ui = isSchemaNode(definition.uiSchema) ? definition.uiSchema : {};
  const isSpecialty = (key: string) => isSchemaNode(ui[key]) && ui[key]["ui:widget"] === "specialty";
  const labels: string[] = [];
  const values: string[] = [];
  const walkSchema = (node: SchemaNode, top: boolean) => {
    const props = isSchemaNode(node.properties) ? node.properties : {};
    for (const [key, child] of Object.entries(props)) {
      if (!isSchemaNode(child)) continue;
      const s = resolveRef(root, child);
      if (typeof s.title === "string") labels.push(s.title);
      if (top && isSpecialty(key)) continue;
      if (isSchemaNode(s.properties)) walkSchema(s, false);
      const items = isSchemaNode(s.items) ? resolveRef(root, s.items) : null;
      if (items && isSchemaNode(items.properties)) walkSchema(items, false);
    }
  };
  walkSchema(resolveRef(root, root), true);
  const walkData = (v: unknown) => {
    if (typeof v === "string") values.push(v.startsWith("file:") ? "已上传" : v);
    else if (typeof v === "boolean") values.push(v ? "是" : "否");
    else if (typeof v === "number") values.push(String(v));
    else if (Array.isArray(v)) v.forEach(walkData);
    else if (isSchemaNode(v)) Object.values(v).forEach(walkData);
  };
  for (const [key, v] of Object.entries(isSchemaNode(data) ? data : {})) {
    if (isSpecialty(key) && Array.isArray(v)) values.push(v.map((c: { code: string; main?: boolean }) => `${c.code}${c.main ? "（主专业）" : ""}`).join("、"));
    else walkData(v);
  }
  return { labels, values };
}

test("the application form prints every section, label and value of the expert forms", async () => {
  const sections = sampleSections();
  const pdf = await renderApplicationForm(formInput(sections));
  const text = pages(pdf).join("\n");
  const flat = squash(text);
  assert.not.ok(text.includes("\uFFFD"), "no replacement characters");
  for (const { definition, data } of sections) {
    assert.ok(flat.includes(squash(definition.title)), `section title ${definition.title}`);
    const { labels, values } = expectations(definition, data);
    for (const label of labels) {
      // The photo's label gives way to the photo itself (checked below).
      if (definition.key === "expert-basic-info" && label === "一寸免冠照") continue;
      assert.ok(flat.includes(squash(label)), `${definition.key}: label ${label}`);
    }
    for (const value of values) assert.ok(flat.includes(squash(value)), `${definition.key}: value ${value}`);
    assert.equal(missingGlyphs([definition.title, ...labels, ...values].join("")), [], "the font draws every character");
  }
  for (const must of ["评标专家入库申请表", "SQ2025-0001-000123", "申请人签字：", "日期：", "单位公章", "盖章处", "一、基本信息", "六、回避单位"]) {
    assert.ok(flat.includes(must), must);
  }
  // The photo (and the ID card image, the same upload here) is embedded once as an image.
  const images = poppler("pdfimages", ["-list", save(pdf)]).trim().split("\n").slice(2);
  assert.ok(images.length >= 1, "an image is embedded");
});

test("every page carries the application number, 第 N 页 / 共 M 页 and the 校验码 of the data hash", async () => {
  const sections = sampleSections();
  const hash = dataHashOf(sections);
  assert.match(hash, /^[0-9a-f]{64}$/);
  const texts = pages(await renderApplicationForm(formInput(sections)));
  assert.ok(texts.length >= 1);
  texts.forEach((t, i) => {
    assert.match(t, new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${texts.length}\\s*页`));
    assert.is(/校验码\s*([0-9A-F]{8})/.exec(t)?.[1], hash.slice(0, 8).toUpperCase());
    assert.ok(t.includes("SQ2025-0001-000123"));
  });
});

test("dataHashOf changes with any value and ignores key order", () => {
  const a = sampleSections();
  const b = sampleSections();
  assert.is(dataHashOf(a), dataHashOf(b));
  (b[0].data as Record<string, unknown>).address = "新疆维吾尔自治区乌鲁木齐市天山区解放南路2号";
  assert.is.not(dataHashOf(a), dataHashOf(b));
  const reordered = sampleSections();
  reordered[0] = { ...reordered[0], data: Object.fromEntries(Object.entries(reordered[0].data as object).reverse()) };
  assert.is(dataHashOf(reordered), dataHashOf(a));
  const bumped = sampleSections();
  bumped[1] = { ...bumped[1], definition: { ...bumped[1].definition, version: 2 } };
  assert.is.not(dataHashOf(bumped), dataHashOf(a), "the form version is part of the hash");
});

test("a field an administrator adds to a schema is printed with no code", async () => {
  const base = definitions.get("expert-basic-info")!;
  const definition: FormDefinition = structuredClone(base);
  (definition.schema.properties as Record<string, unknown>).extraField = { type: "string", title: "新增字段" };
  (definition.schema.properties as Record<string, unknown>).extraFlag = { type: "boolean", title: "是否新增开关" };
  // Only one of them is placed by ui:order; the other prints at the end of the section.
  (definition.uiSchema!["ui:order"] as string[]).splice(1, 0, "extraField");
  const data = { ...VALID_SAMPLES["expert-basic-info"], extraField: "新增字段的内容", extraFlag: false };
  const flat = squash(pages(await renderApplicationForm(formInput([{ definition, data }]))).join("\n"));
  for (const s of ["新增字段", "新增字段的内容", "是否新增开关"]) assert.ok(flat.includes(s), s);
  assert.ok(flat.indexOf("新增字段") < flat.indexOf("出生日期"), "ui:order places the new field");
});

test("long text wraps, long lists run over several pages, and no row is lost", async () => {
  const definition = definitions.get("expert-work-history")!;
  const duties = "负责房屋建筑工程施工图审查与技术把关，组织编制投标技术方案，参与大型市政道路、桥梁及给排水工程的招标文件编制与评审工作，累计主持评审项目一百余项。".repeat(3);
  const workHistory = Array.from({ length: 30 }, (_, i) => ({
    period: { start: `${1990 + i}-01-01`, end: `${1990 + i}-12-31` },
    unit: `新疆第${i + 1}建设工程有限公司`,
    position: "项目经理",
    duties: i === 3 ? duties : `第${i + 1}项工作内容`,
  }));
  const basic = definitions.get("expert-basic-info")!;
  const longAddress = "新疆维吾尔自治区乌鲁木齐市天山区解放南路一号院三号楼二单元十五层一千五百零一室（近人民广场东侧，请从北门进入后左转）";
  const sections = [
    { definition: basic, data: { ...VALID_SAMPLES["expert-basic-info"], address: longAddress } },
    { definition, data: { workHistory } },
  ];
  const pdf = await renderApplicationForm(formInput(sections));
  const layout = pages(pdf);
  assert.ok(layout.length >= 2, `spans ${layout.length} pages`);
  layout.forEach((t, i) => assert.match(t, new RegExp(`第\\s*${i + 1}\\s*页\\s*/\\s*共\\s*${layout.length}\\s*页`)));
  // Wrapped: no single printed line holds the long address or the long duties…
  for (const line of layout.join("\n").split("\n")) {
    assert.not.ok(squash(line).includes(squash(longAddress)));
    assert.not.ok(squash(line).includes(duties.slice(0, 60)));
  }
  // …yet, read in drawing order, each is there in full.
  const raw = squash(pages(pdf, "-raw").join("\n"));
  assert.ok(raw.includes(squash(longAddress)), "long address complete");
  assert.ok(raw.includes(duties), "long duties complete");
  for (const row of workHistory) assert.ok(raw.includes(row.unit), row.unit);
  // The table header comes back on the next page.
  const continued = layout.slice(1).find((t) => t.includes("新疆第30建设工程有限公司"))!;
  assert.ok(continued && squash(continued).includes("工作内容"), "header repeated");
});

test("a text longer than a page continues on the next page, nothing lost", async () => {
  const definition: FormDefinition = {
    key: "long-note",
    version: 1,
    title: "补充说明",
    schema: { type: "object", properties: { note: { type: "string", title: "说明" }, after: { type: "string", title: "其后字段" } } },
    uiSchema: { note: { "ui:widget": "textarea" } },
  };
  const note = Array.from({ length: 120 }, (_, i) => `第${i + 1}句：评标专家应当客观公正地履行职责。`).join("");
  const pdf = await renderApplicationForm(formInput([{ definition, data: { note, after: "尾部内容" } }]));
  const raw = squash(pages(pdf, "-raw").join("\n"));
  assert.ok(pages(pdf).length >= 2);
  // The whole text, in order, once the page furniture between its two parts is taken out.
  const body = pages(pdf, "-raw")
    .map((page) => page.split("\n").filter((line) => !/申请编号|校验码|扫描右侧|说明（续）|^说明$/.test(line.trim())).join(""))
    .join("");
  assert.ok(squash(body).includes(squash(note)), "the whole text, in order");
  assert.ok(raw.includes("说明（续）"));
  assert.ok(raw.includes("尾部内容"));
});

test("empty values print as a dash, an empty list as 无, files without an image loader as 已上传", async () => {
  const basic = definitions.get("expert-basic-info")!;
  const avoidance = definitions.get("expert-avoidance")!;
  const data = { name: "李四", photo: FILE_REF, idCardFront: FILE_REF };
  const pdf = await renderApplicationForm(formInput([{ definition: basic, data }, { definition: avoidance, data: { hasUnits: "无", units: [] } }], { loadImage: undefined }));
  const flat = squash(pages(pdf).join("\n"));
  assert.ok(flat.includes("李四"));
  assert.ok(flat.includes("—"));
  assert.ok(flat.includes("无"));
  assert.ok(flat.includes("已上传"), "the ID card upload");
  assert.ok(flat.includes("一寸免冠照"), "the photo box shows its label when there is no image");
});

test("a page renders to a picture with ink on it", async () => {
  const pixels = renderGray(save(await renderApplicationForm(formInput())), 1, 50);
  const dark = darkPixels(pixels);
  assert.ok(dark > pixels.length * 0.01, `dark pixels: ${dark} of ${pixels.length}`);
});

test("size and warm render time of the sample application form", async () => {
  await renderApplicationForm(formInput()); // warm-up: font parsing, JIT
  const runs = 10;
  let pdf: Uint8Array = new Uint8Array();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) pdf = await renderApplicationForm(formInput());
  const ms = (performance.now() - t0) / runs;
  console.log(`  application form: ${ms.toFixed(1)} ms warm (mean of ${runs}), ${(pdf.length / 1024).toFixed(1)} KB, ${pages(pdf).length} pages`);
  assert.ok(pdf.length <= 150 * 1024, `${pdf.length} bytes`);
});

test("the 申请表 prints specialty names from the catalog, the main one marked; a code the catalog lacks prints as it is", async () => {
  const named = squash(pages(await renderApplicationForm(formInput(sampleSections(), { specialtyNames: { A01: "建筑工程施工", A02: "建筑结构" } }))).join("\n"));
  assert.ok(named.includes("建筑工程施工（主专业）、建筑结构"), named.slice(0, 600));
  assert.not.ok(/A0[12]/.test(named), "no specialty code printed");
  const unnamed = squash(pages(await renderApplicationForm(formInput(sampleSections(), { specialtyNames: { A01: "建筑工程施工" } }))).join("\n"));
  assert.ok(unnamed.includes("建筑工程施工（主专业）、A02"), "an unknown code is printed, not dropped");
});

test("the pledge fills in name, ID number and date, with the hash footer", async () => {
  const hash = dataHashOf(sampleSections());
  const pdf = await renderPledge({
    title: DEFAULT_PLEDGE_TITLE,
    text: DEFAULT_PLEDGE_TEXT,
    values: { name: "张三", idCard: ID_CARD_MALE, date: "2025年5月23日" },
    dataHash: hash,
  });
  const texts = pages(pdf);
  const flat = squash(texts.join("\n"));
  // The manual's title on two centred lines, its preamble and clauses (一) and (二) word for word.
  for (const s of ["新疆维吾尔自治区房屋与市政基础设施工程", "评标专家信用承诺书", "姓名：张三", ID_CARD_MALE, "2025年5月23日", "承诺人（签字）：", "身份证号：",
    "为维护公平、公正、科学、择优的评标原则，树立评标专家诚实守信的形象，本人作出以下承诺：", "(一)所提交的个人信息及专家申报材料", "并对所提供资料的真实性负责；",
    "(二)严格按照国家和新疆维吾尔自治区关于招标投标的法律、法规、规章和规范性文件的规定", "遵守评标工作纪律，维护评标秩序。"]) {
    assert.ok(flat.includes(s), s);
  }
  assert.not.ok(flat.includes("{{"), "every placeholder filled");
  assert.is(/校验码\s*([0-9A-F]{8})/.exec(texts[0])?.[1], hash.slice(0, 8).toUpperCase());
  assert.equal(missingGlyphs(fillTemplate(DEFAULT_PLEDGE_TEXT, { name: "张三", idCard: ID_CARD_MALE, date: "" })), []);
});

// A name with an Extension B ideograph (𠮷 U+20BB7, not in Noto Sans SC) and an Extension A one.
const RARE_NAME = "𠮷野䶮";
const PRIMARY_FONT = "NotoSansSC-Regular";

test("a rare-character name round-trips through the text of the pledge and the application form", async () => {
  const pledge = await renderPledge({
    title: DEFAULT_PLEDGE_TITLE,
    text: DEFAULT_PLEDGE_TEXT,
    values: { name: RARE_NAME, idCard: ID_CARD_MALE, date: "2025年5月23日" },
    dataHash: dataHashOf(sampleSections()),
  });
  const basic = definitions.get("expert-basic-info")!;
  const form = await renderApplicationForm(formInput([{ definition: basic, data: { ...VALID_SAMPLES["expert-basic-info"], name: RARE_NAME } }]));
  for (const [what, pdf, context] of [["承诺书", pledge, `姓名：${RARE_NAME}`], ["申请表", form, RARE_NAME]] as const) {
    // In drawing order and laid out: the runs of different fonts join into the name, nothing lost or
    // replaced (the ToUnicode map of the fallback font carries the supplementary-plane code point).
    for (const mode of ["-raw", "-layout"] as const) {
      const text = pages(pdf, mode).join("\n");
      assert.ok(squash(text).includes(context), `${what} ${mode}: ${context} in ${JSON.stringify(text.slice(0, 400))}`);
      assert.not.ok(text.includes("\uFFFD"), `${what}: no replacement characters`);
    }
    const fonts = embeddedFonts(pdf);
    assert.ok(fonts.includes(PRIMARY_FONT) && fonts.includes("HanaMinB"), `${what}: ${fonts.join(", ")}`);
  }
});

test("a fallback font is embedded only when one of its glyphs is drawn", async () => {
  assert.equal(embeddedFonts(await renderApplicationForm(formInput())), [PRIMARY_FONT]);
  const plain = await renderPledge({ title: DEFAULT_PLEDGE_TITLE, text: DEFAULT_PLEDGE_TEXT, values: { name: "张三", idCard: ID_CARD_MALE, date: "" }, dataHash: "0".repeat(64) });
  assert.equal(embeddedFonts(plain), [PRIMARY_FONT]);
});

test("rare characters print as their glyphs, not as empty boxes", async () => {
  // One character a page, large: each rare one, a character no font has (.notdef: an empty box) and a
  // common one. A real glyph has ink and differs from the box.
  const NOTDEF = "\u{323B0}"; // Extension J (Unicode 17.0): in no font of the chain
  assert.equal(missingGlyphs(NOTDEF), [NOTDEF]);
  const chars = [...RARE_NAME, "张", NOTDEF];
  const writer = await DocWriter.create({ top: 40, right: 40, bottom: 40, left: 40 });
  chars.forEach((ch, i) => {
    if (i) writer.addPage();
    writer.text(ch, 200, 500, { size: 120 });
  });
  const file = save(await writer.finish(() => {}, { title: "glyphs", date: new Date("2025-05-23T10:00:00+08:00") }));
  const bitmaps = chars.map((_, i) => renderGray(file, i + 1, 36));
  const box = bitmaps[chars.length - 1];
  chars.slice(0, -1).forEach((ch, i) => {
    const font = FONT_CHAIN[fontIndexFor(ch.codePointAt(0)!)].name;
    assert.ok(darkPixels(bitmaps[i]) > 100, `${ch} (${font}) has ink: ${darkPixels(bitmaps[i])} dark pixels`);
    assert.not.ok(bitmaps[i].equals(box), `${ch} (${font}) is not drawn as the empty box`);
  });
});

test("fillTemplate leaves unknown placeholders visible", () => {
  assert.is(fillTemplate("{{name}}（{{ idCard }}）{{nmae}}", { name: "张三", idCard: "1" }), "张三（1）{{nmae}}");
});

test("line breaking: CJK breaks anywhere, Latin words stay whole, no line opens with closing punctuation", () => {
  const measure = (s: string) => Array.from(s).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 10 : 5), 0);
  const lines = wrapText("本人承诺所填信息真实准确，如有虚假愿承担责任。", 100, measure);
  assert.ok(lines.length > 1);
  for (const line of lines) {
    assert.ok(measure(line) <= 100 + 10, line);
    assert.not.match(line, /^[，。、；：？！）]/);
  }
  assert.is(lines.join(""), "本人承诺所填信息真实准确，如有虚假愿承担责任。");
  const latin = wrapText("邮箱 zhangsan@example.com 已验证", 120, measure);
  assert.ok(latin.some((l) => l.includes("zhangsan@example.com")), latin.join("|"));
  const long = wrapText("a".repeat(50), 100, measure);
  assert.ok(long.length >= 3 && long.every((l) => measure(l) <= 100));
  assert.equal(wrapText("第一行\n第二行", 500, measure), ["第一行", "第二行"]);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
