// The database and upload folder named by the environment, the same variables and defaults the server
// reads (app/utils/env.server.ts).
import path from "node:path";
import type { Place } from "./index";

export const place = (e: NodeJS.ProcessEnv = process.env): Place => ({
  databaseUrl: e.DATABASE_URL ?? path.resolve("data/app.sqlite"),
  schema: e.DATABASE_SCHEMA || undefined,
  uploadDir: path.resolve(e.UPLOAD_DIR ?? "data/uploads"),
});
