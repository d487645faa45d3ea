// The document worker pool (piscina): renders of the 申请表 and checks of uploaded PDFs run in worker
// threads with a time limit and a heap limit, so that no input, however hostile (a PNG whose damaged
// data sends pdf-lib's decoder into an endless loop, a PDF of 10 MB of objects), can stall the server.
// A task that breaks a limit ends its thread and rejects with WorkerLimitError (a Chinese reason).
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ContentRefusal } from "~/utils/file-types.server";
import type { ApplicationFormTask, WorkerTask } from "./render-worker.server";

/** A task stopped by the pool: over its time or memory limit, or the queue was full. */
export class WorkerLimitError extends Error {
  constructor(readonly limit: "time" | "memory" | "busy", message: string) {
    super(message);
  }
}

export type WorkerPoolOptions = {
  /** Milliseconds from submission (queue wait included) after which a task is stopped. */
  timeLimitMs: number;
  /** V8 old-generation heap of each thread, MB; a task that needs more ends its thread. */
  heapMb: number;
  /** Threads at most (the machine's cores are shared with request handling). */
  threads: number;
  /** Tasks waiting beyond the running ones; more are refused at once as busy. */
  maxQueue: number;
};

/** 20 s for a 申请表 of many pages with photos (≈ 0.2 s normally); 256 MB heap; 1 thread; 16 waiting. */
export const DEFAULT_POOL_OPTIONS: WorkerPoolOptions = { timeLimitMs: 20_000, heapMb: 256, threads: 1, maxQueue: 16 };

/**
 * The worker entry: the bundle beside the server build (build/render-worker.js, made by `npm run build`),
 * or the TypeScript source when this module runs from source under tsx (worker threads inherit tsx).
 */
function workerFile(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./render-worker.server.ts" : "./render-worker.js", import.meta.url);
  if (!fs.existsSync(fileURLToPath(url))) throw new Error(`document worker ${fileURLToPath(url)} is missing: run npm run build`);
  return url.href;
}

export type WorkerPool = {
  /** The 申请表 PDF for `input`; rejects with WorkerLimitError over a limit. */
  renderApplicationForm(input: ApplicationFormTask): Promise<Uint8Array>;
  /**
   * pdfProblem (file-types.server.ts) in a thread; rejects with WorkerLimitError over a limit. When
   * `bytes` is the whole of its ArrayBuffer, that buffer is moved to the thread, not copied: the caller
   * must not use it afterwards.
   */
  pdfProblem(bytes: Uint8Array): Promise<ContentRefusal | null>;
  close(): Promise<void>;
};

/** A pool of document workers with the given limits (tests make small ones; the app uses documentWorkers()). */
export function createWorkerPool(options: WorkerPoolOptions = DEFAULT_POOL_OPTIONS): WorkerPool {
  const pool = new Piscina({
    filename: workerFile(),
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
  const run = async <R>(task: WorkerTask, transfer?: ArrayBuffer[]): Promise<R> => {
    try {
      return (await pool.run(task, { signal: AbortSignal.timeout(options.timeLimitMs), transferList: transfer })) as R;
    } catch (e) {
      const err = e as Error & { code?: string };
      const seconds = Math.round(options.timeLimitMs / 1000);
      if (err.name === "AbortError") throw new WorkerLimitError("time", `处理超时（超过 ${seconds} 秒）`);
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") throw new WorkerLimitError("memory", "处理所需内存超出上限");
      if (/queue is at limit/i.test(err.message)) throw new WorkerLimitError("busy", "服务器繁忙");
      throw e;
    }
  };
  return {
    renderApplicationForm: (input) => run({ task: "application-form", input }),
    pdfProblem: (bytes) => {
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      return run({ task: "pdf-problem", bytes }, whole ? [bytes.buffer as ArrayBuffer] : undefined);
    },
    close: () => pool.destroy(),
  };
}

let shared: WorkerPool | undefined;
/** The process's document worker pool, started on first use. */
export function documentWorkers(): WorkerPool {
  return (shared ??= createWorkerPool());
}
