// Money as people type it and as we keep it: amounts are whole 分 (integers) everywhere; 元 with up to
// two decimals only at the edges (forms, bills, pages). Never through floating point: "0.1" + "0.2" 元
// must be exactly 30 分. Browser-safe leaf.

/**
 * A 元 amount as typed ("300", "300.5", "1,200.00", "￥300", full-width digits) → 分; null when it is not
 * one (more than two decimals, signs, letters, empty) or above `maxFen`.
 */
export function parseYuan(text: string, maxFen = Number.MAX_SAFE_INTEGER): number | null {
  const t = text.normalize("NFKC").replace(/[\s,，]/g, "").replace(/^[¥￥]/, "").replace(/元$/, "");
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) && fen <= maxFen ? fen : null;
}

/** 分 → 元 with two decimals: 12345 → "123.45", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}
