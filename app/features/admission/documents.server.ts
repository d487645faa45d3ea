// The documents an application's sign-upload steps print: 承诺书 (the batch's pledge text with the
// applicant's name and ID) and 申请表 (every form of the form steps, printed from schema and data).
// Each has a hash of the data it is printed from; a signed scan is current while that hash holds.
import { createHash } from "node:crypto";
import { dataHashOf, imageRefsOf } from "~/engine/documents/application-form-content.server";
import type { LoadedImage } from "~/engine/documents/application-form-content.server";
import { APPLICATION_FORM_TASK } from "~/engine/documents/built-in-tasks.server";
import { documentWorkers } from "~/engine/documents/render-pool.server";
import { DOCUMENT_TEMPLATES } from "~/engine/documents/registry";
import type { DocumentTemplate } from "~/engine/documents/registry";
import { canonicalJson } from "~/engine/forms/canonical-json";
import { documentSteps } from "~/engine/workflows/step-types";
import { getFormVersion } from "~/engine/forms/registry.server";
import { todayInShanghai } from "~/engine/forms/formats";
import { applicationNumber, formData, stepForms } from "~/models/applications.server";
import type { Application, HashSource, StepData } from "~/models/applications.server";
import { PRODUCT_NAME } from "~/models/constants";
import type { ExpertBasicInfo } from "~/models/form-types";
import { openUpload } from "~/models/uploads.server";
import { now } from "~/utils/clock.server";
import { FILE_TYPES, PRINT_IMAGE_SIDE, detectKind, normaliseImage } from "~/utils/file-types.server";
import { DEFAULT_PLEDGE_TITLE } from "./documents/default-pledge";
import { PLEDGE_TASK } from "./documents/pledge-task";
import { specialtyNameRecord } from "~/models/catalogs.server";

const BASIC_INFO = "expert-basic-info";
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** A template printed from an application and its saved form data. */
export type ApplicationTemplate = DocumentTemplate<Application, StepData>;

const pledgeValues = (data: StepData) => {
  // Saved drafts may be partial: every field of the generated type may be missing.
  const info = (data[BASIC_INFO]?.data ?? {}) as Partial<ExpertBasicInfo>;
  return { name: info.name ?? "", idCard: info.idCard ?? "" };
};

const sectionsOf = (app: Application, data: StepData) =>
  stepForms(app.def).map((key) => ({ key, version: data[key]?.version ?? app.batch?.forms[key] ?? 1, data: data[key]?.data ?? {} }));

/**
 * An uploaded image for the printout, checked again and normalised to print size by sharp (off the event
 * loop): uploads are normalised when stored, but a blob stored before that rule, or altered on disk,
 * must not reach pdf-lib's synchronous decoder unchecked. Missing, oversized, damaged or non-image
 * files print as 已上传 rather than failing the form.
 */
export async function readImage(ref: string): Promise<LoadedImage | null> {
  const sha = ref.replace(/^file:/, "");
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of openUpload(sha)) {
      size += (chunk as Buffer).length;
      if (size > MAX_IMAGE_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
  } catch {
    return null;
  }
  const bytes = Buffer.concat(chunks);
  const kind = await detectKind(bytes);
  if (kind !== "png" && kind !== "jpeg") return null;
  const checked = await normaliseImage(bytes, kind, PRINT_IMAGE_SIDE);
  return "bytes" in checked ? { bytes: checked.bytes, mime: FILE_TYPES[kind].mime } : null;
}

/** 承诺书 and 申请表, registered by the admission feature (features/admission/index.server.ts). */
export const ADMISSION_DOCUMENTS: Record<string, ApplicationTemplate> = {
  pledge: {
    title: DEFAULT_PLEDGE_TITLE,
    name: "承诺书",
    hash: (app, data) => createHash("sha256").update(canonicalJson({ text: app.batch?.pledgeText ?? "", ...pledgeValues(data) })).digest("hex"),
    // Drawn in a worker thread with a time and memory limit (WorkerLimitError), like every printout.
    render: (app, data, hash) =>
      documentWorkers().run(PLEDGE_TASK, {
        title: DEFAULT_PLEDGE_TITLE, text: app.batch?.pledgeText ?? "", values: { ...pledgeValues(data), date: "" },
        dataHash: hash, reference: applicationNumber(app.instance), producer: PRODUCT_NAME,
      }),
  },
  "application-form": {
    title: "评标专家入库申请表",
    name: "申请表",
    hash: (app, data) => dataHashOf(sectionsOf(app, data).map((s) => ({ definition: { key: s.key, version: s.version, title: s.key, schema: {} }, data: s.data }))),
    async render(app, data, hash) {
      const sections = await Promise.all(
        sectionsOf(app, data).map(async (s) => {
          const form = await getFormVersion(s.key, s.version);
          if (!form) throw new Error(`form ${s.key} v${s.version} is not published`);
          return { definition: form.definition, data: s.data };
        }),
      );
      const input = { title: "评标专家入库申请表", applicationNumber: applicationNumber(app.instance), sections, dataHash: hash, generatedAt: new Date(now()), producer: PRODUCT_NAME, specialtyNames: await specialtyNameRecord() };
      // Loaded and checked here; drawn in a worker thread with a time and memory limit (WorkerLimitError).
      const images: Record<string, LoadedImage> = {};
      for (const ref of imageRefsOf(input)) {
        const image = await readImage(ref);
        if (image) images[ref] = image;
      }
      return documentWorkers().run(APPLICATION_FORM_TASK, { ...input, images });
    },
  },
};

const templates = () => DOCUMENT_TEMPLATES as Record<string, ApplicationTemplate>;

/** The hash of each document the application's steps print, for its current data. */
export const documentHashes: HashSource = async (app, data) =>
  Object.fromEntries(documentSteps(app.def).flatMap((s) => (templates()[s.document!] ? [[s.document!, templates()[s.document!].hash(app, data)]] : [])));

/** The PDF of one document for the application's current data, and the hash it was printed from. */
export async function printDocument(app: Application, key: string): Promise<{ bytes: Uint8Array; hash: string; filename: string } | null> {
  const template = templates()[key];
  if (!template) return null;
  const data = await formData(app);
  const hash = template.hash(app, data);
  const bytes = await template.render(app, data, hash);
  return { bytes, hash, filename: `${template.title}-${applicationNumber(app.instance)}-${todayInShanghai(now())}.pdf` };
}
