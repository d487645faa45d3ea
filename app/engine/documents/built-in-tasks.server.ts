// The engine's own worker tasks, as callers see them (handles: names and types, no code): the printed
// form of any set of form sections, and the check that an uploaded PDF really opens. Both run in the
// document worker pool (render-pool.server.ts); their implementations are built-in-task-runs.server.ts,
// which only the app's worker entry imports.
import type { ContentRefusal } from "~/utils/file-types.server";
import type { ApplicationFormInput, LoadedImage } from "./application-form-content.server";
import { wholeBuffer, workerTask } from "./worker-task";

/** The form printout's input without its image loader: the images come along, loaded and checked already. */
export type ApplicationFormTask = Omit<ApplicationFormInput, "loadImage"> & { images: Record<string, LoadedImage> };

/** The printed form (PDF bytes) of the input's sections, drawn with the images it carries. */
export const APPLICATION_FORM_TASK = workerTask<ApplicationFormTask, Uint8Array>("application-form");

/** pdfProblem (pdf-problem.server.ts) of the bytes, which are moved to the thread when they are a whole buffer. */
export const PDF_PROBLEM_TASK = workerTask<Uint8Array, ContentRefusal | null>("pdf-problem", wholeBuffer);
