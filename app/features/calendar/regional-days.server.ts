// The regional layer as stored (calendar_days), kept in memory per process. Lookups are hot (every
// deadline shown in a list), the layer is small (a few dozen rows a year) and changes rarely, so each
// read asks only for the one-row version (calendar_layer_version) and re-reads the rows when it moved —
// whether this process or another one wrote. Writes bump the version in their own transaction.
import type { Knex } from "knex";
import { reader } from "~/utils/db.server";
import type { RegionalDay } from "./day-rules";

type Layer = { version: number; rows: readonly RegionalDay[] };
let cached: Layer | null = null;

async function storedVersion(): Promise<number> {
  const row = (await reader("calendar_layer_version").where({ id: 1 }).first("version")) as { version: number | string } | undefined;
  return Number(row?.version ?? 0);
}

/**
 * Every regional row (all regions, all years), current as of this call: one indexed one-row read when
 * nothing changed since the last call, else the rows are read again. Read the version first, then the
 * rows, so a write landing in between only makes the next call read again.
 */
export async function regionalLayer(): Promise<readonly RegionalDay[]> {
  const version = await storedVersion();
  if (cached && cached.version === version) return cached.rows;
  const rows = (await reader("calendar_days").select("region", "date", "kind", "name").orderBy("date")) as RegionalDay[];
  cached = { version, rows: Object.freeze(rows.map((r) => Object.freeze({ region: r.region, date: r.date, kind: r.kind, name: r.name }))) };
  return cached.rows;
}

/** Marks the layer changed, inside the writing transaction: other processes see the new version on their next read. */
export async function bumpLayerVersion(trx: Knex.Transaction): Promise<void> {
  await trx("calendar_layer_version").where({ id: 1 }).increment("version", 1);
}

/** Drops this process's copy (called after a write commits; the version check alone would also catch it). */
export function forgetRegionalLayer(): void {
  cached = null;
}
