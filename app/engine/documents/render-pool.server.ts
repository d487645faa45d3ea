// The document worker pool (piscina): renders of printed documents and checks of uploaded PDFs run in
// worker threads with a time limit and a heap limit, so that no input, however hostile (a PNG whose
// damaged data sends pdf-lib's decoder into an endless loop, a PDF of 10 MB of objects), can stall the
// server. The pool runs named tasks (worker-task.ts); which tasks a thread knows is the app's worker
// entry's business, and where that entry is the app says at start-up (configureDocumentWorkers): the
// engine imports no entry. A task that breaks a limit ends its thread and rejects with WorkerLimitError
// (a Chinese reason).
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { TaskMessage, WorkerTask } from "./worker-task";

/** A task stopped by the pool: over its time or memory limit, or the queue was full. */
export class WorkerLimitError extends Error {
  constructor(readonly limit: "time" | "memory" | "busy", message: string) {
    super(message);
  }
}

type PiscinaTransferList = NonNullable<Parameters<Piscina["run"]>[1]>["transferList"];

export type WorkerPoolOptions = {
  /** Milliseconds from the task's start in its thread after which it is stopped (处理超时). */
  timeLimitMs: number;
  /**
   * Milliseconds from submission within which the task must start: queue wait plus, for a fresh thread,
   * loading its modules. Past it the task is dropped as busy (服务器繁忙) and never runs.
   */
  startLimitMs: number;
  /** V8 old-generation heap of each thread, MB; a task that needs more ends its thread. */
  heapMb: number;
  /** Threads at most (the machine's cores are shared with request handling). */
  threads: number;
  /** Tasks waiting beyond the running ones; more are refused at once as busy. */
  maxQueue: number;
};

/**
 * 20 s for a printout of many pages with photos (≈ 0.2 s normally); 30 s to start (16 waiting renders of
 * ≈ 0.2 s, or a thread's cold start of ≈ 1 s, fit many times over); 256 MB heap; 1 thread; 16 waiting.
 */
export const DEFAULT_POOL_OPTIONS: WorkerPoolOptions = { timeLimitMs: 20_000, startLimitMs: 30_000, heapMb: 256, threads: 1, maxQueue: 16 };

export type WorkerPool = {
  /**
   * `task` on `input` in a thread; its result, or WorkerLimitError over a limit (what the task itself
   * throws is rethrown). Buffers the task's `transfer` names are moved, not copied.
   */
  run<I, O>(task: WorkerTask<I, O>, input: I): Promise<O>;
  close(): Promise<void>;
};

/**
 * A pool of threads that each load `entry` (a file path or file: URL of a module whose default export is
 * a workerEntry), with the given limits. Throws when the file is missing (`npm run build` makes the
 * bundle). Tests make small pools of their own; the app configures one (configureDocumentWorkers).
 */
export function createWorkerPool(entry: string | URL, options: WorkerPoolOptions = DEFAULT_POOL_OPTIONS): WorkerPool {
  const file = entry instanceof URL || entry.startsWith("file:") ? fileURLToPath(entry) : entry;
  if (!fs.existsSync(file)) throw new Error(`document worker ${file} is missing: run npm run build`);
  const pool = new Piscina({
    filename: file,
    minThreads: 0,
    maxThreads: options.threads,
    maxQueue: options.maxQueue,
    // A thread holds the parsed CJK font (tens of MB): keep it for bursts, give it back when quiet.
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: 32 },
  });
  // A thread that fails outside any task (it could not start) must not take the server down with it:
  // piscina re-emits such errors on the pool, and an unhandled 'error' event ends the process.
  pool.on("error", (e: Error) => console.error(`document worker failed: ${e.message}`));
  return {
    async run<I, O>(task: WorkerTask<I, O>, input: I): Promise<O> {
      const abort = new AbortController();
      const { port1: startedPort, port2: started } = new MessageChannel();
      let running = false;
      let timer = setTimeout(() => abort.abort(), options.startLimitMs);
      startedPort.once("message", () => {
        running = true;
        clearTimeout(timer);
        timer = setTimeout(() => abort.abort(), options.timeLimitMs);
      });
      const message: TaskMessage = { task: task.name, input, started };
      try {
        // piscina types its transfer list against the DOM's MessagePort; node's is the one it moves.
        const transferList = [...(task.transfer?.(input) ?? []), started] as unknown as PiscinaTransferList;
        return (await pool.run(message, { signal: abort.signal, transferList })) as O;
      } catch (e) {
        const err = e as Error & { code?: string };
        const seconds = Math.round(options.timeLimitMs / 1000);
        if (err.name === "AbortError") throw running ? new WorkerLimitError("time", `处理超时（超过 ${seconds} 秒）`) : new WorkerLimitError("busy", "服务器繁忙");
        if (err.code === "ERR_WORKER_OUT_OF_MEMORY") throw new WorkerLimitError("memory", "处理所需内存超出上限");
        if (/queue is at limit/i.test(err.message)) throw new WorkerLimitError("busy", "服务器繁忙");
        throw e;
      } finally {
        clearTimeout(timer);
        startedPort.close();
      }
    },
    close: () => pool.destroy(),
  };
}

let configured: { entry: string | URL; options: WorkerPoolOptions } | undefined;
let shared: WorkerPool | undefined;

/**
 * Where the process's document worker entry is, and the pool's limits: called by the app at start-up
 * (entry.server.tsx), before the first documentWorkers(). Again with the same entry is a no-op; another
 * entry replaces the pool (the old one is closed once its tasks are done).
 */
export function configureDocumentWorkers(entry: string | URL, options: WorkerPoolOptions = DEFAULT_POOL_OPTIONS): void {
  if (configured && String(configured.entry) === String(entry) && configured.options === options) return;
  const old = shared;
  configured = { entry, options };
  shared = undefined;
  void old?.close();
}

/** Closes the process's pool (graceful shutdown); the next documentWorkers() starts a new one. */
export async function closeDocumentWorkers(): Promise<void> {
  const old = shared;
  shared = undefined;
  await old?.close();
}

/** The process's document worker pool, started on first use; throws when the app has not configured it. */
export function documentWorkers(): WorkerPool {
  if (!configured) throw new Error("document workers are not configured: the app calls configureDocumentWorkers at start-up");
  return (shared ??= createWorkerPool(configured.entry, configured.options));
}
