// The pledge (承诺书) as a PDF: a batch's template text with the expert's name and ID filled in,
// a signature line, and the same hash footer as the application form. Drawn in the document worker
// pool (PLEDGE_TASK, pledge-task.ts; app/workers/documents.server.ts lists ADMISSION_WORKER_TASKS), never
// on a request's thread.
import { grayscale } from "pdf-lib";
import { FOOTER_HEIGHT, hashFooter } from "~/engine/documents/footer.server";
import { DocWriter } from "~/engine/documents/layout.server";
import { implementTask } from "~/engine/documents/worker-task";
import { PLEDGE_TASK } from "./pledge-task";
import type { PledgeInput } from "./pledge-task";

/**
 * Replaces {{key}} (spaces allowed inside the braces) with values[key]. An unknown placeholder is left
 * as written, so a typo in a batch's template shows on the page instead of vanishing.
 */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole,
  );
}

const SIZE = 11.5;
const LINE = 20.5;
const ROW = 30;

/**
 * The pledge's PDF bytes: the title lines centred, the filled-in text in indented paragraphs (the last one
 * kept on the page of the signature block), the signature block, the hash footer on every page. Synchronous
 * drawing of the whole document: run it through PLEDGE_TASK in the worker pool.
 */
export async function renderPledge(input: PledgeInput): Promise<Uint8Array> {
  const writer = await DocWriter.create({ top: 54, right: 58, bottom: FOOTER_HEIGHT, left: 58 });
  const blankDate = "            年        月        日";
  const values = { ...input.values, date: input.values.date.trim() || blankDate };

  for (const line of input.title.split("\n").filter((l) => l.trim())) {
    writer.lines([line.trim()], writer.left, writer.cursor, writer.width, { size: 18, lineHeight: 30, align: "center", bold: true });
    writer.gap(30);
  }
  writer.gap(12);

  const paragraphs = fillTemplate(input.text, values)
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, "").trim())
    .filter(Boolean);
  // The printed name beside the handwritten signature: the manual's text does not name the signer.
  const rows = [
    { label: "姓名：", value: values.name, line: false },
    { label: "承诺人（签字）：", value: "", line: true },
    { label: "身份证号：", value: values.idCard, line: false },
    { label: "日期：", value: values.date, line: false },
  ];
  const signatureHeight = 18 + rows.length * ROW;
  paragraphs.forEach((p, i) => {
    // The signature never stands alone on a page: the last paragraph goes with it.
    if (i === paragraphs.length - 1) writer.ensure(writer.wrap(p, writer.width, SIZE, 2 * SIZE).length * LINE + signatureHeight);
    writer.paragraph(p, { size: SIZE, lineHeight: LINE, indent: 2 * SIZE, after: 4 });
  });

  // Signature block, in the right half of the page.
  writer.gap(18);
  const x = writer.left + writer.width * 0.42;
  for (const row of rows) {
    const baseline = writer.cursor - 22;
    writer.text(row.label, x, baseline, { size: SIZE });
    const vx = x + writer.measure(row.label, SIZE);
    if (row.line) {
      writer.page.drawLine({ start: { x: vx, y: baseline - 4 }, end: { x: writer.left + writer.width, y: baseline - 4 }, thickness: 0.6, color: grayscale(0.2) });
    } else {
      writer.text(row.value, vx, baseline, { size: SIZE });
    }
    writer.gap(ROW);
  }

  return writer.finish(hashFooter(writer, { reference: input.reference, dataHash: input.dataHash }), {
    title: input.title.replace(/\n/g, " "),
    date: input.generatedAt ?? new Date(),
    producer: input.producer,
  });
}

/** The admission feature's worker tasks, for the app's worker entry. */
export const ADMISSION_WORKER_TASKS = [implementTask(PLEDGE_TASK, renderPledge)] as const;
