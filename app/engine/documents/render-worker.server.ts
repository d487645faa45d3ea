// The entry of the document worker threads (render-pool.server.ts starts them): everything that parses
// or draws untrusted content synchronously runs here, where a time or memory limit can stop it by
// ending the thread, never on the server's event loop. Bundled on its own by `npm run build`
// (build/render-worker.js); under tsx the source itself is loaded.
import { pdfProblem } from "~/utils/file-types.server";
import type { ContentRefusal } from "~/utils/file-types.server";
import { renderApplicationForm } from "./application-form.server";
import type { ApplicationFormInput, LoadedImage } from "./application-form.server";

/** The input of the 申请表 without its image loader: the images come along, loaded and checked already. */
export type ApplicationFormTask = Omit<ApplicationFormInput, "loadImage"> & { images: Record<string, LoadedImage> };

/** What a worker can be asked to do. */
export type WorkerTask =
  | { task: "application-form"; input: ApplicationFormTask }
  | { task: "pdf-problem"; bytes: Uint8Array };

export type WorkerResult<T extends WorkerTask> = T extends { task: "application-form" } ? Uint8Array : ContentRefusal | null;

/** Runs one task (piscina calls the default export with the task's message). */
export default async function run(t: WorkerTask): Promise<Uint8Array | ContentRefusal | null> {
  if (t.task === "pdf-problem") return pdfProblem(t.bytes);
  const { images, ...input } = t.input;
  return renderApplicationForm({ ...input, loadImage: async (ref) => images[ref] ?? null });
}
