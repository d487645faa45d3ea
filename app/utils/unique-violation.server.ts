// Whether a database error is a unique-index violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT …UNIQUE).

/** True for a unique-index violation on either dialect; false for anything else. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === "23505" || (err?.code === "SQLITE_CONSTRAINT" && /UNIQUE/.test(err.message ?? ""));
}
