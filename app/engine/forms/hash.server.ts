// The content hash of a form definition (sha256 of its canonical JSON): pins every submission to the
// exact definition it was filled against, and exposes a file edited without a new version. Server-only.
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export function hashDefinition(definition: unknown): string {
  return createHash("sha256").update(canonicalJson(definition)).digest("hex");
}
