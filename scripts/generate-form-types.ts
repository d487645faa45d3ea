// Writes app/models/form-types/<key>.ts for every built-in form (its latest version): the schema as an `as const` literal
// (local $refs inlined, since json-schema-to-ts only infers from literals) and its FromSchema type.
// `npm run forms:types` after editing forms/; a unit test fails while a mirror is out of date.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { latestForms, readBuiltInForms } from "../app/engine/forms/registry.server";
import { formTypeSources } from "../app/engine/forms/type-mirror";

export const MIRROR_DIR = path.resolve("app/models/form-types");

export function expectedMirrors(): Map<string, string> {
  return formTypeSources(latestForms(readBuiltInForms()));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  fs.mkdirSync(MIRROR_DIR, { recursive: true });
  for (const f of fs.readdirSync(MIRROR_DIR)) fs.rmSync(path.join(MIRROR_DIR, f));
  for (const [file, text] of expectedMirrors()) fs.writeFileSync(path.join(MIRROR_DIR, file), text);
  console.log(`wrote ${expectedMirrors().size} files to ${path.relative(process.cwd(), MIRROR_DIR)}`);
}
