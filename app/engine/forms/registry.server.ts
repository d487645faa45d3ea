// The form registry: built-in definitions from forms/*.json are synced into form_versions at start-up,
// and every reader goes through the table, so versions an administrator publishes later behave the same.
// A published (key, version) never changes: different content under the same number stops start-up.
import fs from "node:fs";
import path from "node:path";
import { db } from "~/utils/db.server";
import { now } from "~/utils/clock.server";
import { hashDefinition } from "./hash.server";
import type { FormDefinition } from "./validate";

export type FormVersion = { key: string; version: number; hash: string; title: string; definition: FormDefinition };
type Row = { key: string; version: number; hash: string; title: string; definition: string };

const cache = new Map<string, FormVersion>(); // immutable rows: safe to cache for the life of the process
const toVersion = (r: Row): FormVersion => ({ key: r.key, version: r.version, hash: r.hash, title: r.title, definition: JSON.parse(r.definition) });

export class DefinitionConflict extends Error {}

/** A built-in form file's name: `<key>.json` (the latest version) or `<key>.v<N>.json` (an earlier one kept). */
const FORM_FILE = /^([^/\\]+?)(?:\.v(\d+))?\.json$/;

/**
 * Reads forms/*.json: each `<key>.json` holds the latest built-in version of its form, and each
 * `<key>.v<N>.json` beside it an earlier version N kept unchanged, so that databases holding N (and
 * what is pinned to it) keep working once the plain file moves on. An error: a key that is not the
 * file's stem, a version that is not a positive integer, a `.v<N>` file whose version is not N, or an
 * old version not below the plain file's. Sorted by key, then version.
 */
export function readBuiltInForms(dir = path.resolve("forms")): FormDefinition[] {
  const defs = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((file) => {
    const def = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as FormDefinition;
    const [, stem, kept] = FORM_FILE.exec(file) ?? [];
    if (def.key !== stem) throw new Error(`forms/${file}: key "${def.key}" must equal the file name "${stem}"`);
    if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`forms/${file}: version must be a positive integer`);
    if (kept !== undefined && def.version !== Number(kept)) throw new Error(`forms/${file}: version ${def.version} must be ${Number(kept)}, as its name says`);
    return { def, kept: kept !== undefined, file };
  });
  for (const { def, kept, file } of defs) {
    const latest = defs.find((d) => !d.kept && d.def.key === def.key);
    if (kept && !latest) throw new Error(`forms/${file}: an earlier version needs its form's current file forms/${def.key}.json`);
    if (kept && latest && def.version >= latest.def.version) throw new Error(`forms/${file}: version ${def.version} must be below the current forms/${def.key}.json (version ${latest.def.version})`);
  }
  return defs.map((d) => d.def).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.version - b.version));
}

/** The latest version of each form among `defs` (e.g. readBuiltInForms' list), in key order. */
export function latestForms(defs: readonly FormDefinition[]): FormDefinition[] {
  const latest = new Map<string, FormDefinition>();
  for (const d of defs) if ((latest.get(d.key)?.version ?? 0) < d.version) latest.set(d.key, d);
  return [...latest.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Stores each definition's version unless it is stored already with the same content (a different content
 * under a stored version throws DefinitionConflict). `onlyNew`: an administrator's publish, which must add a
 * version — any stored one, even identical, throws DefinitionConflict (two publishes racing for one number).
 */
export async function syncFormDefinitions(defs: FormDefinition[], source = "builtin", publishedBy: number | null = null, opts: { onlyNew?: boolean } = {}): Promise<void> {
  await db.transaction(async (trx) => {
    for (const def of defs) {
      const hash = hashDefinition(def);
      const existing = await trx<Row>("form_versions").where({ key: def.key, version: def.version }).first();
      if (existing && (existing.hash !== hash || opts.onlyNew)) {
        throw new DefinitionConflict(`form ${def.key} v${def.version} differs from the published version (hash ${existing.hash.slice(0, 12)}…): publish it as a new version`);
      }
      if (!existing) {
        await trx("form_versions").insert({ key: def.key, version: def.version, hash, title: def.title, definition: JSON.stringify(def), source, published_by: publishedBy, published_at: now() });
      }
    }
  });
}

export async function getFormVersion(key: string, version: number): Promise<FormVersion | undefined> {
  const id = `${key}@${version}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await db<Row>("form_versions").where({ key, version }).first();
  if (!row) return undefined;
  const v = toVersion(row);
  cache.set(id, v);
  return v;
}

export async function latestFormVersion(key: string): Promise<FormVersion | undefined> {
  const row = await db<Row>("form_versions").where({ key }).orderBy("version", "desc").first("version");
  return row ? getFormVersion(key, row.version) : undefined;
}
