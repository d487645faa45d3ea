// Money as integer 分 (SPEC §4: "Amounts are integer 分"): a decimal string in 元 is converted by its
// digits, never through a floating-point number, and shown again as 元 with two decimals. Browser-safe.

/** The largest amount a bill line may carry: 1 亿元 (10^10 分), far above any fee, far below 2^53. */
export const MAX_FEN = 10_000_000_000;

export type FenResult = { ok: true; fen: number } | { ok: false; reason: string };

/**
 * 元 as written in a bill or typed by an administrator → integer 分. Accepts an optional sign, a leading
 * ¥/￥ (WeChat's personal bill writes "¥200.00"), thousands separators in groups of three ("1,234.50"),
 * surrounding spaces, full-width digits (NFKC), and up to two decimals ("12", "12.3", "12.30", ".5").
 * Negative amounts come back negative (a refund row may carry "-100.00"). Refuses anything else with a
 * Chinese reason naming the text, e.g. 金额“12.3.4”不是有效金额; more than two decimals and amounts over
 * MAX_FEN are refused too (a third decimal is never silently rounded).
 */
export function yuanToFen(text: string): FenResult {
  const shown = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  const bad = (why = "不是有效金额"): FenResult => ({ ok: false, reason: `金额“${shown}”${why}` });
  const s = text.normalize("NFKC").trim().replace(/^([+-]?)\s*[¥￥]\s*/, "$1");
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === "" && !m[3])) return bad();
  const [, sign, whole] = m;
  let frac = m[3] ?? "";
  if (frac.length > 2) {
    // "200.000" is 200 元 exactly; "0.001" is not a whole number of 分.
    if (!/^0+$/.test(frac.slice(2))) return bad("最多只能有两位小数（精确到分）");
    frac = frac.slice(0, 2);
  }
  const digits = whole.replace(/,/g, "").replace(/^0+(?=\d)/, "");
  if (digits.length > 12) return bad("过大");
  const fen = Number(digits || "0") * 100 + Number(frac.padEnd(2, "0"));
  if (fen > MAX_FEN) return bad("过大");
  return { ok: true, fen: sign === "-" && fen !== 0 ? -fen : fen };
}

/** Integer 分 → "1234.50" (元, two decimals), exact for every safe integer. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}
