// Liveness of what the server depends on, for /healthz.
import { db } from "~/utils/db.server";

/** Resolves when the database answers a trivial query; rejects with the driver's error when it does not. */
export async function databaseAnswers(): Promise<void> {
  await db.raw("select 1");
}
