// What the printed application form holds, apart from drawing it: its input, the data hash its footer
// carries, and which uploaded images it prints. Request handlers need these (to load and check the images,
// to compare a printout with the stored data) on the main thread; the drawing itself
// (application-form.server.ts, pdf-lib and the fonts) runs only in the document worker threads.
import { createHash } from "node:crypto";
import { canonicalJson } from "../forms/canonical-json";
import type { FormDefinition } from "../forms/validate";
import { printSection } from "./print-model";
import type { PrintField, PrintSection } from "./print-model";

export interface ApplicationSection {
  definition: FormDefinition;
  data: unknown;
}

export interface LoadedImage {
  bytes: Uint8Array;
  mime: "image/png" | "image/jpeg";
}

export interface ApplicationFormInput {
  /** The heading on page 1 and the PDF's title. */
  title: string;
  /** The application that prints it (the PDF's Creator and Producer). */
  producer?: string;
  applicationNumber: string;
  /** What that number is called where it is printed (top of page 1 and every footer); default 申请编号. */
  numberLabel?: string;
  sections: ApplicationSection[];
  /** Fetches an uploaded file by its reference; null when it is missing or not an image. */
  loadImage?: (ref: string) => Promise<LoadedImage | null>;
  /** dataHashOf(sections), if the caller has it already. */
  dataHash?: string;
  generatedAt: Date | string;
  /** The applicant's promise above the signature line. */
  declaration?: string;
  /**
   * The field printed in the photo box at the top right of page 1: by default the first top-level
   * property called "photo" holding a file reference; null for no photo box.
   */
  photoField?: { key: string; property: string } | null;
  /** Specialty code → name: the `specialty` widget's choices print by name (unknown codes as they are). */
  specialtyNames?: Record<string, string>;
}

/**
 * sha256 (hex) of the canonical JSON of [{ key, version, data }, …]: the same data gives the same
 * hash, so a printout can be checked against what is stored now.
 */
export function dataHashOf(sections: ApplicationSection[]): string {
  const content = sections.map((s) => ({ key: s.definition.key, version: s.definition.version, data: s.data }));
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** The sections as printed, the field shown in the photo box (taken out of its section), and the image refs. */
export function printModel(input: Omit<ApplicationFormInput, "loadImage">) {
  const printed: PrintSection[] = input.sections.map((s) => printSection(s.definition, s.data, input.specialtyNames));

  // The photo: named by the caller, else the first top-level "photo" file field.
  let photo: PrintField | undefined;
  if (input.photoField !== null) {
    const want = input.photoField;
    for (const section of printed) {
      if (want && section.key !== want.key) continue;
      for (const block of section.blocks) {
        if (block.kind !== "fields") continue;
        const i = block.fields.findIndex((f) => f.name === (want?.property ?? "photo") && f.value.kind === "file");
        if (i >= 0) {
          photo = block.fields[i];
          block.fields.splice(i, 1);
          break;
        }
      }
      if (photo) break;
    }
  }

  // Every image once (the same upload may appear twice).
  const refs = new Set<string>();
  const wantImage = (f: PrintField | undefined) => {
    if (f?.value.kind === "file" && f.value.ref && f.value.image) refs.add(f.value.ref);
  };
  wantImage(photo);
  for (const s of printed) for (const b of s.blocks) if (b.kind === "fields") b.fields.forEach(wantImage);
  return { printed, photo, refs: [...refs] };
}

/**
 * The references of the uploaded images the form prints, so a caller can load (and check) them before
 * handing the render to a worker thread, which cannot call back for them.
 */
export function imageRefsOf(input: Omit<ApplicationFormInput, "loadImage">): string[] {
  return printModel(input).refs;
}

