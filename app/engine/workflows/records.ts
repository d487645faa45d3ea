// Record types a workflow may act on instead of a batch (`record: <type>` in its definition): e.g. a
// person's record in a pool, for a transfer or a change request. Features register them; the
// engine loads the record when an instance starts, copies the attributes the definition reads from it,
// and keeps (record_type, record_id) on the instance. Browser-safe (types and a plain map).
import { registerInto } from "../extensions";

/** A record as the engine sees it: whose it is, and its fields as plain JSON (attributes point into it). */
export type RecordView = { id: number; ownerId: number; data: Record<string, unknown> };

/** `conn` is a Knex connection or the open transaction (typed loosely: this module is browser-safe). */
export type RecordType = {
  title: string;
  /** The record by id, or null when there is none. */
  load(conn: unknown, id: number): Promise<RecordView | null>;
  /** The id of the record this user owns (an expert's own pool record), or null. */
  ownedBy(conn: unknown, userId: number): Promise<number | null>;
  /**
   * Locks the record's row until `trx` ends, so that two starts on one record count each other's open
   * instances (PostgreSQL; SQLite has one writer at a time). Called first in a start's transaction.
   */
  lock?(trx: unknown, id: number): Promise<void>;
};

export const RECORD_TYPES: Record<string, RecordType> = {};

/** Adds a record type (throws if the name is taken by another). */
export function registerRecordType(name: string, type: RecordType): void {
  registerInto(RECORD_TYPES, "record type", name, type);
}
