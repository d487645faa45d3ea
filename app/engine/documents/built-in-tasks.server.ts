// The engine's own worker tasks: the printed form of any set of form sections, and the check that an
// uploaded PDF really opens. Both run in the document worker pool (render-pool.server.ts); the app's
// worker entry lists them with the features' tasks.
import { pdfProblem } from "~/utils/file-types.server";
import type { ContentRefusal } from "~/utils/file-types.server";
import { renderApplicationForm } from "./application-form.server";
import type { ApplicationFormInput, LoadedImage } from "./application-form.server";
import { wholeBuffer, workerTask } from "./worker-task";

/** The form printout's input without its image loader: the images come along, loaded and checked already. */
export type ApplicationFormTask = Omit<ApplicationFormInput, "loadImage"> & { images: Record<string, LoadedImage> };

/** The printed form (PDF bytes) of `input`'s sections, drawn with the images it carries. */
export const APPLICATION_FORM_TASK = workerTask("application-form", ({ images, ...input }: ApplicationFormTask): Promise<Uint8Array> =>
  renderApplicationForm({ ...input, loadImage: async (ref) => images[ref] ?? null }),
);

/** pdfProblem (file-types.server.ts) of the bytes, which are moved to the thread when they are a whole buffer. */
export const PDF_PROBLEM_TASK = workerTask<Uint8Array, ContentRefusal | null>("pdf-problem", pdfProblem, wholeBuffer);

export const ENGINE_WORKER_TASKS = [APPLICATION_FORM_TASK, PDF_PROBLEM_TASK] as const;
