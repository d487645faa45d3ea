// The workflow registry: built-in definitions from workflows/*.yaml are loaded (all problems, with
// lines), synced into workflow_versions at start-up, and every reader goes through the table, so
// versions an administrator publishes later behave the same. A published (key, version) never
// changes: different content under the same number stops start-up.
import fs from "node:fs";
import type { Knex } from "knex";
import path from "node:path";
import { db } from "~/utils/db.server";
import { now } from "~/utils/clock.server";
import { DEFINITION_SOURCE } from "../constants";
import { hashDefinition } from "../forms/hash.server";
import type { WorkflowDefinition } from "./definition-schema";
import { loadWorkflowYaml, WorkflowDefinitionError } from "./load";
import type { LoadOptions, WorkflowLoadError } from "./load";

export type WorkflowVersion = { key: string; version: number; hash: string; title: string; definition: WorkflowDefinition };
type Row = { key: string; version: number; hash: string; title: string; definition: string };

const cache = new Map<string, WorkflowVersion>(); // immutable rows: safe to cache for the life of the process
const toVersion = (r: Row): WorkflowVersion => ({ key: r.key, version: r.version, hash: r.hash, title: r.title, definition: JSON.parse(r.definition) });

export class WorkflowConflict extends Error {}

/** Loads workflows/*.yaml; any problem in any file throws one WorkflowDefinitionError listing them all. */
export function readBuiltInWorkflows(dir = path.resolve("workflows"), opts: LoadOptions = {}): WorkflowDefinition[] {
  const defs: WorkflowDefinition[] = [];
  const errors: WorkflowLoadError[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const r = loadWorkflowYaml(fs.readFileSync(path.join(dir, file), "utf8"), `workflows/${file}`, opts);
    if (r.ok) defs.push(r.definition);
    else errors.push(...r.errors);
  }
  if (errors.length) throw new WorkflowDefinitionError(errors);
  return defs;
}

/** As syncFormDefinitions (forms/registry.server): `onlyNew` makes any stored version a WorkflowConflict. */
export async function syncWorkflowDefinitions(defs: WorkflowDefinition[], source: string = DEFINITION_SOURCE.builtin, publishedBy: number | null = null, opts: { onlyNew?: boolean } = {}): Promise<void> {
  await db.transaction(async (trx) => {
    for (const def of defs) {
      const hash = hashDefinition(def);
      const existing = await trx<Row>("workflow_versions").where({ key: def.key, version: def.version }).first();
      if (existing && (existing.hash !== hash || opts.onlyNew)) {
        throw new WorkflowConflict(`workflow ${def.key} v${def.version} differs from the published version (hash ${existing.hash.slice(0, 12)}…): publish it as a new version`);
      }
      if (!existing) {
        await trx("workflow_versions").insert({ key: def.key, version: def.version, hash, title: def.title, definition: JSON.stringify(def), source, published_by: publishedBy, published_at: now() });
      }
    }
  });
}

/** `conn`: pass the open transaction when inside one (SQLite's single pooled connection would wait on itself). */
export async function getWorkflowVersion(key: string, version: number, conn: Knex = db): Promise<WorkflowVersion | undefined> {
  const id = `${key}@${version}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await conn<Row>("workflow_versions").where({ key, version }).first();
  if (!row) return undefined;
  const v = toVersion(row);
  cache.set(id, v);
  return v;
}

/** The highest published version of `key`; `conn` as for getWorkflowVersion. */
export async function latestWorkflowVersion(key: string, conn: Knex = db): Promise<WorkflowVersion | undefined> {
  const row = await conn<Row>("workflow_versions").where({ key }).orderBy("version", "desc").first("version");
  return row ? getWorkflowVersion(key, row.version, conn) : undefined;
}
