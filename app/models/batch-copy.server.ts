// What 复制 of a batch carries besides the batch's own settings: each feature that keeps content per
// batch (the courses' lessons, the exam's definition and question bank) registers how to copy it, and
// cloneBatch runs every copier in the clone's transaction — so a copied batch is ready to train and
// examine, and a failure leaves no half-copied batch.
import type { Knex } from "knex";
import { registerInto } from "~/engine/extensions";

/** Copies a feature's per-batch content from batch `fromId` to the new batch `toId`, inside `trx`. */
export type BatchCopier = (trx: Knex.Transaction, fromId: number, toId: number) => Promise<void>;

const COPIERS: Record<string, BatchCopier> = {};

/** Adds a copier under a feature's name (throws if the name is taken by another). */
export function registerBatchCopier(name: string, copy: BatchCopier): void {
  registerInto(COPIERS, "batch copier", name, copy);
}

/** Runs every registered copier, in registration order. */
export async function copyBatchContent(trx: Knex.Transaction, fromId: number, toId: number): Promise<void> {
  for (const copy of Object.values(COPIERS)) await copy(trx, fromId, toId);
}
