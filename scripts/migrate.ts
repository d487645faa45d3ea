// `npm run migrate`: applies pending migrations to the configured database (the server also does this at start).
import { db, migrateLatest } from "~/utils/db.server";

await migrateLatest();
const [, pending] = (await db.migrate.list()) as [unknown[], unknown[]];
console.log(`migrations up to date (${pending.length} pending)`);
await db.destroy();
