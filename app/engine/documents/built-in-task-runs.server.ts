// What the document worker threads run for the engine's own tasks (built-in-tasks.server.ts). Imported
// by the app's worker entry only: it loads pdf-lib and the fonts, which the main thread never needs.
import { pdfProblem } from "~/utils/pdf-problem.server";
import { renderApplicationForm } from "./application-form.server";
import { APPLICATION_FORM_TASK, PDF_PROBLEM_TASK } from "./built-in-tasks.server";
import { implementTask } from "./worker-task";

export const ENGINE_WORKER_TASKS = [
  implementTask(APPLICATION_FORM_TASK, ({ images, ...input }) => renderApplicationForm({ ...input, loadImage: async (ref) => images[ref] ?? null })),
  implementTask(PDF_PROBLEM_TASK, pdfProblem),
] as const;
