// Where instance attribute values live: one instance_attributes row per (instance, key) for every key a
// definition declares (migration 018), and, for the well-known keys (applicant, region, specialty), the
// instance's own column as well — the column is what SQL scoping, the region filter and the reports
// read, so both are written together, in one transaction.
import type { Knex } from "knex";
import { attributeColumns } from "./attributes";
import type { AttributeValues } from "./attributes";

/** A Knex connection or an open transaction. */
type Conn = Knex | Knex.Transaction;

/**
 * Writes these attribute values of one instance (keys not named are left alone): each key's row
 * (null deletes it) and the columns of the well-known keys among them, all or none. Values are taken
 * as given (callers cap them: attributes.ts). Throws what the database throws.
 */
export async function storeAttributes(conn: Conn, instanceId: number, values: AttributeValues): Promise<void> {
  const entries = Object.entries(values);
  if (!entries.length) return;
  const write = async (trx: Conn) => {
    const set = entries.filter(([, v]) => v !== null).map(([key, value]) => ({ instance_id: instanceId, key, value }));
    const cleared = entries.filter(([, v]) => v === null).map(([key]) => key);
    if (set.length) await trx("instance_attributes").insert(set).onConflict(["instance_id", "key"]).merge(["value"]);
    if (cleared.length) await trx("instance_attributes").where({ instance_id: instanceId }).whereIn("key", cleared).delete();
    const columns = attributeColumns(values);
    if (Object.keys(columns).length) await trx("workflow_instances").where({ id: instanceId }).update(columns);
  };
  if ((conn as Knex.Transaction).isTransaction) await write(conn);
  else await conn.transaction(write);
}

/**
 * The stored values of `keys` for these instances (at most 1000 ids per call): instance id → key →
 * value; a key without a value is absent. Throws a RangeError for more ids.
 */
export async function readAttributes(conn: Conn, instanceIds: readonly number[], keys: readonly string[]): Promise<Map<number, Record<string, string>>> {
  if (instanceIds.length > 1000) throw new RangeError(`readAttributes: ${instanceIds.length} ids (at most 1000)`);
  const out = new Map<number, Record<string, string>>();
  if (!instanceIds.length || !keys.length) return out;
  const rows: { instance_id: number; key: string; value: string }[] = await conn("instance_attributes")
    .whereIn("instance_id", [...instanceIds]).whereIn("key", [...keys]).select("instance_id", "key", "value");
  for (const r of rows) {
    const id = Number(r.instance_id);
    out.set(id, { ...out.get(id), [r.key]: r.value });
  }
  return out;
}
