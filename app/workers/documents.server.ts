// The entry of the document worker threads (engine/documents/render-pool.server.ts starts them; the app
// says where this file is at start-up, see entry.server.tsx): the registry of every task a thread runs —
// the engine's own (the printed form, the PDF check) and the features' printouts (the 承诺书). A
// feature's new printout adds its task here. Nothing imports this module: piscina loads it by path,
// bundled by `npm run build` as build/document-worker.js, or as this source under tsx.
import { ENGINE_WORKER_TASKS } from "~/engine/documents/built-in-task-runs.server";
import { workerEntry } from "~/engine/documents/worker-task";
import { ADMISSION_WORKER_TASKS } from "~/features/admission/documents/pledge.server";
import { CERTIFICATE_WORKER_TASKS } from "~/features/certificates/render.server";

export default workerEntry([...ENGINE_WORKER_TASKS, ...ADMISSION_WORKER_TASKS, ...CERTIFICATE_WORKER_TASKS]);
