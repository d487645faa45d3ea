// Named counters and the number formats built on them (专家编号, later 证书编号): race-safe on both
// databases, one counter per expanded prefix.
import type { Knex } from "knex";
import { now } from "~/utils/clock.server";

/** The next value of a named counter, race-safe on both databases (an upsert takes the row lock). */
export async function nextInSequence(trx: Knex | Knex.Transaction, name: string): Promise<number> {
  const [row] = await trx("number_sequences")
    .insert({ name, value: 1 })
    .onConflict("name")
    .merge({ value: trx.raw("number_sequences.value + 1") })
    .returning("value");
  return Number(typeof row === "object" ? (row as { value: number }).value : row);
}

/**
 * Expands a number format: {year} (Asia/Shanghai, at assignment), {seq:N} (a counter per `scope` and
 * prefix, zero-padded to N). Gaps after a rolled-back transaction are tolerated; duplicates are not
 * (workflow_instances.number is unique).
 */
export async function formatNumber(trx: Knex | Knex.Transaction, format: string, scope: string): Promise<string> {
  const year = String(new Date(now() + 8 * 3600_000).getUTCFullYear());
  const prefix = format.replace(/\{year\}/g, year);
  const seq = await nextInSequence(trx, `${scope}:${prefix.replace(/\{seq(:\d+)?\}/g, "#")}`);
  return prefix.replace(/\{seq(?::(\d+))?\}/g, (_, width?: string) => String(seq).padStart(Number(width ?? 1), "0"));
}
