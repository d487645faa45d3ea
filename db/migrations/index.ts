// Migrations are listed here (not discovered on disk) so the server bundle carries them and
// the same list runs under tsx, in tests and in `npm start`, on SQLite and PostgreSQL alike.
import type { Knex } from "knex";
import * as m001 from "./001-foundation";
import * as m002 from "./002-form-versions";
import * as m003 from "./003-submissions-uploads";
import * as m004 from "./004-workflows";
import * as m005 from "./005-batches";
import * as m006 from "./006-admission-support";
import * as m007 from "./007-review-scopes";
import * as m009 from "./009-definition-drafts";
import * as m010 from "./010-batch-settings";
import * as m011 from "./011-payment-qr-catalog-state";
import * as m012 from "./012-expert-pool";
import * as m014 from "./014-instance-records";
import * as m015 from "./015-calendar";
import * as m016 from "./016-training";
import * as m017 from "./017-reconciliation";
import * as m018 from "./018-instance-attributes";
import * as m019 from "./019-courses";
import * as m020 from "./020-exam";
import * as m021 from "./021-certificates";
import * as m022 from "./022-accounts-messages";
import * as m023 from "./023-job-leases";
import * as m024 from "./024-notification-claims";
import * as m025 from "./025-origin-region";

const migrations: Record<string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }> = {
  "001-foundation": m001,
  "002-form-versions": m002,
  "003-submissions-uploads": m003,
  "004-workflows": m004,
  "005-batches": m005,
  "006-admission-support": m006,
  "007-review-scopes": m007,
  "009-definition-drafts": m009,
  "010-batch-settings": m010,
  "011-payment-qr-catalog-state": m011,
  "012-expert-pool": m012,
  "014-instance-records": m014,
  "015-calendar": m015,
  "016-training": m016,
  "017-reconciliation": m017,
  "018-instance-attributes": m018,
  "019-courses": m019,
  "020-exam": m020,
  "021-certificates": m021,
  "022-accounts-messages": m022,
  "023-job-leases": m023,
  "024-notification-claims": m024,
  "025-origin-region": m025,
};

/**
 * The migrations in order; `upTo` stops after the named one (tests build a database as an earlier
 * version of the product made it, then migrate it on).
 */
export function migrationSourceUpTo(upTo?: string): Knex.MigrationSource<string> {
  const names = Object.keys(migrations);
  const cut = upTo === undefined ? names : names.slice(0, names.indexOf(upTo) + 1);
  if (upTo !== undefined && !names.includes(upTo)) throw new Error(`no migration named ${upTo}`);
  return { getMigrations: async () => cut, getMigrationName: (name) => name, getMigration: async (name) => migrations[name] };
}

export const migrationSource: Knex.MigrationSource<string> = migrationSourceUpTo();
