// How workflow effects reach this deployment: `notify` queues a notification in the transition's
// transaction (SMS after commit); `assign-number` formats the next number of the instance's batch.
import type { Knex } from "knex";
import { configureWorkflowHooks } from "~/engine/workflows/runtime.server";
import { now } from "~/utils/clock.server";
import { queueNotification } from "./notifications.server";

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

export function registerWorkflowHooks(): void {
  configureWorkflowHooks({
    notify: ({ trx, userId, message }) => queueNotification(trx, userId, message),
    async nextNumber({ trx, instance, args }) {
      const batch = instance.batchId ? await trx("batches").where({ id: instance.batchId }).first("number_format") : undefined;
      const format = batch?.number_format ?? `${(args.prefix as string | undefined) ?? ""}{seq:${(args.digits as number | undefined) ?? 6}}`;
      // One counter per expanded prefix, whatever the batch: numbers are unique across the pool, and a
      // cloned batch (2026年第一批 from 2025年第一批) keeps its source's format.
      return formatNumber(trx, format, "number");
    },
  });
}
