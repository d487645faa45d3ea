// Prepared-statement reuse for the sqlite3 driver. Knex hands every query to `Database#all`/`#run`, which
// prepare, run and finalize a new statement each time: three trips through the thread pool, and the
// main-thread work of each, per query. The same few SQL texts make up nearly every request (the session
// lookup, the application, the draft), so each connection keeps its statements, prepared once.

type Callback = (this: unknown, err: Error | null, result?: unknown) => void;
type Statement = {
  all(params: unknown[], cb: Callback): void;
  run(params: unknown[], cb: Callback): void;
  reset(cb?: () => void): void;
  finalize(cb?: () => void): void;
};
export type SqliteConnection = {
  all(sql: string, params: unknown[], cb: Callback): void;
  run(sql: string, params: unknown[], cb: Callback): void;
  prepare(sql: string, cb: (err: Error | null) => void): Statement;
  close(cb: (err: Error | null) => void): void;
};

/** Statements kept per connection; the least recently used beyond it are finalized. */
const MAX_STATEMENTS = 200;

/** Makes `conn.all` and `conn.run` reuse prepared statements; `conn.close` finalizes them first. */
export function reuseStatements(conn: SqliteConnection): void {
  const cache = new Map<string, Statement>();
  const close = conn.close.bind(conn);

  // A kept statement is reset as soon as it has answered: SQLite guarantees the end of a statement's
  // implicit read transaction only at reset or finalize, and the driver resets only before the next run,
  // so a kept statement could otherwise hold its connection's old snapshot (a reader missing a write).
  const answered = (stmt: Statement, cb: Callback): Callback =>
    function (this: unknown, err, result) {
      stmt.reset();
      cb.call(this, err, result);
    };
  const exec = (method: "all" | "run") => (sql: string, params: unknown[], cb: Callback) => {
    const ready = cache.get(sql);
    if (ready) {
      cache.delete(sql); // re-inserted: the Map's order is the recency order
      cache.set(sql, ready);
      return ready[method](params ?? [], answered(ready, cb));
    }
    // Only a statement that prepared cleanly is kept, so an SQL error reaches the caller as itself.
    const stmt = conn.prepare(sql, (err) => {
      if (err) return cb.call(stmt, err);
      if (cache.has(sql)) {
        // Prepared twice at once (two queries of one transaction): this copy serves once and goes.
        stmt[method](params ?? [], cb);
        return stmt.finalize();
      }
      cache.set(sql, stmt);
      if (cache.size > MAX_STATEMENTS) {
        const [oldest, old] = cache.entries().next().value as [string, Statement];
        cache.delete(oldest);
        old.finalize();
      }
      stmt[method](params ?? [], answered(stmt, cb));
    });
  };

  conn.all = exec("all");
  conn.run = exec("run");
  conn.close = (cb) => {
    const all = [...cache.values()];
    cache.clear();
    let left = all.length;
    if (!left) return close(cb);
    for (const s of all) s.finalize(() => --left === 0 && close(cb));
  };
}
