// Canonical JSON (object keys sorted, no whitespace): the same content always gives the same text, so
// it can key caches and feed the definition hash. Browser-safe.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  // toJSON-bearing values (Date) serialise as JSON.stringify would.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  // A null-prototype target keeps a "__proto__" key an ordinary key instead of a prototype change.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== "function") out[key] = sortKeys(v);
  }
  return out;
}
