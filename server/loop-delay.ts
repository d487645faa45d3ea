// Event-loop delay and memory report for load runs (bench/soak.ts): with LOOP_DELAY_REPORT_MS=N set,
// every N ms the server prints one line
// `loop-delay max_ms=<ms> p99_ms=<ms> mean_ms=<ms> rss_mb=<MB> heap_used_mb=<MB> heap_total_mb=<MB> external_mb=<MB>`:
// the delay measured by Node's histogram (perf_hooks.monitorEventLoopDelay, 10 ms resolution) over that
// interval, the memory (process.memoryUsage) at its end; then a new interval starts. Off by default; the
// line carries no request data.
import { monitorEventLoopDelay } from "node:perf_hooks";

/** Starts the report when LOOP_DELAY_REPORT_MS is a whole number of ms ≥ 100; otherwise does nothing. */
export function reportLoopDelay(value = process.env.LOOP_DELAY_REPORT_MS): void {
  const every = /^\d+$/.test(value ?? "") ? Number(value) : 0;
  if (every < 100) return;
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  setInterval(() => {
    const m = process.memoryUsage();
    const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
    console.log(`loop-delay max_ms=${ms(h.max)} p99_ms=${ms(h.percentile(99))} mean_ms=${ms(h.mean)} rss_mb=${mb(m.rss)} heap_used_mb=${mb(m.heapUsed)} heap_total_mb=${mb(m.heapTotal)} external_mb=${mb(m.external)}`);
    h.reset();
  }, every).unref();
}
