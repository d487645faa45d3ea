// Tasks of the document worker threads: a named function from a structured-cloneable input to a
// structured-cloneable result, for everything that parses or draws untrusted content synchronously
// (pdf-lib, fontkit, the QR encoder). A task has two halves: its handle (workerTask: a name and types),
// which request handlers import to run it, and its implementation (implementTask), which only the worker
// entry imports, so the server's main thread never loads the drawing libraries. The engine defines its
// own (built-in-tasks.server.ts, built-in-task-runs.server.ts); features define theirs beside their
// templates. The app's worker entry (app/workers/documents.server.ts) puts the implementations in one
// registry with workerEntry; the pool (render-pool.server.ts) runs a task by its name.
import type { MessagePort } from "node:worker_threads";
import { registerInto } from "../extensions";

/**
 * A task as its callers see it: the name the pool sends and which input buffers to move. It carries no
 * code, so a module that runs a task (a request handler) does not load what draws it (pdf-lib, fontkit,
 * resvg, the QR encoder: tens of MB that only the worker threads need). `io` is never set: it only
 * carries the input and result types to `implementTask` and the pool's `run`.
 */
export type WorkerTask<I, O> = {
  /** The registry key the pool sends (kebab-case, unique in the worker entry). */
  readonly name: string;
  /** Buffers of `input` to move to the thread rather than copy (the caller must not use them afterwards). */
  transfer?(input: I): ArrayBuffer[] | undefined;
  readonly io?: (input: I) => O;
};

/** What a worker thread runs for a task: defined beside its template, listed only by the worker entry. */
export type TaskImplementation = {
  readonly name: string;
  /** Runs in a worker thread: no database, no request, nothing but the input. */
  run(input: unknown): unknown;
};

/**
 * What the pool posts to a thread: the task's name, its input, and a port on which the thread says the
 * task has started (the pool's time limit counts from then, not from submission: a fresh thread first
 * loads its modules, which on a busy machine can take seconds that are not the task's).
 */
export type TaskMessage = { task: string; input: unknown; started?: MessagePort };

/** A worker task's handle (see WorkerTask); the name must be kebab-case. */
export function workerTask<I, O>(name: string, transfer?: (input: I) => ArrayBuffer[] | undefined): WorkerTask<I, O> {
  return { name, transfer };
}

/** `run` as the thread's implementation of `task`, for a worker entry's list. */
export function implementTask<I, O>(task: WorkerTask<I, O>, run: (input: I) => Promise<O> | O): TaskImplementation {
  return { name: task.name, run: (input) => run(input as I) };
}

/**
 * The function a worker entry exports as its default (piscina calls it with each TaskMessage): it runs
 * the implementation of that name from `tasks`. Throws at load on a name given twice, and per message on
 * an unknown name (the pool and the entry disagree: a programming error, not input).
 */
export function workerEntry(tasks: ReadonlyArray<TaskImplementation>): (message: TaskMessage) => Promise<unknown> {
  const registry: Record<string, TaskImplementation> = {};
  for (const t of tasks) registerInto(registry, "worker task", t.name, t);
  return async ({ task, input, started }) => {
    // Posted before the task's first synchronous step, so it reaches the pool even if that step never ends.
    started?.postMessage(null);
    started?.close();
    const t = Object.prototype.hasOwnProperty.call(registry, task) ? registry[task] : undefined;
    if (!t) throw new Error(`worker task "${task}" is not in this worker entry (known: ${Object.keys(registry).join(", ")})`);
    return t.run(input);
  };
}

/** The transfer list for a task whose input is one byte array: its buffer when the array is all of it. */
export function wholeBuffer(bytes: Uint8Array): ArrayBuffer[] | undefined {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? [bytes.buffer as ArrayBuffer] : undefined;
}
