// The server process's heap policy, applied at start (server/main.ts) and by benchmarks that measure
// server work in a process of their own (bench/reconcile.ts), so their memory figures are the server's.
import v8 from "node:v8";

/**
 * Under steady load V8 lets the old space grow to several times the live data before a full collection
 * (measured: live ≈ 90 MB, heap 190 MB and more). A fixed growth factor (by default: at most double the
 * live data) keeps the resident size nearer what is really in use, at the cost of more frequent
 * (concurrent) full collections; unlike a heap cap it never makes a large export fail. 50 saved another
 * 35 MB under the 暂存 load but lengthened its slowest answers. HEAP_GROWING_PERCENT overrides it (0 = V8's
 * own heuristics).
 */
export function limitHeapGrowth(): void {
  const percent = process.env.HEAP_GROWING_PERCENT ?? "100";
  if (/^\d{1,4}$/.test(percent)) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
