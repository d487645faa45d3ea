// Two texts as side-by-side rows (jsdiff line diff): removed lines on the left beside the added lines that
// replace them on the right, unchanged lines on both sides, long unchanged stretches folded. Browser-safe.
import { diffLines } from "diff";

export type DiffCell = { n: number; text: string; kind: "same" | "del" | "add" } | null;
export type DiffRow = { left: DiffCell; right: DiffCell } | { fold: number };

const CONTEXT = 3;

const linesOf = (value: string) => {
  const lines = value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
};

export function sideBySide(a: string, b: string): { rows: DiffRow[]; added: number; removed: number } {
  const rows: DiffRow[] = [];
  let ln = 1;
  let rn = 1;
  let added = 0;
  let removed = 0;
  const parts = diffLines(a, b);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.removed) {
      const dels = linesOf(part.value);
      const next = parts[i + 1];
      const adds = next?.added ? linesOf(next.value) : [];
      if (next?.added) i++;
      removed += dels.length;
      added += adds.length;
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        rows.push({
          left: k < dels.length ? { n: ln++, text: dels[k], kind: "del" } : null,
          right: k < adds.length ? { n: rn++, text: adds[k], kind: "add" } : null,
        });
      }
    } else if (part.added) {
      const adds = linesOf(part.value);
      added += adds.length;
      for (const text of adds) rows.push({ left: null, right: { n: rn++, text, kind: "add" } });
    } else {
      const same = linesOf(part.value);
      const first = i === 0;
      const last = i === parts.length - 1;
      const keepHead = first ? 0 : CONTEXT;
      const keepTail = last ? 0 : CONTEXT;
      same.forEach((text, k) => {
        const shown = k < keepHead || k >= same.length - keepTail;
        if (shown) rows.push({ left: { n: ln, text, kind: "same" }, right: { n: rn, text, kind: "same" } });
        else if (k === keepHead) rows.push({ fold: same.length - keepHead - keepTail });
        ln++;
        rn++;
      });
    }
  }
  return { rows, added, removed };
}
