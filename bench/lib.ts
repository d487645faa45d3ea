// Shared by the benchmarks: timing statistics, a printed table, and bench/results.json (a flat object of
// name → number that every benchmark adds its figures to; git-ignored, since figures belong to a machine).
import fs from "node:fs";
import path from "node:path";

export const RESULTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), "results.json");

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * `text` padded with spaces to `columns` terminal columns, counting a CJK character (U+1100 and up, as
 * this repo's labels use them) as two columns the way terminals draw it; padEnd counts it as one.
 */
export function padColumns(text: string, columns: number): string {
  const width = [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x1100 ? 2 : 1), 0);
  return text + " ".repeat(Math.max(0, columns - width));
}

/** Merges figures into bench/results.json and prints them. */
export function record(figures: Record<string, number>): void {
  let all: Record<string, number> = {};
  try {
    all = JSON.parse(fs.readFileSync(RESULTS, "utf8"));
  } catch {
    /* first run */
  }
  for (const [k, v] of Object.entries(figures)) {
    all[k] = round(v);
    console.log(`  ${k.padEnd(34)} ${round(v)}`);
  }
  fs.writeFileSync(RESULTS, JSON.stringify(all, null, 2) + "\n");
}

/** Milliseconds per call of `fn`, each sample timing `batch` calls. */
export function timeEach(fn: (i: number) => void, samples: number, batch = 1): number[] {
  const out: number[] = [];
  let i = 0;
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let b = 0; b < batch; b++) fn(i++);
    out.push((performance.now() - t0) / batch);
  }
  return out;
}
